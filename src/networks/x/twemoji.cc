#include "networks/x/twemoji.h"

#include <string_view>
#include <unordered_set>

namespace chorus::networks {
namespace {

constexpr const char* known_sequences[] = {
#include "networks/x/twemoji_sequences.inc"
};

struct Table {
    std::unordered_set<std::string_view> sequences;
    std::size_t longest_code_points = 0;
};

const Table& table() {
    static const Table built = [] {
        Table t;
        for (const char* sequence : known_sequences) {
            std::string_view view(sequence);
            t.sequences.insert(view);
            std::size_t code_points = 0;
            for (unsigned char c : view) code_points += (c & 0xC0) != 0x80;
            t.longest_code_points = std::max(t.longest_code_points, code_points);
        }
        return t;
    }();
    return built;
}

}  // namespace

std::size_t twemoji_sequence_at(const ScannedText& text, std::size_t index) {
    const char32_t first = text.at(index);
    // Every recognised sequence starts with a non-ASCII code point or a keycap base.
    if (first < 0x80 && first != '#' && first != '*' && !(first >= '0' && first <= '9')) return 0;
    const auto& known = table();
    const std::string_view utf8 = text.utf8();
    const std::size_t longest = std::min(known.longest_code_points, text.size() - index);
    for (std::size_t length = longest; length > 0; --length) {
        const std::size_t begin = text.byte_offset(index);
        if (known.sequences.count(utf8.substr(begin, text.byte_offset(index + length) - begin))) return length;
    }
    return 0;
}

}  // namespace chorus::networks
