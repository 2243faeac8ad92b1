#include "publishing/series.h"

#include <cstdio>

#include "core/id.h"
#include "publishing/posts.h"
#include "publishing/recurrence.h"
#include "publishing/target_events.h"

namespace chorus::publishing {
namespace {

using store::Transaction;

constexpr std::size_t batch = 60;  // occurrences looked at per extension

std::string format_local(const LocalDateTime& local) {
    char text[20];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d", local.year, local.month, local.day, local.hour, local.minute);
    return text;
}

std::optional<LocalDateTime> parse_local(const std::string& text) {
    LocalDateTime local;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d", &local.year, &local.month, &local.day, &local.hour, &local.minute) != 5)
        return std::nullopt;
    return local;
}

// A local occurrence as an instant: a skipped hour moves forward, a repeated one takes the
// first — a recurring post should go out, not fail twice a year.
Result<Millis> instant_of(const LocalDateTime& local, std::string_view zone) {
    return to_utc(local, zone, WhenSkipped::move_forward, WhenRepeated::first);
}

// The next occurrence as a copy of the newest one: same text, same channels and overrides.
void copy_occurrence(Transaction& tx, const std::string& series_id, const std::string& source_post, Millis at, Millis now) {
    const std::string post_id = new_id("post");
    const auto inserted = tx.execute(
        "INSERT INTO posts (id, org_id, brand_id, text, thread, title, link, scheduled_at, time_zone, created_by, series_id, occurrence_at, "
        "created_at, updated_at) SELECT $1, org_id, brand_id, text, thread, title, link, $2, time_zone, created_by, series_id, $2, $3, $3 "
        "FROM posts WHERE id = $4 ON CONFLICT DO NOTHING",
        {post_id, at, now, source_post});
    if (inserted == 0) return;  // another node made this occurrence already
    tx.execute("INSERT INTO post_media (post_id, position, media_id) SELECT $1, position, media_id FROM post_media WHERE post_id = $2",
               {post_id, source_post});
    for (const auto& row : tx.query("SELECT org_id, channel_id, text, first_comment, title, link, thread, options, id, own_media "
                                    "FROM post_targets WHERE post_id = $1 AND status <> 'cancelled' ORDER BY id",
                                    {source_post})) {
        const std::string target_id = new_id("target");
        auto value = [&](std::size_t column) { return store::nullable(row.optional_text(column)); };
        tx.execute("INSERT INTO post_targets (id, org_id, post_id, channel_id, text, first_comment, title, link, thread, options, status, "
                   "scheduled_at, run_at, idempotency_key, created_at, updated_at, own_media) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'scheduled', $11, $11, $12, $13, $13, $14)",
                   {target_id, row.text(0), post_id, row.text(1), value(2), value(3), value(4), value(5), value(6), value(7), at,
                    new_idempotency_key(), now, row.int64(9)});
        tx.execute("INSERT INTO target_media (target_id, position, media_id, alt_text) "
                   "SELECT $1, position, media_id, alt_text FROM target_media WHERE target_id = $2",
                   {target_id, row.text(8)});
        record_event(tx, row.text(0),
                     EventRecord{post_id, target_id, "scheduled", "scheduled",
                                 "recurring (series " + series_id + "), scheduled for " + format_utc(at), {}, {}},
                     now);
    }
}

}  // namespace

Result<Millis> first_occurrence(std::string_view rule, const LocalDateTime& start, std::string_view zone) {
    auto first = TRY(local_occurrences(rule, start, 0, 1));
    if (first.empty()) return Error::invalid("recurrence", "no_occurrence", "This rule has no occurrence from scheduled_at on");
    return instant_of(first.front(), zone);
}

Result<std::string> start_series(Transaction& tx, const accounts::Principal& caller, const std::string& post_id,
                                 const std::string& brand_id, const std::string& rule, const LocalDateTime& start,
                                 const std::string& zone, Millis first_at, Millis now) {
    const std::string id = new_id("series");
    tx.execute("INSERT INTO post_series (id, org_id, brand_id, rule, starts_local, time_zone, occurrences_made, created_at, "
               "updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)",
               {id, caller.org_id, brand_id, rule, format_local(start), zone, now});
    tx.execute("UPDATE posts SET series_id = $2, occurrence_at = $3 WHERE id = $1", {post_id, id, first_at});
    return id;
}

Result<int> extend_series(Transaction& tx, const std::string& series_id, Millis until, Millis now) {
    auto series = tx.query_one("SELECT rule, starts_local, time_zone, occurrences_made, finished FROM post_series WHERE id = $1",
                               {series_id});
    if (!series || series->int64(4) != 0) return 0;
    const auto start = parse_local(series->text(1));
    if (!start) return Error::internal("series " + series_id + " has an unreadable start");
    const auto zone = series->text(2);
    std::int64_t made = series->int64(3);
    auto upcoming = TRY(local_occurrences(series->text(0), *start, static_cast<std::size_t>(made), batch));
    bool finished = upcoming.size() < batch;  // the rule ends within this batch
    int created = 0;
    for (const auto& local : upcoming) {
        const Millis at = TRY(instant_of(local, zone));
        if (at >= until) {
            finished = false;
            break;
        }
        auto source = tx.query_one("SELECT id FROM posts WHERE series_id = $1 ORDER BY occurrence_at DESC LIMIT 1", {series_id});
        if (!source) {  // every occurrence was deleted: nothing left to repeat
            finished = true;
            break;
        }
        if (at > now) {
            copy_occurrence(tx, series_id, source->text(0), at, now);
            ++created;
        }
        ++made;
    }
    tx.execute("UPDATE post_series SET occurrences_made = $2, finished = $3, updated_at = $4 WHERE id = $1",
               {series_id, made, std::int64_t{finished ? 1 : 0}, now});
    return created;
}

Result<SeriesView> Series::get(const accounts::Principal& caller, const std::string& id, std::size_t upcoming) {
    auto view = TRY(store_.read([&](Transaction& tx) -> Result<SeriesView> {
        auto row = tx.query_one("SELECT id, brand_id, rule, starts_local, time_zone, finished FROM post_series "
                                "WHERE id = $1 AND org_id = $2",
                                {id, caller.org_id});
        if (!row) return Error::not_found("series");
        return SeriesView{row->text(0), row->text(1), row->text(2), row->text(3), row->text(4), row->int64(5) != 0, {}};
    }));
    if (view.finished) return view;
    const auto start = parse_local(view.starts_local);
    if (!start) return Error::internal("series " + id + " has an unreadable start");
    const Millis now = now_millis();
    for (std::size_t skip = 0; view.upcoming.size() < upcoming && skip < 5'000; skip += batch) {
        auto locals = TRY(local_occurrences(view.rule, *start, skip, batch));
        for (const auto& local : locals) {
            const Millis at = TRY(instant_of(local, view.time_zone));
            if (at > now && view.upcoming.size() < upcoming) view.upcoming.push_back(at);
        }
        if (locals.size() < batch) break;
    }
    return view;
}

Result<void> Series::stop(const accounts::Principal& caller, const std::string& id) {
    if (!is_at_least(caller.role, Role::editor)) return Error::forbidden("Your role cannot stop recurring posts");
    const Millis now = now_millis();
    return store_.write([&](Transaction& tx) -> Result<void> {
        if (tx.execute("UPDATE post_series SET finished = 1, updated_at = $3 WHERE id = $1 AND org_id = $2", {id, caller.org_id, now}) == 0)
            return Error::not_found("series");
        tx.execute("DELETE FROM posts WHERE series_id = $1 AND occurrence_at > $2 AND NOT EXISTS (SELECT 1 FROM post_targets t "
                   "WHERE t.post_id = posts.id AND t.status IN ('publishing', 'published'))",
                   {id, now});
        return {};
    });
}

Result<int> Series::extend_all(Millis now) {
    auto live = TRY(store_.read([](Transaction& tx) -> Result<std::vector<std::string>> {
        std::vector<std::string> ids;
        for (const auto& row : tx.query("SELECT id FROM post_series WHERE finished = 0", {})) ids.push_back(row.text(0));
        return ids;
    }));
    int created = 0;
    for (const auto& id : live)
        created += TRY(store_.write([&](Transaction& tx) { return extend_series(tx, id, now + series_horizon, now); }));
    return created;
}

}  // namespace chorus::publishing
