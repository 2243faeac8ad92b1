#include "publishing/target_events.h"

#include "core/id.h"

namespace chorus::publishing {

void record_event(store::Transaction& tx, const std::string& org_id, const EventRecord& event, Millis at) {
    tx.execute("INSERT INTO target_events (id, org_id, post_id, target_id, at, kind, status, detail, error_class, http_status) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
               {new_id("event"), org_id, event.post_id, event.target_id, at, event.kind, event.status, event.detail,
                store::nullable(event.error_class), store::nullable(event.http_status)});
}

std::vector<TargetEvent> load_history(store::Transaction& tx, const std::string& post_id) {
    std::vector<TargetEvent> events;
    for (const auto& r : tx.query("SELECT id, target_id, at, kind, status, detail, error_class, http_status "
                                  "FROM target_events WHERE post_id = $1 ORDER BY id",
                                  {post_id}))
        events.push_back({r.text(0), r.text(1), r.int64(2), r.text(3), r.text(4), r.text(5), r.optional_text(6),
                          r.optional_int64(7)});
    return events;
}

}  // namespace chorus::publishing
