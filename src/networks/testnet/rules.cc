// Testnet: the generic network the fault-injecting fake speaks (tests, demos, benchmarks).
// Plain rules so that tests about the engine are not tests about a network's counting:
// 500 code points, up to four images (1 MB, 2048 px a side) or one video.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

class TestnetRules final : public NetworkRules {
public:
    std::string_view name() const override { return "testnet"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 4;
        media.max_videos = 1;
        media.max_image_bytes = 1'000'000;  // small, like Bluesky's, so renditions are exercised
        media.max_image_pixels_per_side = 2048;
        return media;
    }

    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        limit_code_points(check, text, 500);
        require_text_or_media(check, text, draft, "Testnet");
        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& testnet_rules() {
    static const TestnetRules rules;
    return rules;
}

}  // namespace chorus::networks
