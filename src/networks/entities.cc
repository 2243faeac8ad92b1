#include "networks/entities.h"

#include "networks/twitter_text_links.h"

#include <algorithm>

namespace chorus::networks {
namespace {

bool overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

template <class Entities>
bool inside_any(Span span, const Entities& entities) {
    return std::any_of(entities.begin(), entities.end(), [&](const auto& e) { return overlaps(span, e.span); });
}

// Bluesky's detector: a link starts the text or follows white space or "(".
bool may_precede_link(const ScannedText& text, std::size_t i) {
    return i == 0 || is_white_space(text.at(i - 1)) || text.at(i - 1) == '(';
}

bool is_domain_char(char32_t c) { return is_ascii_alnum(c) || c == '-' || c == '_' || (c > 0x7F && (is_letter_or_mark(c) || is_number(c))); }

// Characters a URL path may hold: anything visible except the ones that, in running
// text, end a link.
bool is_path_char(char32_t c) {
    if (is_white_space(c) || c < 0x20 || c == 0x7F) return false;
    switch (c) {
        case '<': case '>': case '"': case 0x201C: case 0x201D: case 0x3000: return false;
        default: return true;
    }
}

struct Host {
    std::size_t end = 0;       // one past the last host character
    std::string last_label;    // lower-cased, UTF-8
    int labels = 0;
};

// Letters twitter-text accepts in a domain written without a scheme: ASCII, digits, "-" and
// the Latin accented letters (so "münchen.de" is a link, while in "Жexample.org" only
// "example.org" is).
bool is_bare_domain_char(char32_t c) {
    return is_ascii_alnum(c) || c == '-' || is_latin_accent(c);
}

// Links written without a scheme are recognised on such domains only; with a scheme,
// any internationalised domain counts.
std::optional<Host> scan_host(const ScannedText& text, std::size_t begin, bool ascii_only) {
    Host host;
    std::size_t i = begin;
    std::size_t label_start = i;
    auto belongs = [&](char32_t c) { return ascii_only ? is_bare_domain_char(c) : is_domain_char(c); };
    for (;;) {
        while (i < text.size() && belongs(text.at(i))) ++i;
        if (i == label_start) return std::nullopt;  // empty label
        ++host.labels;
        host.end = i;
        std::string label = text.slice({label_start, i});
        std::transform(label.begin(), label.end(), label.begin(),
                       [](unsigned char c) { return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c); });
        host.last_label = label;
        if (text.at(i) == '.' && i + 1 < text.size() && belongs(text.at(i + 1))) {
            label_start = ++i;
            continue;
        }
        return host;
    }
}

// Running text ends sentences and brackets right after links; those characters belong to
// the sentence, not the link. Closing brackets stay when the link opened them (Wikipedia).
std::size_t trim_link_end(const ScannedText& text, std::size_t begin, std::size_t end) {
    for (;;) {
        if (end <= begin) return end;
        const char32_t last = text.at(end - 1);
        if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' || last == '\'' ||
            last == 0x2019 || last == 0x3002 || last == 0xFF0C) {
            --end;
            continue;
        }
        auto unbalanced = [&](char32_t open, char32_t close) {
            long depth = 0;
            for (std::size_t k = begin; k < end; ++k) depth += text.at(k) == open ? 1 : text.at(k) == close ? -1 : 0;
            return depth < 0;
        };
        if ((last == ')' && unbalanced('(', ')')) || (last == ']' && unbalanced('[', ']')) ||
            (last == '}' && unbalanced('{', '}'))) {
            --end;
            continue;
        }
        return end;
    }
}


}  // namespace

bool is_known_top_level_domain(std::string_view label) {
    std::string lower(label);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c); });
    auto all = known_top_level_domains();
    return std::binary_search(all.begin(), all.end(), std::string_view(lower));
}

Link make_link(const ScannedText& text, Span span, bool has_scheme) {
    Link link;
    link.span = span;
    link.text = text.slice(span);
    link.has_scheme = has_scheme;
    link.uri = has_scheme ? link.text : "https://" + link.text;
    return link;
}

