#pragma once
// Time as the store keeps it: milliseconds since the Unix epoch, UTC.
#include <chrono>
#include <cstdint>
#include <string>

namespace chorus {

using Millis = std::int64_t;

inline Millis now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "2026-11-23T08:59:00.123Z"
std::string format_utc(Millis at);

}  // namespace chorus
