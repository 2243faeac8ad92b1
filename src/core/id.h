#pragma once
// Identifiers are "<prefix>_<ULID>": readable in logs and URLs ("brand_01J…"), globally
// unique, and ordered by creation time, so keyset pagination by id is pagination by age.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chorus {

std::string new_id(std::string_view prefix);
std::string new_id(std::string_view prefix, std::chrono::system_clock::time_point at);

// A random secret for a cookie or API token: `bytes` of entropy, base32 (no padding).
std::string random_secret(std::size_t bytes = 32);

// The creation time a ULID-bearing id carries ("<prefix>_<ULID>"); nullopt when `id` is
// not one.
std::optional<std::int64_t> id_time_millis(std::string_view id);

// True when `text` looks like an id with this prefix (cheap shape check, not existence).
bool is_id_of(std::string_view text, std::string_view prefix);

}  // namespace chorus
