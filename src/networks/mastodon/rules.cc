// Mastodon: grapheme clusters, after the server's own substitutions — every http(s) link
// counts as characters_reserved_per_url (23 by default) and a remote mention @user@domain
// counts only as @user. The limit is the instance's (500 by default).
#include "networks/rule_helpers.h"

namespace chorus::networks {
namespace {

constexpr std::size_t default_max_characters = 500;

class MastodonRules final : public NetworkRules {
public:
    std::string_view name() const override { return "mastodon"; }

    MediaLimits media_limits() const override {
        MediaLimits media;
        media.max_images = 4;
        media.max_videos = 1;
        media.max_image_bytes = 16'000'000;
        media.max_video_bytes = 99'000'000;
        return media;
    }

    Check check(const Draft& draft, const ScannedText& text, const NetworkSettings& settings) const override {
        Check check = new_check(*this);
        const auto links = find_links(text, {BareDomains::not_links, LinkBoundary::twitter_text_gem});
        const auto mentions = find_mentions(text, {.dots_in_name = false, .remote_domain = true, .max_name_length = 30}, links);

        std::vector<std::size_t> count_through(text.size(), 0);
        std::size_t count = 0, next_link = 0, next_mention = 0;
        for (std::size_t i = 0; i < text.size();) {
            Span unit{i, i + 1};
            if (next_link < links.size() && links[next_link].span.begin == i) {
                unit = links[next_link++].span;
                count += settings.mastodon_characters_per_url;
            } else if (next_mention < mentions.size() && mentions[next_mention].span.begin == i) {
                const auto& mention = mentions[next_mention++];
                unit = mention.span;
                count += mention.local_span.size();  // "@user": ASCII, one grapheme per code point
            } else {
                unit = text.grapheme_at(i).value_or(unit);
                count += 1;
            }
            for (std::size_t k = unit.begin; k < unit.end; ++k) count_through[k] = count;
            i = unit.end;
        }
        apply_length_limit(check, text, count, settings.mastodon_max_characters.value_or(default_max_characters), "characters",
                           [&](std::size_t i) { return count_through[i]; });
        require_text_or_media(check, text, draft, "Mastodon");
        for (const auto& link : links)
            add_warning(check, "link_counted_as_23",
                        "Mastodon counts every link as " + std::to_string(settings.mastodon_characters_per_url) +
                            " characters, whatever its length.",
                        utf16_range(text, link.span));

        // The instance says what it takes; the defaults are vanilla Mastodon's.
        auto limits = media_limits();
        if (settings.mastodon_max_media) limits.max_images = *settings.mastodon_max_media;
        if (settings.mastodon_max_image_bytes) limits.max_image_bytes = *settings.mastodon_max_image_bytes;
        if (settings.mastodon_max_video_bytes) limits.max_video_bytes = *settings.mastodon_max_video_bytes;
        check_media(check, draft, limits);
        return check;
    }
};

}  // namespace

const NetworkRules& mastodon_rules() {
    static const MastodonRules rules;
    return rules;
}

}  // namespace chorus::networks
