#include "publishing/target_events.h"

#include "core/id.h"

namespace chorus::publishing {

void record_event(store::Transaction& tx, const std::string& org_id, const EventRecord& event, Millis at) {
    record_events(tx, {OrgEvent{org_id, event}}, at);
}

void record_events(store::Transaction& tx, const std::vector<OrgEvent>& events, Millis at) {
    constexpr std::size_t columns = 10;
    store::for_each_batch(events.size(), [&](std::size_t begin, std::size_t rows) {
        std::vector<store::Value> params;
        params.reserve(rows * columns);
        for (std::size_t i = begin; i < begin + rows; ++i) {
            const auto& [org_id, event] = events[i];
            params.insert(params.end(), {new_id("event"), org_id, event.post_id, event.target_id, at, event.kind, event.status,
                                         event.detail, store::nullable(event.error_class), store::nullable(event.http_status)});
        }
        tx.execute("INSERT INTO target_events (id, org_id, post_id, target_id, at, kind, status, detail, error_class, http_status) "
                   "VALUES " + store::placeholder_rows(1, rows, columns),
                   params);
    });
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
