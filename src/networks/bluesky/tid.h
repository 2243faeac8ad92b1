#pragma once
// Bluesky record keys. A post's record key is a TID (13 characters of sortable base32:
// 53 bits of microseconds, 10 bits of clock id). Chorus derives it from the target's
// idempotency key, so every attempt writes to the same record path and the server itself
// refuses a second copy; the lookup after an ambiguous failure asks for that path.
#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::networks::bluesky {

std::string encode_tid(std::uint64_t microseconds, std::uint32_t clock_id);

// The record key of part `part` (0 for the post itself, 1… for the replies of a thread).
// The time is the one the key was chosen at, so record keys sort like the schedule.
std::string record_key_for(std::string_view idempotency_key, std::size_t part);

// True for a syntactically valid TID.
bool is_tid(std::string_view text);

}  // namespace chorus::networks::bluesky
