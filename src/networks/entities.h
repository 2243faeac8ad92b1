#pragma once
// Links, mentions and hashtags as the networks find them in text. The finders share one
// scanner; the differences between networks are parameters (does a bare "example.com"
// count as a link? may a mention carry a remote domain?), not copies.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "networks/text.h"

namespace chorus::networks {

struct Link {
    Span span;
    std::string text;     // as written
    std::string uri;      // with https:// added when it was written without a scheme
    bool has_scheme = false;
    // twitter-text's parseTweet skips as many UTF-16 units as the link's own text after its
    // start, not its span: they differ where an ASCII domain is cut out of a longer one
    // ("e.com/" in "e.com👍🏽日本.jp/"), and the rest of the span is counted as text. 0: the span.
    std::size_t counted_utf16 = 0;
};

struct Mention {
    Span span;                      // "@name" or "@name@domain"
    std::string name;               // without the @
    std::optional<std::string> domain;  // remote part, Mastodon style
    Span local_span;                // "@name" only
};

struct Hashtag {
    Span span;         // with the # sign
    std::string tag;   // without it
};

// A link over `span`; without a scheme its uri gets https://.
Link make_link(const ScannedText& text, Span span, bool has_scheme);

enum class BareDomains { not_links, links };

// What may stand right before a link. twitter-text (X, and Mastodon, which reuses its
// extractor) refuses only ASCII letters and digits, @ $ # and bidi controls — so a link
// right after CJK text is a link — and, for links without a scheme, also - _ . /.
// Bluesky's detector wants the start of the text, white space or "(".
// twitter-text's extractor as X runs it (JavaScript), as Mastodon's server runs it (the Ruby
// gem: the same expressions, another URL length rule), or links that run to a space.
enum class LinkBoundary { twitter_text, twitter_text_gem, space_or_parenthesis };

struct LinkSyntax {
    BareDomains bare_domains = BareDomains::links;
    LinkBoundary boundary = LinkBoundary::twitter_text;
};

std::vector<Link> find_links(const ScannedText& text, LinkSyntax syntax);

struct MentionSyntax {
    bool dots_in_name = false;   // Bluesky handles are domains; Instagram names may hold dots
    bool remote_domain = false;  // Mastodon's @user@instance
    std::size_t max_name_length = 64;
};
// Mentions that overlap a link are not mentions.
std::vector<Mention> find_mentions(const ScannedText& text, MentionSyntax syntax, const std::vector<Link>& links);

// Hashtags in any script: letters, marks, numbers and "_", with at least one non-number.
std::vector<Hashtag> find_hashtags(const ScannedText& text, const std::vector<Link>& links);

bool is_known_top_level_domain(std::string_view label);  // case-insensitive for ASCII
std::span<const std::string_view> known_top_level_domains();  // sorted, lower case

}  // namespace chorus::networks
