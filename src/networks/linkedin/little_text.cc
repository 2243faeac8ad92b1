#include "networks/linkedin/little_text.h"

#include <utf8proc.h>

namespace chorus::networks::linkedin {
namespace {

constexpr std::string_view reserved = "|{}@[]()<>#\\*_~";

bool is_reserved(char c) { return reserved.find(c) != std::string_view::npos; }

// A hashtag starts with a letter or a digit, in any script ("#café", "#東京"); "# ", "#→"
// or "#!" are not hashtags, and their # is escaped like any other markup.
bool starts_a_tag(std::string_view rest) {
    utf8proc_int32_t code_point = 0;
    const auto read = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(rest.data()), static_cast<utf8proc_ssize_t>(rest.size()),
                                       &code_point);
    if (read <= 0) return false;
    switch (utf8proc_category(code_point)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string escape_little_text(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool hashtag = c == '#' && starts_a_tag(text.substr(i + 1));
        if (is_reserved(c) && !hashtag) escaped.push_back('\\');
        escaped.push_back(c);
    }
    return escaped;
}

std::string unescape_little_text(std::string_view commentary) {
    std::string text;
    text.reserve(commentary.size());
    for (std::size_t i = 0; i < commentary.size(); ++i) {
        if (commentary[i] == '\\' && i + 1 < commentary.size() && is_reserved(commentary[i + 1])) ++i;
        text.push_back(commentary[i]);
    }
    return text;
}

}  // namespace chorus::networks::linkedin
