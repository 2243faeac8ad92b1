// Instagram (professional accounts, Graph API): a caption of at most 2,200 characters with at
// most 30 hashtags and 20 @mentions — more makes the media container fail — and at least
// one image or video (a carousel holds up to 10).
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

constexpr std::size_t max_hashtags = 30;
constexpr std::size_t max_mentions = 20;

class InstagramRules final : public NetworkRules {
public:
    std::string_view name() const override { return "instagram"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.media_required = true;
        media.max_images = 10;
        media.max_videos = 10;
        media.images_and_video_mix = true;  // a carousel may mix them
        media.max_image_bytes = 8'000'000;
        media.image_types = {"image/jpeg"};  // "JPEG is the only image format supported" (content publishing guide)
        media.max_video_bytes = 300'000'000;
        media.max_video_seconds = 15 * 60;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        limit_code_points(check, text, 2200);
        const auto links = find_links(text, {});
        const auto tags = find_hashtags(text, links);
        if (tags.size() > max_hashtags)
            add_error(check, "too_many_hashtags",
                      std::to_string(tags.size()) + " hashtags; Instagram allows at most " + std::to_string(max_hashtags) + ".",
                      utf16_range(text, {tags[max_hashtags].span.begin, tags.back().span.end}));
        const auto mentions = find_mentions(text, {.dots_in_name = true, .remote_domain = false, .max_name_length = 30}, links);
        if (mentions.size() > max_mentions)
            add_error(check, "too_many_mentions",
                      std::to_string(mentions.size()) + " @mentions; Instagram allows at most " + std::to_string(max_mentions) + ".",
                      utf16_range(text, {mentions[max_mentions].span.begin, mentions.back().span.end}));
        for (const auto& link : links)
            add_warning(check, "link_not_clickable", "Links in Instagram captions are not clickable.", utf16_range(text, link.span));
        check_media(check, draft, media_limits());
        if (draft.media.size() > 10)
            add_error(check, "too_many_attachments", "An Instagram carousel holds at most 10 images and videos.");
        return check;
    }
};

}  // namespace

const NetworkRules& instagram_rules() {
    static const InstagramRules rules;
    return rules;
}

}  // namespace chorus::networks
