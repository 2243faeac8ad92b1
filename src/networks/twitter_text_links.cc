// A port of twitter-text's URL extraction (regexp/extractUrl.js and extractUrlsWithIndices.js).
// The regex is
//     (preceding char)(https?://)?(domain)(:port)?(/path)?(\?query)?
// matched globally left to right; each function below is one of its parts, written as a
// scanner that makes the same choices the regex engine makes (greedy, with the backtracking
// noted where it matters). The reference values of tests/fixtures/rules/x.json and the
// differential test in scripts/test hold it to twitter-text's answers.
#include "networks/twitter_text_links.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_set>

namespace chorus::networks {
namespace {

constexpr std::size_t max_tco_slug_length = 40;

bool is_cyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }

// regexp/punct.js: note that '"' and '`' are not in it.
bool is_punct(char32_t c) {
    static const auto table = [] {
        std::array<bool, 128> t{};
        for (char p : std::string_view("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$")) t[static_cast<unsigned char>(p)] = true;
        return t;
    }();
    return c < 128 && table[c];
}
bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
bool is_invalid(char32_t c) { return c == 0xFFFE || c == 0xFEFF || c == 0xFFFF; }
bool is_directional(char32_t c) {
    return (c >= 0x202A && c <= 0x202E) || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x2066 && c <= 0x2069);
}
// validDomainChars: anything but punctuation, space, invalid and directional characters.
bool is_domain_char(char32_t c) { return c != 0 && !is_punct(c) && !is_space(c) && !is_invalid(c) && !is_directional(c); }

// validUrlPrecedingChars
bool may_precede(char32_t c) {
    if (is_directional(c)) return true;
    return !(is_ascii_alnum(c) || c == '@' || c == 0xFF20 || c == '$' || c == '#' || c == 0xFF03 || is_invalid(c));
}

const std::unordered_set<std::string_view>& twitter_tlds() {
    static const char* const all[] = {
#include "networks/twitter_text_tlds.inc"
    };
    static const std::unordered_set<std::string_view> set(std::begin(all), std::end(all));
    return set;
}

// A top-level domain at `at` that ends before `limit`, followed by nothing in [0-9a-z@+-]
// (the list's look-ahead), or a punycode one (no look-ahead). Returns its end.
std::optional<std::size_t> match_tld(const ScannedText& text, std::size_t at, std::size_t limit) {
    auto outside_lookahead = [&](std::size_t k) {
        if (k >= limit) return true;
        const char32_t c = text.at(k);
        return !(is_ascii_alnum(c) || c == '@' || c == '+' || c == '-');
    };
    std::string lowered;
    if (at < limit && is_ascii_alnum(text.at(at))) {
        // An ASCII top-level domain must end where the run of letters and digits ends: a
        // shorter one would be followed by a letter or digit, which the look-ahead refuses.
        std::size_t end = at;
        while (end < limit && is_ascii_alnum(text.at(end))) lowered.push_back(static_cast<char>(ascii_lower(text.at(end++))));
        if (twitter_tlds().count(lowered) && outside_lookahead(end)) return end;
        lowered.clear();
    }
    for (std::size_t length = 1; length <= 24 && at + length <= limit && !is_ascii_alnum(text.at(at)); ++length) {
        const char32_t c = text.at(at + length - 1);
        if (c < 0x80) lowered.push_back(static_cast<char>(ascii_lower(c)));
        else lowered += text.slice({at + length - 1, at + length});
        if (twitter_tlds().count(lowered) && outside_lookahead(at + length)) return at + length;
    }
    if (at + 4 < limit && ascii_lower(text.at(at)) == 'x' && ascii_lower(text.at(at + 1)) == 'n' && text.at(at + 2) == '-' &&
        text.at(at + 3) == '-') {
        std::size_t k = at + 4;
        while (k < limit && (is_ascii_alnum(text.at(k)) || text.at(k) == '-')) ++k;
        if (k > at + 4) return k;
    }
    return std::nullopt;
}

// Where each run of label characters (domain characters, "-" and "_") ends, and how many
// underscores come before each position: computed once per text so that trying a domain at
// every position stays linear — a long paragraph without ASCII punctuation (Japanese, say)
// would otherwise be rescanned from every one of its characters.
struct LabelIndex {
    std::vector<std::size_t> run_end;      // first position at or after i that is not a label character
    std::vector<std::size_t> underscores;  // underscores in [0, i)

    explicit LabelIndex(const ScannedText& text) : run_end(text.size() + 1), underscores(text.size() + 1, 0) {
        run_end[text.size()] = text.size();
        for (std::size_t i = text.size(); i-- > 0;) {
            const char32_t c = text.at(i);
            run_end[i] = (is_domain_char(c) || c == '-' || c == '_') ? run_end[i + 1] : i;
        }
        for (std::size_t i = 0; i < text.size(); ++i) underscores[i + 1] = underscores[i] + (text.at(i) == '_');
    }
};

