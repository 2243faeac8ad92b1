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
    std::unordered_set<char32_t> first_code_points;  // rejects most text at once
    std::size_t longest_code_points = 0;
};

char32_t first_code_point(std::string_view utf8) {
    const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(utf8[i])); };
    if (b(0) < 0x80) return b(0);
    if (b(0) < 0xE0) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    if (b(0) < 0xF0) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

const Table& table() {
    static const Table built = [] {
        Table t;
        for (const char* sequence : known_sequences) {
            std::string_view view(sequence);
            t.sequences.insert(view);
            t.first_code_points.insert(first_code_point(view));
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
    if (first < 0x80 && first != '#' && first != '*' && !(first >= '0' && first <= '9')) return 0;
    const auto& known = table();
    if (!known.first_code_points.count(first)) return 0;
    const std::string_view utf8 = text.utf8();
    const std::size_t longest = std::min(known.longest_code_points, text.size() - index);
    for (std::size_t length = longest; length > 0; --length) {
        const std::size_t begin = text.byte_offset(index);
        if (known.sequences.count(utf8.substr(begin, text.byte_offset(index + length) - begin))) return length;
    }
    return 0;
}

}  // namespace chorus::networks
