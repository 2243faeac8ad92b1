#pragma once
// Scheduling happens in a brand's wall-clock time, storage in UTC. "Every Monday 09:00
// Europe/Berlin" must stay 09:00 for the people reading it, whatever DST does, so the
// conversion is done from local time each time — never by adding 7 × 24 h to an instant.
// Twice a year a local time does not exist (spring forward) or exists twice (fall back);
// callers say what they want then, explicitly.
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace chorus::publishing {

struct LocalDateTime {
    int year = 1970;
    int month = 1;   // 1–12
    int day = 1;     // 1–31
    int hour = 0;    // 0–23
    int minute = 0;  // 0–59
};

// A local time in the spring-forward gap (02:30 on the night clocks jump 02:00 → 03:00).
enum class WhenSkipped {
    move_forward,  // publish as many minutes after the jump as it was after the gap's start (03:30)
    refuse,        // an error naming the gap, so the user picks another time
};

// A local time the fall-back repeats (02:30 happens twice when clocks go 03:00 → 02:00).
enum class WhenRepeated { first, second, refuse };

// The UTC instant of a wall-clock time in an IANA zone. Errors: unknown_time_zone,
// invalid_local_time (e.g. 31 April), nonexistent_local_time, ambiguous_local_time.
Result<Millis> to_utc(const LocalDateTime& local, std::string_view time_zone, WhenSkipped skipped, WhenRepeated repeated);

Result<LocalDateTime> to_local(Millis instant, std::string_view time_zone);

enum class Weekday { sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday };

// The first instant strictly after `after` at which the zone's clocks show `weekday` at
// hour:minute. A slot in a skipped hour moves forward; a repeated hour takes the first.
Result<Millis> next_weekly_slot(Weekday weekday, int hour, int minute, std::string_view time_zone, Millis after);

}  // namespace chorus::publishing

namespace chorus::publishing {

// A time as the API accepts it: RFC 3339 with an offset ("2026-12-01T09:00:00+01:00",
// "…Z") is that instant; without an offset ("2026-12-01T09:00") it is wall-clock time in
// `time_zone`, and a skipped or repeated local time is refused with a clear error rather
// than guessed. Errors name `field`.
Result<Millis> parse_time(std::string_view text, std::string_view time_zone, std::string_view field);

}  // namespace chorus::publishing
