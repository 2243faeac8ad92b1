#include "core/id.h"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace chorus {
namespace {

constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string base32(const unsigned char* bytes, std::size_t size) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | bytes[i];
        bits += 8;
        while (bits >= 5) {
            out.push_back(crockford[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(crockford[(buffer << (5 - bits)) & 31]);
    return out;
}

}  // namespace

std::string new_id(std::string_view prefix, std::chrono::system_clock::time_point at) {
    // ULID: 48 bits of milliseconds then 80 random bits = 128 bits = 26 base32 digits.
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count());
    std::array<unsigned char, 16> raw{};
    for (int i = 0; i < 6; ++i) raw[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    randombytes_buf(raw.data() + 6, 10);
    // 128 bits do not split into 5-bit digits evenly; ULID puts the 2 spare bits at the front.
    std::string digits;
    unsigned __int128 value = 0;
    for (unsigned char b : raw) value = (value << 8) | b;
    digits.resize(26);
    for (int i = 25; i >= 0; --i) {
        digits[i] = crockford[static_cast<unsigned>(value & 31)];
        value >>= 5;
    }
    std::string id(prefix);
    id.push_back('_');
    id += digits;
    return id;
}

std::string new_id(std::string_view prefix) { return new_id(prefix, std::chrono::system_clock::now()); }

std::optional<std::int64_t> id_time_millis(std::string_view id) {
    const auto underscore = id.rfind('_');
    if (underscore == std::string_view::npos || id.size() - underscore - 1 != 26) return std::nullopt;
    std::uint64_t ms = 0;
    // The first 10 digits are the 48-bit millisecond timestamp (the top 2 bits are spare).
    for (char digit : id.substr(underscore + 1, 10)) {
        const auto value = crockford.find(digit);
        if (value == std::string_view::npos) return std::nullopt;
        ms = (ms << 5) | value;
    }
    if (ms >> 48) return std::nullopt;
    return static_cast<std::int64_t>(ms);
}

std::string random_secret(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return base32(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

bool is_id_of(std::string_view text, std::string_view prefix) {
    if (text.size() != prefix.size() + 27 || text.substr(0, prefix.size()) != prefix ||
        text[prefix.size()] != '_')
        return false;
    for (char c : text.substr(prefix.size() + 1))
        if (crockford.find(c) == std::string_view::npos) return false;
    return true;
}

}  // namespace chorus
