// Pinterest pins: title up to 100 characters, description up to 800 (API v5's pin
// schema), an image, 2–5 images or a video, and a destination link of at most 2,048 characters.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

class PinterestRules final : public NetworkRules {
public:
    std::string_view name() const override { return "pinterest"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.media_required = true;
        media.max_images = 5;
        media.max_videos = 1;
        media.max_image_bytes = 20'000'000;
        media.max_video_seconds = 15 * 60;
        media.image_types = {"image/jpeg", "image/png"};  // what image_base64 takes
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        limit_code_points(check, text, 800);
        if (draft.title && ScannedText(*draft.title).size() > 100)
            add_error(check, "title_too_long", "A pin title has at most 100 characters.");
        // The destination link is optional (a pin without one opens its image).
        if (draft.link && !draft.link->empty()) {
            ScannedText link(*draft.link);
            auto found = find_links(link, {});
            if (found.size() != 1 || found[0].span.size() != link.size())
                add_error(check, "invalid_link", "The destination link must be one web address, like https://example.com/page.");
            else if (draft.link->size() > 2048)
                add_error(check, "link_too_long", "A pin's link has at most 2,048 characters.");
        }
        check_media(check, draft, media_limits());
        for (std::size_t i = 0; i < draft.media.size(); ++i)
            if (ScannedText(draft.media[i].alt_text).size() > 500)
                add_error(check, "alt_text_too_long", "Alt text on Pinterest has at most 500 characters (attachment " +
                                                          std::to_string(i + 1) + ").");
        return check;
    }
};

}  // namespace

const NetworkRules& pinterest_rules() {
    static const PinterestRules rules;
    return rules;
}

}  // namespace chorus::networks
