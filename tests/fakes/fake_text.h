#pragma once
// How the fakes count a text's length where a network documents "characters": Unicode code
// points of UTF-8 (continuation bytes not counted). Near enough for a fake; Chorus's own
// rules count what each network counts (src/networks/text.h).
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace chorus::fakes {

inline std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace chorus::fakes