// validDomain = validSubdomain* validDomainName TLD, greedy: the rightmost workable dot wins.
// Subdomain labels may hold "_" and "-", the domain name label only "-"; each starts and
// ends with a domain character.
std::optional<std::size_t> match_domain(const ScannedText& text, const LabelIndex& labels, std::size_t start) {
    struct Dot {
        std::size_t at;
        bool label_has_underscore;
    };
    std::vector<Dot> dots;
    std::size_t i = start;
    while (i < text.size() && is_domain_char(text.at(i))) {
        const std::size_t k = labels.run_end[i];
        if (text.at(k) != '.' || !is_domain_char(text.at(k - 1))) break;
        dots.push_back({k, labels.underscores[k] > labels.underscores[i]});
        i = k + 1;
    }
    for (auto dot = dots.rbegin(); dot != dots.rend(); ++dot) {
        if (dot->label_has_underscore) continue;
        if (auto end = match_tld(text, dot->at + 1, text.size())) return end;
    }
    return std::nullopt;
}

bool is_path_char(char32_t c) {
    return is_ascii_alnum(c) || is_cyrillic(c) || is_latin_accent(c) ||
           std::u32string_view(U"!*';:=+,.$/%#[]-\u2013_~@|&").find(c) != std::u32string_view::npos;
}
bool is_path_ending(char32_t c) {
    return is_ascii_alnum(c) || is_cyrillic(c) || is_latin_accent(c) || std::u32string_view(U"+-=_#/").find(c) != std::u32string_view::npos;
}

// "(" path-chars ")" or "(" path-chars "(" path-chars ")" path-chars ")": the end, or 0.
std::size_t balanced_parens_end(const ScannedText& text, std::size_t i) {
    if (text.at(i) != '(') return 0;
    std::size_t k = i + 1;
    const std::size_t first_run = k;
    while (k < text.size() && is_path_char(text.at(k))) ++k;
    if (text.at(k) == ')' && k > first_run) return k + 1;
    if (text.at(k) != '(') return 0;
    const std::size_t inner = ++k;
    while (k < text.size() && is_path_char(text.at(k))) ++k;
    if (text.at(k) != ')' || k == inner) return 0;
    ++k;
    while (k < text.size() && is_path_char(text.at(k))) ++k;
    return text.at(k) == ')' ? k + 1 : 0;
}

// "/" then validUrlPath*. twitter-text pastes validUrlPathEndingChars, itself an alternation
// ([ending char]|balanced parens), into validUrlPath without brackets, so each repetition is
// either path characters and balanced parentheses up to an ending *character*, or balanced
// parentheses alone: "/a(b)" is a path, "/–(b)" is only "/" ("–" may not end one), and
// "/–(b)c" is whole again. "/" alone is a path.
std::size_t path_end(const ScannedText& text, std::size_t slash) {
    std::size_t k = slash + 1;
    for (;;) {
        std::optional<std::size_t> last_ending;
        for (std::size_t i = k; i < text.size();) {
            if (std::size_t parens = balanced_parens_end(text, i)) {
                i = parens;
            } else if (is_path_char(text.at(i))) {
                if (is_path_ending(text.at(i))) last_ending = i + 1;
                ++i;
            } else {
                break;
            }
        }
        if (last_ending) k = *last_ending;
        else if (std::size_t parens = balanced_parens_end(text, k)) k = parens;
        else return k;
    }
}

bool is_query_char(char32_t c) {
    return is_ascii_alnum(c) || std::u32string_view(U"!?*'@();:&=+$/%#[]-_.,~|").find(c) != std::u32string_view::npos;
}
bool is_query_ending(char32_t c) { return is_ascii_alnum(c) || std::u32string_view(U"-_&=#/").find(c) != std::u32string_view::npos; }

// "?" then query characters, backtracking to the last ending character; `question` itself
// when none follows (the whole query group then does not match).
std::size_t query_end(const ScannedText& text, std::size_t question) {
    std::size_t end = question;
    for (std::size_t k = question + 1; k < text.size() && is_query_char(text.at(k)); ++k)
        if (is_query_ending(text.at(k))) end = k + 1;
    return end;
}

