#include "networks/bluesky/facets.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <cctype>
#include <optional>
#include <string_view>

namespace chorus::networks::bluesky {
namespace {

constexpr std::string_view top_level_domains[] = {  // sorted, lower case, none with a dot
#include "networks/bluesky/tlds.inc"
};
constexpr std::size_t max_tag_graphemes = 64;
constexpr std::size_t max_tag_bytes = 640;

// JavaScript's \s (and what String.prototype.trim removes).
bool js_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}
bool line_terminator(char32_t c) { return c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029; }
bool ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool ascii_alnum(char32_t c) { return ascii_alpha(c) || ascii_digit(c); }
bool word_char(char32_t c) { return ascii_alnum(c) || c == '_'; }  // \b without the u flag
// \p{P} as the Node that runs the reference knows it (Unicode 17), not utf8proc's older
// tables: a tag that ends in a newer punctuation mark ends before it in the app.
constexpr std::pair<char32_t, char32_t> punctuation_ranges[] = {
#include "networks/bluesky/punctuation.inc"
};
bool punctuation(char32_t c) {
    auto after = std::upper_bound(std::begin(punctuation_ranges), std::end(punctuation_ranges), c,
                                  [](char32_t value, const auto& range) { return value < range.first; });
    return after != std::begin(punctuation_ranges) && c <= std::prev(after)->second;
}
// What TAG_REGEX never takes into a tag: white space and the invisible characters it names.
bool tag_char(char32_t c) {
    return !js_space(c) && c != 0xAD && c != 0x2060 && c != 0x200B && c != 0x200C && c != 0x200D && c != 0x20E2;
}
// A tag needs one of these: not a digit, not punctuation.
bool tag_letter(char32_t c) { return tag_char(c) && !ascii_digit(c) && !punctuation(c); }

// isValidDomain: ends with "." and a TLD, compared as it is (upper case is no TLD).
bool valid_domain(std::string_view domain) {
    const auto dot = domain.rfind('.');
    return dot != std::string_view::npos &&
           std::binary_search(std::begin(top_level_domains), std::end(top_level_domains), domain.substr(dot + 1));
}

// The lexicon's "uri" format (@atproto/syntax isValidUri): /^\w+:(?:\/\/)?[^\s/][^\s]*$/.
bool valid_uri(std::string_view uri) {
    std::size_t i = 0;
    while (i < uri.size() && (std::isalnum(static_cast<unsigned char>(uri[i])) || uri[i] == '_')) ++i;
    if (i == 0 || i >= uri.size() || uri[i] != ':') return false;
    std::string_view rest = uri.substr(i + 1);
    if (rest.starts_with("//") && rest.size() > 2 && rest[2] != '/') rest.remove_prefix(2);
    // A link never holds white space: only the first character's rule is left to check.
    return !rest.empty() && rest.front() != '/';
}

class Scanner {
public:
    explicit Scanner(const ScannedText& text) : text_(text), n_(text.size()) {}

    char32_t at(std::size_t i) const { return text_.at(i); }
    std::size_t size() const { return n_; }
    std::string slice(std::size_t begin, std::size_t end) const {
        return text_.utf8().substr(text_.byte_offset(begin), text_.byte_offset(end) - text_.byte_offset(begin));
    }
    Facet facet(std::string kind, std::size_t begin, std::size_t end, std::string value) const {
        return {std::move(kind), text_.byte_offset(begin), text_.byte_offset(end), std::move(value)};
    }

