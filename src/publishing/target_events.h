#pragma once
// A target's history: one row per state change or attempt, with the network's own words.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "publishing/posts.h"
#include "store/store.h"

namespace chorus::publishing {

struct EventRecord {
    std::string post_id;
    std::string target_id;
    std::string kind;    // created, scheduled, publish_now, claimed, posted (first comment next), published, retry_scheduled, failed, …
    std::string status;  // the target's status after the event
    std::string detail;
    std::optional<std::string> error_class;
    std::optional<std::int64_t> http_status;
};

struct OrgEvent {
    std::string org_id;
    EventRecord event;
};

void record_event(store::Transaction& tx, const std::string& org_id, const EventRecord& event, Millis at);
// Many targets' events of one moment, a few statements for all (each is a round trip on
// PostgreSQL): what the engine's batched claims and results write.
void record_events(store::Transaction& tx, const std::vector<OrgEvent>& events, Millis at);
std::vector<TargetEvent> load_history(store::Transaction& tx, const std::string& post_id);

}  // namespace chorus::publishing
