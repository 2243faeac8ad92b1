#include "networks/linkedin/little_text.h"

#include <cctype>

namespace chorus::networks::linkedin {
namespace {

constexpr std::string_view reserved = "|{}@[]()<>#\\*_~";

bool is_reserved(char c) { return reserved.find(c) != std::string_view::npos; }

// A hashtag's first character: a letter, a digit, or any non-ASCII character (tags are
// written in every script).
bool starts_a_tag(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || std::isalnum(byte);
}

}  // namespace

std::string escape_little_text(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool hashtag = c == '#' && i + 1 < text.size() && starts_a_tag(text[i + 1]);
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
