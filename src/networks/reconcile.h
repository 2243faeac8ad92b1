#pragma once
// What find() shares on networks without an idempotency marker, which match the account's
// recent posts by their content: a post the network dates before the target's first attempt
// began cannot be that attempt's, however alike (a weekly "Good morning!" would otherwise be
// taken for this week's, and this week's never sent). The margin allows for the network's
// clock and ours disagreeing.
#include <optional>

#include "core/clock.h"

namespace chorus::networks {

inline constexpr Millis reconcile_clock_slack = 120'000;

// True when `dated` (the network's time for a post) is known and earlier than `not_before`
// less the margin. A not_before of 0 (no first attempt known) rules nothing out.
inline bool made_before(std::optional<Millis> dated, Millis not_before) {
    return not_before > 0 && dated && *dated < not_before - reconcile_clock_slack;
}

}  // namespace chorus::networks