    // A regular expression's exec() with the g flag: from `from`, the first position where
    // one of the leading alternatives, tried in order, lets `rest` match. `rest` gets the
    // position after the leading part and returns where the match ends, or nothing.
    template <typename Rest>
    std::optional<std::pair<std::size_t, std::size_t>> exec(std::size_t from, bool caret_after_lines, bool after_parenthesis,
                                                             Rest rest) const {
        for (std::size_t p = from; p <= n_; ++p) {
            const bool caret = p == 0 || (caret_after_lines && line_terminator(at(p - 1)));
            if (caret)
                if (auto end = rest(p)) return std::pair{p, *end};
            if (p < n_ && (js_space(at(p)) || (after_parenthesis && at(p) == '(')))
                if (auto end = rest(p + 1)) return std::pair{p + 1, *end};
        }
        return std::nullopt;
    }

private:
    const ScannedText& text_;
    std::size_t n_;
};

// MENTION_REGEX /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g
void find_mentions(const Scanner& s, RichText& out) {
    std::size_t from = 0;
    while (auto match = s.exec(from, false, true, [&](std::size_t q) -> std::optional<std::size_t> {
               if (s.at(q) != '@' || q >= s.size()) return std::nullopt;
               std::size_t r = q + 1;
               while (r < s.size() && (ascii_alnum(s.at(r)) || s.at(r) == '.' || s.at(r) == '-')) ++r;
               for (std::size_t e = r; e > q + 1; --e)  // backtracks to a word boundary
                   if (word_char(s.at(e - 1)) != (e < s.size() && word_char(s.at(e)))) return e;
               return std::nullopt;
           })) {
        const auto [at, end] = *match;
        from = end;
        const auto handle = s.slice(at + 1, end);
        if (!valid_domain(handle) && !handle.ends_with(".test")) {
            out.unlinked_mentions.push_back({at, end});
            continue;
        }
        out.facets.push_back(s.facet("mention", at, end, handle));
    }
}

// URL_REGEX /(^|\s|\()((https?:\/\/[\S]+)|((?<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)[\S]*))/gim
void find_links(const Scanner& s, RichText& out) {
    std::size_t from = 0;
    std::optional<std::pair<std::size_t, std::size_t>> domain;
    auto non_space_run = [&](std::size_t i) {
        while (i < s.size() && !js_space(s.at(i))) ++i;
        return i;
    };
    auto url = [&](std::size_t q) -> std::optional<std::size_t> {
        domain.reset();
        auto lower = [&](std::size_t i) { return s.at(i) >= 'A' && s.at(i) <= 'Z' ? s.at(i) + 32 : s.at(i); };
        if (q + 4 <= s.size() && lower(q) == 'h' && lower(q + 1) == 't' && lower(q + 2) == 't' && lower(q + 3) == 'p') {
            std::size_t i = q + 4;
            if (lower(i) == 's') ++i;
            if (s.at(i) == ':' && s.at(i + 1) == '/' && s.at(i + 2) == '/' && i + 3 < s.size() && !js_space(s.at(i + 3)))
                return non_space_run(i + 3);
        }
        if (q >= s.size() || !ascii_alpha(s.at(q))) return std::nullopt;
        std::size_t i = q + 1;
        while (i < s.size() && ascii_alnum(s.at(i))) ++i;
        bool labelled = false;
        while (i + 1 < s.size() && s.at(i) == '.' && ascii_alnum(s.at(i + 1))) {
            i += 2;
            while (i < s.size() && ascii_alnum(s.at(i))) ++i;
            labelled = true;
        }
        if (!labelled) return std::nullopt;
        domain = std::pair{q, i};
        return non_space_run(i);
    };
    while (auto match = s.exec(from, true, true, url)) {
        auto [start, end] = *match;
        from = end;
        std::string uri = s.slice(start, end);
        if (domain) {
            // The app takes any bare domain that starts with "http" ("httpbin.org") for one
            // with a scheme, and sends it without one, which the server refuses as no URI.
            if (!valid_domain(s.slice(domain->first, domain->second))) continue;
            uri = "https://" + uri;
        } else if (!uri.starts_with("http")) {
            continue;  // "HTTPS://…": upper case is no scheme to the app
        }
        // Trailing punctuation is left out: one of .,;:!? and then a ")" without its "(".
        if (std::string_view(".,;:!?").find(uri.back()) != std::string_view::npos) {
            uri.pop_back();
            --end;
        }
        if (uri.back() == ')' && uri.find('(') == std::string::npos) {
            uri.pop_back();
            --end;
        }
        if (!valid_uri(uri)) continue;  // "https://)" is "https://" now: the server would refuse it
        out.facets.push_back(s.facet("link", start, end, uri));
    }
}

// TAG_REGEX /(^|\s)[#＃]((?!\ufe0f)[^\s…]*[^\d\s\p{P}…]+[^\s…]*)?/gu, then the tag trimmed of
// trailing punctuation.
void find_tags(const Scanner& s, RichText& out) {
    std::size_t from = 0;
    std::optional<std::pair<std::size_t, std::size_t>> body;
    auto tag = [&](std::size_t q) -> std::optional<std::size_t> {
        body.reset();
        if (q >= s.size() || (s.at(q) != '#' && s.at(q) != U'＃')) return std::nullopt;
        if (s.at(q + 1) == 0xFE0F) return q + 1;  // the optional group cannot start there
        std::size_t r = q + 1;
        bool letter = false;
        while (r < s.size() && tag_char(s.at(r))) letter |= tag_letter(s.at(r++));
        if (!letter) return q + 1;
        body = std::pair{q + 1, r};
        return r;
    };
    while (auto match = s.exec(from, false, false, tag)) {
        from = match->second;
        if (!body) continue;
        const std::size_t hash = body->first - 1;
        std::size_t end = body->second;
        while (end > body->first && punctuation(s.at(end - 1))) --end;
        const auto value = s.slice(body->first, end);
        // The lexicon allows 64 graphemes, and 640 bytes (64 family emoji are more).
        if (value.size() > max_tag_bytes || ScannedText(value).graphemes().size() > max_tag_graphemes) {
            out.overlong_tags.push_back({hash, end});
            continue;
        }
        out.tags.push_back({hash, end});
        out.facets.push_back(s.facet("tag", hash, end, value));
    }
}

// CASHTAG_REGEX /(^|\s|\()\$([A-Za-z][A-Za-z0-9]{0,4})(?=\s|$|[.,;:!?)"'\u2019])/gu
void find_cashtags(const Scanner& s, RichText& out) {
    std::size_t from = 0;
    auto cashtag = [&](std::size_t q) -> std::optional<std::size_t> {
        if (q >= s.size() || s.at(q) != '$' || !ascii_alpha(s.at(q + 1))) return std::nullopt;
        std::size_t r = q + 1;
        while (r < s.size() && ascii_alnum(s.at(r))) ++r;
        // Backtracking to fewer letters would leave one more before the lookahead.
        if (r - (q + 1) > 5) return std::nullopt;
        const char32_t next = s.at(r);
        if (r == s.size() || js_space(next) || std::u32string_view(U".,;:!?)\"'\u2019").find(next) != std::u32string_view::npos)
            return r;
        return std::nullopt;
    };
    while (auto match = s.exec(from, false, true, cashtag)) {
        const auto [dollar, end] = *match;
        from = end;
        std::string ticker = s.slice(dollar + 1, end);
        std::transform(ticker.begin(), ticker.end(), ticker.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
        out.facets.push_back(s.facet("tag", dollar, end, "$" + ticker));
    }
}

}  // namespace

RichText detect_rich_text(const ScannedText& text) {
    const Scanner scanner(text);
    RichText out;
    find_mentions(scanner, out);
    find_links(scanner, out);
    find_tags(scanner, out);
    find_cashtags(scanner, out);
    std::stable_sort(out.facets.begin(), out.facets.end(), [](const Facet& a, const Facet& b) { return a.byte_start < b.byte_start; });
    return out;
}

}  // namespace chorus::networks::bluesky
