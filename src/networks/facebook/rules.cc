// Facebook Pages: a message of up to 63,206 characters; photos or one video, not both.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

class FacebookRules final : public NetworkRules {
public:
    std::string_view name() const override { return "facebook"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 10;
        media.max_videos = 1;
        media.max_image_bytes = 10'000'000;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        limit_utf16(check, text, 63'206);
        require_text_or_media(check, text, draft, "Facebook");
        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& facebook_rules() {
    static const FacebookRules rules;
    return rules;
}

}  // namespace chorus::networks
