#pragma once
// Recurring posts as series of ordinary posts. A series keeps its RRULE, its first local
// time and the brand's zone; occurrences are created as scheduled posts up to a horizon
// ahead (so the calendar shows them and each can be edited or cancelled on its own), and
// extended by the engine as time passes. The newest occurrence is the model for the next
// one: editing it edits the ones that follow.
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "core/clock.h"
#include "core/result.h"
#include "publishing/local_time.h"
#include "store/store.h"

namespace chorus::publishing {

constexpr Millis series_horizon = 35LL * 24 * 3600 * 1000;

struct SeriesView {
    std::string id;
    std::string brand_id;
    std::string rule;
    std::string starts_local;
    std::string time_zone;
    bool finished = false;
    std::vector<Millis> upcoming;  // the next occurrences from now, as UTC instants
};

// The first occurrence of `rule` from `start` in `zone` (the rule decides: DTSTART need not
// match it).
Result<Millis> first_occurrence(std::string_view rule, const LocalDateTime& start, std::string_view zone);

// Inside the transaction that creates the first post: records the series and links the post.
Result<std::string> start_series(store::Transaction& tx, const accounts::Principal& caller, const std::string& post_id,
                                 const std::string& brand_id, const std::string& rule, const LocalDateTime& start,
                                 const std::string& zone, Millis first_at, Millis now);
// Creates the occurrences due before `until`; returns how many.
Result<int> extend_series(store::Transaction& tx, const std::string& series_id, Millis until, Millis now);

class Series {
public:
    explicit Series(store::Store& store) : store_(store) {}
    Result<SeriesView> get(const accounts::Principal& caller, const std::string& id, std::size_t upcoming);
    // No more occurrences; future ones not yet publishing are deleted.
    Result<void> stop(const accounts::Principal& caller, const std::string& id);
    // Every live series, up to now + series_horizon (the engine calls it periodically).
    Result<int> extend_all(Millis now);

private:
    store::Store& store_;
};

}  // namespace chorus::publishing
