// X (Twitter): twitter-text v3 weighted length. Text is NFC-normalised; each code point in
// the v3 ranges weighs 100, everything else 200 (scale 100, limit 280 × 100); every link,
// with or without scheme, weighs 23 × 100; each emoji sequence twemoji-parser 11 knows
// weighs 200.
#include <algorithm>
#include <array>
#include <optional>

#include "networks/rule_helpers.h"
#include "networks/x/twemoji.h"

namespace chorus::networks {
namespace {

constexpr std::size_t scale = 100;
constexpr std::size_t max_weighted_length = 280;
constexpr std::size_t default_weight = 200;
constexpr std::size_t transformed_url_length = 23;
struct WeightRange {
    char32_t first, last;
    std::size_t weight;
};
constexpr std::array<WeightRange, 4> v3_ranges{{{0, 4351, 100}, {8192, 8205, 100}, {8208, 8223, 100}, {8242, 8247, 100}}};

std::size_t weight_of(char32_t c) {
    for (const auto& range : v3_ranges)
        if (c >= range.first && c <= range.last) return range.weight;
    return default_weight;
}

bool is_invalid_character(char32_t c) { return c == 0xFFFE || c == 0xFEFF || c == 0xFFFF; }

class XRules final : public NetworkRules {
public:
    std::string_view name() const override { return "x"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 4;
        media.max_videos = 1;
        media.max_image_bytes = 5'000'000;
        media.max_video_bytes = 512'000'000;
        media.max_video_seconds = 140;
        return media;
    }

    Check check(const Draft& draft, const ScannedText& original, const NetworkSettings&) const override {
        Check check = new_check(*this);
        // Almost all text arrives already in NFC: scan it again only when normalising changed it.
        std::string nfc = normalise_nfc(original.utf8());
        std::optional<ScannedText> normalised;
        if (nfc != original.utf8()) normalised.emplace(std::move(nfc));
        const ScannedText& text = normalised ? *normalised : original;
        const auto links = find_links(text, {BareDomains::links, LinkBoundary::twitter_text});

        // weight_through[i]: weighted length (× scale) of the text up to and including code point i.
        std::vector<std::size_t> weight_through(text.size(), 0);
        std::size_t total = 0, next_link = 0;
        for (std::size_t i = 0; i < text.size();) {
            Span unit{i, i + 1};
            if (next_link < links.size() && links[next_link].span.begin == i) {
                const auto& link = links[next_link++];
                unit = link.span;
                total += transformed_url_length * scale;
                if (link.counted_utf16) {
                    // Only the link's own text is skipped; the rest of its span counts as text
                    // (an astral character cut in two counts its second half alone).
                    const std::size_t stop = text.utf16_offset(i) + link.counted_utf16;
                    unit.end = i;
                    while (unit.end < link.span.end && text.utf16_offset(unit.end + 1) <= stop) ++unit.end;
                    if (unit.end < link.span.end && text.utf16_offset(unit.end) < stop) {
                        ++unit.end;
                        total += default_weight;
                    }
                }
            } else if (auto emoji = twemoji_sequence_at(text, i); emoji > 0) {
                unit = {i, i + emoji};
                total += default_weight;
            } else {
                total += weight_of(text.at(i));
            }
            for (std::size_t k = unit.begin; k < unit.end; ++k) weight_through[k] = total;
            i = unit.end;
        }
        apply_length_limit(check, text, total / scale, max_weighted_length, "weighted characters",
                           [&](std::size_t i) { return weight_through[i] / scale; });
        if (text.size() == 0) add_error(check, "empty", "A post on X needs some text.");
        for (std::size_t i = 0; i < text.size(); ++i)
            if (is_invalid_character(text.at(i)))
                add_error(check, "invalid_character", "X refuses this invisible character (U+FFFE, U+FEFF or U+FFFF).",
                          utf16_range(text, {i, i + 1}));

        for (const auto& link : links)
            add_warning(check, "link_counted_as_23",
                        "X shortens this link: it counts as " + std::to_string(transformed_url_length) + " characters.",
                        utf16_range(text, link.span));
        for (const auto& mention : find_mentions(text, {.dots_in_name = false, .remote_domain = false, .max_name_length = 64}, links))
            if (mention.name.size() > 15)
                add_warning(check, "unknown_handle_format", "X usernames have at most 15 characters; @" + mention.name +
                                                                " will not link to an account.",
                            utf16_range(text, mention.span));
        warn_hashtags_over(check, text, find_hashtags(text, links), 2);

        check_media(check, draft, media_limits());
        return check;
    }
};

}  // namespace

const NetworkRules& x_rules() {
    static const XRules rules;
    return rules;
}

}  // namespace chorus::networks
