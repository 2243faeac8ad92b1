// Bluesky: at most 300 grapheme clusters and 3000 UTF-8 bytes; links, mentions and tags are
// not found by the server, the client must send them as facets with UTF-8 byte offsets
// (bluesky/facets.h finds them as the Bluesky app does).
#include "networks/bluesky/facets.h"
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

constexpr std::size_t max_graphemes = 300;
constexpr std::size_t max_bytes = 3000;

class BlueskyRules final : public NetworkRules {
public:
    std::string_view name() const override { return "bluesky"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 4;
        media.max_videos = 1;
        media.max_image_bytes = 1'000'000;
        media.max_video_bytes = 100'000'000;
        media.max_video_seconds = 180;
        media.max_image_pixels_per_side = 2000;
        return media;
    }

    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings&) const override {
        Check check = new_check(*this);
        // graphemes_through[i]: how many grapheme clusters have begun by code point i.
        std::vector<std::size_t> graphemes_through(text.size(), 0);
        std::size_t count = 0;
        for (const auto& cluster : text.graphemes()) {
            ++count;
            for (std::size_t k = cluster.begin; k < cluster.end; ++k) graphemes_through[k] = count;
        }
        apply_length_limit(check, text, count, max_graphemes, "graphemes", [&](std::size_t i) { return graphemes_through[i]; });
        if (text.byte_length() > max_bytes) {
            std::size_t first_over = 0;
            while (first_over < text.size() && text.byte_offset(first_over + 1) <= max_bytes) ++first_over;
            add_error(check, "too_many_bytes",
                      "This is " + std::to_string(text.byte_length()) + " bytes of UTF-8; Bluesky allows " +
                          std::to_string(max_bytes) + ".",
                      utf16_range(text, {first_over, text.size()}));
        }
        require_text_or_media(check, text, draft, "Bluesky");

        // Facets exactly as the Bluesky app would find them in the same text.
        auto rich = bluesky::detect_rich_text(text);
        for (const auto& span : rich.unlinked_mentions)
            add_warning(check, "unknown_handle_format",
                        text.slice(span) + " is not a Bluesky handle (handles look like name.bsky.social); it will not link.",
                        utf16_range(text, span));
        for (const auto& span : rich.overlong_tags)
            add_warning(check, "hashtag_too_long", "Bluesky tags have at most 64 characters (and 640 bytes); this one will not link.",
                        utf16_range(text, span));
        std::vector<Hashtag> tags;
        for (const auto& span : rich.tags) tags.push_back({span, text.slice({span.begin + 1, span.end})});
        check.facets = std::move(rich.facets);
        warn_hashtags_over(check, text, tags, 3);

        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& bluesky_rules() {
    static const BlueskyRules rules;
    return rules;
}

}  // namespace chorus::networks
