#pragma once
// Lower-casing for protocol text (header names, HTML tags, host names, enum values networks
// send in capitals): ASCII letters only, so UTF-8 passes through untouched.
#include <string>
#include <string_view>

namespace chorus {

inline std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace chorus
