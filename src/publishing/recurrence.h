#pragma once
// Recurring posts: an iCalendar RRULE (RFC 5545, evaluated by libical) over wall-clock time
// in the brand's zone. "FREQ=MONTHLY;BYDAY=1MO" from 2026-12-07 10:00 Europe/Berlin is
// 10:00 Berlin time on every first Monday, summer or winter: the rule runs on floating
// local times and each one is converted to UTC on its own.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "publishing/local_time.h"

namespace chorus::publishing {

// Refuses what does not parse and what recurs more often than daily (a social post every
// hour is a mistake, not a schedule). Errors name `field`.
Result<void> check_rule(std::string_view rule, std::string_view field);

// The rule's occurrences from `start` (the series' first local time), skipping the first
// `skip` and returning at most `limit`. Fewer when the rule ends (COUNT, UNTIL).
Result<std::vector<LocalDateTime>> local_occurrences(std::string_view rule, const LocalDateTime& start, std::size_t skip,
                                                     std::size_t limit);

}  // namespace chorus::publishing
