#include "core/utf8.h"

#include <cstdint>
#include <cstdio>

namespace chorus {
namespace {

// The length of the valid sequence at `at` and its code point, or 0 where the byte is invalid.
std::size_t sequence_at(std::string_view bytes, std::size_t at, char32_t& code_point) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    const std::uint8_t lead = byte(at);
    if (lead < 0x80) return code_point = lead, 1;
    std::size_t length;
    char32_t minimum;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2, minimum = 0x80, code_point = lead & 0x1F;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3, minimum = 0x800, code_point = lead & 0x0F;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4, minimum = 0x10000, code_point = lead & 0x07;
    else return 0;
    if (at + length > bytes.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte(at + i) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
    return length;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8_byte(std::string_view bytes) {
    char32_t code_point = 0;
    for (std::size_t at = 0; at < bytes.size();) {
        const auto length = sequence_at(bytes, at, code_point);
        if (length == 0) return at;
        at += length;
    }
    return std::nullopt;
}

std::string with_valid_utf8(std::string_view bytes) {
    auto bad = first_invalid_utf8_byte(bytes);
    if (!bad) return std::string(bytes);
    std::string out(bytes.substr(0, *bad));
    char32_t code_point = 0;
    for (std::size_t at = *bad; at < bytes.size();) {
        if (const auto length = sequence_at(bytes, at, code_point)) {
            out.append(bytes.substr(at, length));
            at += length;
        } else {
            out += "\xEF\xBF\xBD";
            ++at;
        }
    }
    return out;
}

std::string escaped_for_log(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    char32_t code_point = 0;
    char escape[16];
    for (std::size_t at = 0; at < bytes.size();) {
        const auto length = sequence_at(bytes, at, code_point);
        if (length == 0) {
            std::snprintf(escape, sizeof escape, "\\x{%02x}", static_cast<std::uint8_t>(bytes[at]));
            out += escape;
            ++at;
            continue;
        }
        if (code_point == '\\') out += "\\\\";
        else if (code_point == '\n') out += "\\n";
        else if (code_point == '\r') out += "\\r";
        else if (code_point == '\t') out += "\\t";
        else if (code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point <= 0x9F) || code_point == 0x2028 ||
                 code_point == 0x2029) {
            std::snprintf(escape, sizeof escape, "\\u{%x}", static_cast<unsigned>(code_point));
            out += escape;
        } else {
            out.append(bytes.substr(at, length));
        }
        at += length;
    }
    return out;
}

}  // namespace chorus
