// TikTok Content Posting API: a video with a caption of at most 2,200 UTF-16 code units
// (JavaScript's .length: an emoji outside the BMP costs 2).
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

class TikTokRules final : public NetworkRules {
public:
    std::string_view name() const override { return "tiktok"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.video_required = true;
        media.max_videos = 1;
        media.max_video_seconds = 10 * 60;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        limit_utf16(check, text, 2200);
        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& tiktok_rules() {
    static const TikTokRules rules;
    return rules;
}

}  // namespace chorus::networks
