// LinkedIn Posts API: commentary up to 3,000 characters (counted here per code point, the
// conservative reading while LinkedIn's unit is unverified). Reserved "little text"
// characters are escaped by the connector, so they need no warning here.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

class LinkedInRules final : public NetworkRules {
public:
    std::string_view name() const override { return "linkedin"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 20;
        media.max_videos = 1;
        media.max_video_seconds = 15 * 60;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        limit_code_points(check, text, 3000);
        require_text_or_media(check, text, draft, "LinkedIn");
        warn_hashtags_over(check, text, find_hashtags(text, find_links(text, {})), 5);
        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& linkedin_rules() {
    static const LinkedInRules rules;
    return rules;
}

}  // namespace chorus::networks
