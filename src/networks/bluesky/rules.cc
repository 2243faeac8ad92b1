// Bluesky: at most 300 grapheme clusters and 3000 UTF-8 bytes; links, mentions and tags are
// not found by the server, the client must send them as facets with UTF-8 byte offsets.
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

constexpr std::size_t max_graphemes = 300;
constexpr std::size_t max_bytes = 3000;
constexpr std::size_t max_tag_graphemes = 64;

// A handle is a domain name: "alice.bsky.social", "example.com". Like Bluesky's own
// facet detection, the reserved ".test" domain counts too (development servers use it).
bool looks_like_handle(const Mention& mention) {
    auto dot = mention.name.rfind('.');
    if (dot == std::string::npos || dot + 1 >= mention.name.size()) return false;
    const auto top_level = mention.name.substr(dot + 1);
    return top_level == "test" || is_known_top_level_domain(top_level);
}

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

        std::vector<Facet> facets;
        auto bytes = [&](Span span) { return std::pair{text.byte_offset(span.begin), text.byte_offset(span.end)}; };
        const auto links = find_links(text, {BareDomains::links, LinkBoundary::space_or_parenthesis});
        for (const auto& link : links) {
            auto [start, end] = bytes(link.span);
            facets.push_back({"link", start, end, link.uri});
        }
        for (const auto& mention : find_mentions(text, {.dots_in_name = true, .remote_domain = false, .max_name_length = 253}, links)) {
            if (!looks_like_handle(mention)) {
                add_warning(check, "unknown_handle_format",
                            "@" + mention.name + " is not a Bluesky handle (handles look like name.bsky.social); it will not link.",
                            utf16_range(text, mention.span));
                continue;
            }
            auto [start, end] = bytes(mention.span);
            facets.push_back({"mention", start, end, mention.name});
        }
        const auto tags = find_hashtags(text, links);
        for (const auto& tag : tags) {
            ScannedText tag_text(tag.tag);
            if (tag_text.graphemes().size() > max_tag_graphemes) {
                add_warning(check, "hashtag_too_long", "Bluesky tags have at most 64 characters; this one will not link.",
                            utf16_range(text, tag.span));
                continue;
            }
            auto [start, end] = bytes(tag.span);
            facets.push_back({"tag", start, end, tag.tag});
        }
        std::sort(facets.begin(), facets.end(), [](const Facet& a, const Facet& b) { return a.byte_start < b.byte_start; });
        check.facets = std::move(facets);
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
