// TikTok Content Posting API: a video, or a photo post of 1–35 images; never text alone.
// A video's caption has at most 2,200 UTF-16 code units (JavaScript's .length: an emoji
// outside the BMP costs 2); a photo post has a description of up to 4,000 and a title of up
// to 90 (content/init's post_info).
#include <algorithm>

#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

constexpr std::size_t video_caption_limit = 2200;
constexpr std::size_t photo_description_limit = 4000;
constexpr std::size_t photo_title_limit = 90;

bool is_photo_post(const Draft& draft) {
    return !draft.media.empty() &&
           std::all_of(draft.media.begin(), draft.media.end(), [](const MediaFacts& media) { return media.kind == MediaFacts::Kind::image; });
}

class TikTokRules final : public NetworkRules {
public:
    std::string_view name() const override { return "tiktok"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.media_required = true;
        media.max_videos = 1;
        media.max_images = 35;
        media.max_image_bytes = 20'000'000;
        media.max_image_pixels_per_side = 1920;  // 1080 × 1920 portrait or 1920 × 1080 landscape
        media.image_types = {"image/jpeg"};      // TikTok refuses PNG photos; renditions convert
        media.max_video_bytes = 4'000'000'000;
        // The creator's own limit (creator_info's max_video_post_duration_sec) is checked when
        // publishing; ten minutes is the longest TikTok grants through the API.
        media.max_video_seconds = 10 * 60;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        const bool photos = is_photo_post(draft);
        limit_utf16(check, text, photos ? photo_description_limit : video_caption_limit);
        if (draft.title && !draft.title->empty()) {
            if (!photos)
                add_warning(check, "title_unused", "A TikTok video has no title: its caption is the post's text.");
            else if (ScannedText(*draft.title).utf16_length() > photo_title_limit)
                add_error(check, "title_too_long", "A TikTok photo post's title has at most 90 characters.");
        }
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