std::vector<Link> find_links(const ScannedText& text, LinkSyntax syntax) {
    if (syntax.boundary == LinkBoundary::twitter_text || syntax.boundary == LinkBoundary::twitter_text_gem)
        return find_twitter_text_links(text, syntax.bare_domains == BareDomains::links,
                                       syntax.boundary == LinkBoundary::twitter_text_gem ? UrlLengthRule::ruby_gem : UrlLengthRule::javascript);
    std::vector<Link> links;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t host_begin = i;
        bool has_scheme = false;
        if (starts_with_ascii_ci(text, i, "https://")) host_begin = i + 8, has_scheme = true;
        else if (starts_with_ascii_ci(text, i, "http://")) host_begin = i + 7, has_scheme = true;
        else if (syntax.bare_domains == BareDomains::not_links || !is_bare_domain_char(text.at(i)) || text.at(i) == '-') {
            ++i;
            continue;
        }
        if (!may_precede_link(text, i)) {
            ++i;
            continue;
        }
        auto host = scan_host(text, host_begin, !has_scheme);
        bool acceptable = host && host->labels >= 2 && is_known_top_level_domain(host->last_label) &&
                                (has_scheme || std::all_of(text.code_points().begin() + static_cast<long>(host_begin),
                                                           text.code_points().begin() + static_cast<long>(host->end),
                                                           [](char32_t c) { return c != '_'; }));
        if (!acceptable) {
            i = host ? std::max(host->end, i + 1) : i + 1;
            continue;
        }
        std::size_t end = host->end;
        if (text.at(end) == ':' && end + 1 < text.size() && text.at(end + 1) >= '0' && text.at(end + 1) <= '9') {
            ++end;
            while (text.at(end) >= '0' && text.at(end) <= '9') ++end;
        }
        if (text.at(end) == '/' || text.at(end) == '?' || text.at(end) == '#') {
            while (end < text.size() && is_path_char(text.at(end))) ++end;
        }
        end = trim_link_end(text, i, end);
        links.push_back(make_link(text, {i, end}, has_scheme));
        i = end;
    }
    return links;
}

std::vector<Mention> find_mentions(const ScannedText& text, MentionSyntax syntax, const std::vector<Link>& links) {
    std::vector<Mention> mentions;
    auto is_name_char = [&](char32_t c) { return is_ascii_alnum(c) || c == '_' || (syntax.dots_in_name && (c == '.' || c == '-')); };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text.at(i);
        if (c != '@' && c != 0xFF20) continue;
        if (i > 0) {
            const char32_t before = text.at(i - 1);
            if (is_ascii_alnum(before) || is_letter_or_mark(before) || before == '_' || before == '@' || before == '.' ||
                before == '/' || before == 0xFF20)
                continue;
        }
        std::size_t end = i + 1;
        while (end < text.size() && is_name_char(text.at(end))) ++end;
        while (end > i + 1 && (text.at(end - 1) == '.' || text.at(end - 1) == '-')) --end;  // sentence punctuation
        if (end == i + 1 || end - i - 1 > syntax.max_name_length) continue;
        Mention mention;
        mention.local_span = {i, end};
        mention.name = text.slice({i + 1, end});
        if (syntax.remote_domain && text.at(end) == '@') {
            if (auto host = scan_host(text, end + 1, false); host && host->labels >= 2) {
                mention.domain = text.slice({end + 1, host->end});
                end = host->end;
            }
        }
        mention.span = {i, end};
        if (inside_any(mention.span, links)) continue;
        mentions.push_back(std::move(mention));
        i = end - 1;
    }
    return mentions;
}

std::vector<Hashtag> find_hashtags(const ScannedText& text, const std::vector<Link>& links) {
    std::vector<Hashtag> hashtags;
    auto is_tag_char = [](char32_t c) {
        if (c == 0xFE0E || c == 0xFE0F || c == 0x20E3) return false;  // emoji presentation, keycap
        return is_letter_or_mark(c) || is_number(c) || c == '_' || c == 0x200C || c == 0x200D || c == 0x30FB;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text.at(i);
        if (c != '#' && c != 0xFF03) continue;
        if (i > 0) {
            const char32_t before = text.at(i - 1);
            if (is_letter_or_mark(before) || is_number(before) || before == '_' || before == '&' || before == '#' ||
                before == 0xFF03)
                continue;
        }
        std::size_t end = i + 1;
        bool has_non_number = false;
        while (end < text.size() && is_tag_char(text.at(end))) {
            has_non_number |= !is_number(text.at(end));
            ++end;
        }
        // "#️⃣" is the keycap emoji, not a tag; "#1" alone is a number, not a tag.
        if (end == i + 1 || !has_non_number) continue;
        Hashtag hashtag{{i, end}, text.slice({i + 1, end})};
        if (inside_any(hashtag.span, links)) continue;
        hashtags.push_back(std::move(hashtag));
        i = end - 1;
    }
    return hashtags;
}

}  // namespace chorus::networks