// validAsciiDomain, applied globally inside a domain written without a scheme:
// ([-a-z0-9 latin accents]+ ".")+ TLD, each match its own link.
std::vector<Span> ascii_domains(const ScannedText& text, Span domain) {
    std::vector<Span> found;
    auto label_char = [](char32_t c) { return is_ascii_alnum(c) || c == '-' || is_latin_accent(c); };
    std::size_t k = domain.begin;
    while (k < domain.end) {
        std::vector<std::size_t> dots;
        std::size_t i = k;
        while (i < domain.end && label_char(text.at(i))) {
            std::size_t j = i;
            while (j < domain.end && label_char(text.at(j))) ++j;
            if (j >= domain.end || text.at(j) != '.') break;
            dots.push_back(j);
            i = j + 1;
        }
        std::optional<std::size_t> end;
        for (auto dot = dots.rbegin(); dot != dots.rend() && !end; ++dot) end = match_tld(text, *dot + 1, domain.end);
        if (end) {
            found.push_back({k, *end});
            k = *end;
        } else {
            // Any later start inside what was just scanned sees the same dots, or fewer, and
            // fails the same way.
            k = std::max(k + 1, i);
        }
    }
    return found;
}

// RFC 3492 Punycode, as punycode.js encodes a label (code points in, ASCII out); nullopt
// where punycode.js would throw on an overflow.
std::optional<std::string> punycode(const std::u32string& input) {
    constexpr std::uint32_t base = 36, t_min = 1, t_max = 26, skew = 38, damp = 700, max_int = 0x7FFFFFFF;
    auto digit = [](std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
    auto adapt = [&](std::uint32_t delta, std::uint32_t points, bool first) {
        std::uint32_t k = 0;
        delta = first ? delta / damp : delta >> 1;
        delta += delta / points;
        for (; delta > ((base - t_min) * t_max) >> 1; k += base) delta /= base - t_min;
        return k + (base - t_min + 1) * delta / (delta + skew);
    };
    std::string output;
    for (char32_t c : input)
        if (c < 0x80) output += static_cast<char>(c);
    const std::size_t basic = output.size();
    std::size_t handled = basic;
    if (basic) output += '-';
    std::uint32_t n = 128, delta = 0, bias = 72;
    while (handled < input.size()) {
        std::uint32_t m = max_int;
        for (char32_t c : input)
            if (c >= n && c < m) m = c;
        const auto points = static_cast<std::uint32_t>(handled + 1);
        if (m - n > (max_int - delta) / points) return std::nullopt;
        delta += (m - n) * points;
        n = m;
        for (char32_t c : input) {
            if (c < n && ++delta > max_int) return std::nullopt;
            if (c != n) continue;
            std::uint32_t q = delta;
            for (std::uint32_t k = base;; k += base) {
                const std::uint32_t t = k <= bias ? t_min : (k >= bias + t_max ? t_max : k - bias);
                if (q < t) break;
                output += digit(t + (q - t) % (base - t));
                q = (q - t) / (base - t);
            }
            output += digit(q);
            bias = adapt(delta, points, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return output;
}

// isValidUrl (extractUrlsWithIndices.js with lib/idna.js): every label of the domain is 1 to 63
// characters once punycode-encoded, a domain written "xn--…" holds an ASCII domain, and the
// scheme (https:// when none is written) and the whole URL are at most 4096 UTF-16 units.
// twitter-text sees UTF-16: where the match began inside a character outside the BMP, the
// domain begins with that character's low half.
bool valid_url(const ScannedText& text, std::size_t start, std::size_t end, Span domain, bool has_scheme, bool inside_astral,
               UrlLengthRule rule) {
    std::u32string host(text.code_points().begin() + domain.begin, text.code_points().begin() + domain.end);
    if (inside_astral && !host.empty()) host.front() = 0xDC00 + ((host.front() - 0x10000) & 0x3FF);
    if (std::u32string_view(host).starts_with(U"xn--") && ascii_domains(text, domain).empty()) return false;
    std::size_t growth = 0;  // what punycode adds to the host (the gem's rule)
    for (std::size_t begin = 0;;) {
        const auto dot = host.find(U'.', begin);
        const std::u32string label = host.substr(begin, dot == std::u32string::npos ? std::u32string::npos : dot - begin);
        // punycode.toASCII also takes "。", "．" and "｡" for dots: each part is encoded alone.
        std::size_t length = 0;
        for (std::size_t from = 0;;) {
            const auto cut = label.find_first_of(U"\u3002\uFF0E\uFF61", from);
            const std::u32string part = label.substr(from, cut == std::u32string::npos ? std::u32string::npos : cut - from);
            if (std::any_of(part.begin(), part.end(), [](char32_t c) { return c >= 0x80; })) {
                const auto encoded = punycode(part);
                if (!encoded) return false;
                length += 4 + encoded->size();  // "xn--"
            } else {
                length += part.size();
            }
            if (cut == std::u32string::npos) break;
            length += 1;
            from = cut + 1;
        }
        if (length < 1 || length > 63) return false;
        growth += length > label.size() ? length - label.size() : 0;
        if (dot == std::u32string::npos) break;
        begin = dot + 1;
    }
    constexpr std::size_t max_url_length = 4096, default_scheme_length = 8;  // "https://"
    if (rule == UrlLengthRule::ruby_gem)  // Ruby counts characters, not UTF-16 units
        return end - start + growth + (has_scheme ? 0 : default_scheme_length) <= max_url_length;
    const std::size_t url_length = text.utf16_offset(end) - text.utf16_offset(start) - (inside_astral ? 1 : 0);
    const std::size_t scheme_length = has_scheme ? domain.begin - start : default_scheme_length;
    return scheme_length + url_length <= max_url_length;
}

}  // namespace

namespace {

// The regex's URL part at `start`: the end of the match (the next lastIndex) when it
// matches, links found added to `links` (a match may still yield none: a scheme-less
// domain after "-", "_", "." or "/", or without an ASCII domain inside).
std::optional<std::size_t> match_url_at(const ScannedText& text, const LabelIndex& labels, std::size_t start,
                                        bool links_without_scheme, UrlLengthRule rule, std::vector<Link>& links,
                                        bool inside_astral = false) {
    std::size_t host = start;
    bool has_scheme = false;
    if (starts_with_ascii_ci(text, start, "https://")) host = start + 8, has_scheme = true;
    else if (starts_with_ascii_ci(text, start, "http://")) host = start + 7, has_scheme = true;
    auto domain_end = match_domain(text, labels, host);
    if (!domain_end) return std::nullopt;
    std::size_t end = *domain_end;
    if (text.at(end) == ':' && text.at(end + 1) >= '0' && text.at(end + 1) <= '9') {
        ++end;
        while (text.at(end) >= '0' && text.at(end) <= '9') ++end;
    }
    const bool has_path = text.at(end) == '/';
    if (has_path) end = path_end(text, end);
    if (text.at(end) == '?') end = query_end(text, end);
    const std::size_t match_end = end;
    if (!valid_url(text, start, match_end, {host, *domain_end}, has_scheme, inside_astral, rule)) return match_end;

    if (has_scheme) {
        // t.co links take no path beyond their slug, and a slug longer than 40 is no link.
        if (starts_with_ascii_ci(text, host, "t.co/")) {
            std::size_t slug_end = host + 5;
            while (is_ascii_alnum(text.at(slug_end))) ++slug_end;
            if (slug_end > host + 5) {
                if (slug_end - (host + 5) > max_tco_slug_length) return match_end;
                end = text.at(slug_end) == '?' ? std::min(query_end(text, slug_end), end) : slug_end;
            }
        }
        links.push_back(make_link(text, {start, end}, true));
        return match_end;
    }
    if (!links_without_scheme) return match_end;
    if (start > 0 && !inside_astral) {
        const char32_t before = text.at(start - 1);
        if (before == '-' || before == '_' || before == '.' || before == '/') return match_end;
    }
    auto ascii = ascii_domains(text, {host, *domain_end});
    std::size_t counted_utf16 = 0;
    if (!ascii.empty() && has_path) {
        // The link's text is its ASCII domain and what follows the whole domain (port, path).
        counted_utf16 = text.utf16_offset(ascii.back().end) - text.utf16_offset(ascii.back().begin) + text.utf16_offset(end) -
                        text.utf16_offset(*domain_end);
        ascii.back().end = end;
    }
    for (const auto& span : ascii) links.push_back(make_link(text, span, false));
    if (counted_utf16) links.back().counted_utf16 = counted_utf16;
    return match_end;
}

}  // namespace

std::vector<Link> find_twitter_text_links(const ScannedText& text, bool links_without_scheme, UrlLengthRule rule) {
    std::vector<Link> links;
    const LabelIndex labels(text);
    // Each attempt at position p is the regex's: the preceding-character group first tries to
    // consume text[p] (the URL then starts at p + 1), and only at p = 0 falls back to "^"
    // (the URL starting at 0). A match moves lastIndex — and so the next attempt — to its end.
    //
    // twitter-text's regexes work on UTF-16 code units, so a character outside the BMP is two
    // of them: its high half can be the preceding character and its low half the first
    // "domain character" (never a link of its own: only the ASCII part is kept). That is the
    // attempt `inside_astral` makes, before the one after the character.
    for (std::size_t p = 0; p < text.size();) {
        std::optional<std::size_t> matched;
        if (text.at(p) > 0xFFFF) matched = match_url_at(text, labels, p, links_without_scheme, rule, links, true);
        if (!matched && may_precede(text.at(p))) matched = match_url_at(text, labels, p + 1, links_without_scheme, rule, links);
        if (!matched && p == 0) matched = match_url_at(text, labels, 0, links_without_scheme, rule, links);
        p = matched ? *matched : p + 1;
    }
    return links;
}

}  // namespace chorus::networks
