#include "networks/bluesky/tid.h"

#include <sodium.h>

#include "core/id.h"

namespace chorus::networks::bluesky {
namespace {

constexpr std::string_view alphabet = "234567abcdefghijklmnopqrstuvwxyz";

std::uint64_t hash64(std::string_view text) {
    unsigned char digest[8];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    std::uint64_t value = 0;
    for (unsigned char byte : digest) value = (value << 8) | byte;
    return value;
}

}  // namespace

std::string encode_tid(std::uint64_t microseconds, std::uint32_t clock_id) {
    std::uint64_t value = ((microseconds & ((std::uint64_t{1} << 53) - 1)) << 10) | (clock_id & 1023);
    std::string tid(13, '2');
    for (int i = 12; i >= 0; --i) {
        tid[static_cast<std::size_t>(i)] = alphabet[value & 31];
        value >>= 5;
    }
    return tid;
}

std::string record_key_for(std::string_view idempotency_key, std::size_t part) {
    const auto hash = hash64(idempotency_key);
    // Keys from before they carried a time still get a stable, valid TID (in 2024).
    const auto millis = id_time_millis(idempotency_key).value_or(1'704'067'200'000 + static_cast<std::int64_t>(hash % 31'536'000'000));
    // Only the key's second is kept; the microseconds within it and the clock id come
    // from the hash (30 bits), so that keys chosen together (a series, an import) almost
    // never share a record key. find() checks the text, for the rare case they do.
    const auto second = static_cast<std::uint64_t>(millis / 1000);
    const auto microseconds = second * 1'000'000 + (hash >> 10) % 1'000'000;
    // A thread's parts follow each other a microsecond apart.
    return encode_tid(microseconds + part, static_cast<std::uint32_t>(hash & 1023));
}

bool is_tid(std::string_view text) {
    if (text.size() != 13) return false;
    if (alphabet.substr(0, 16).find(text[0]) == std::string_view::npos) return false;  // the top bit is 0
    for (char c : text)
        if (alphabet.find(c) == std::string_view::npos) return false;
    return true;
}

}  // namespace chorus::networks::bluesky
