// Threads: 500 characters, where Meta's documentation says emoji count by their UTF-8 byte
// length; we count that way (conservative). A post previews one link: the first.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

constexpr std::size_t max_characters = 500;
constexpr std::size_t max_links = 5;  // documented elsewhere as unverified; keep the refusal honest

class ThreadsRules final : public NetworkRules {
public:
    std::string_view name() const override { return "threads"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 20;
        media.max_videos = 20;
        media.images_and_video_mix = true;
        media.max_image_bytes = 8'000'000;
        media.max_video_bytes = 1'000'000'000;
        media.max_video_seconds = 300;
        return media;
    }
    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        std::vector<std::size_t> count_through(text.size(), 0);
        std::size_t count = 0;
        for (const auto& cluster : text.graphemes()) {
            const bool emoji = is_emoji_cluster(text, cluster);
            for (std::size_t k = cluster.begin; k < cluster.end; ++k) {
                count += emoji ? text.byte_offset(k + 1) - text.byte_offset(k) : 1;
                count_through[k] = count;
            }
        }
        apply_length_limit(check, text, count, max_characters, "characters", [&](std::size_t i) { return count_through[i]; });
        require_text_or_media(check, text, draft, "Threads");
        const auto links = find_links(text, {});
        if (links.size() > max_links)
            add_error(check, "too_many_links", "Threads takes at most " + std::to_string(max_links) + " links per post.",
                      utf16_range(text, links[max_links].span));
        if (links.size() > 1 && draft.media.empty())
            add_warning(check, "only_first_link_previewed", "Threads shows a preview for the first link only.",
                        utf16_range(text, links[1].span));
        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& threads_rules() {
    static const ThreadsRules rules;
    return rules;
}

}  // namespace chorus::networks
