#include "publishing/job_queue.h"

#include <algorithm>
#include <map>
#include <set>

#include "publishing/post_content.h"
#include "publishing/target_events.h"

namespace chorus::publishing {
namespace {

using store::Transaction;
using store::Value;

constexpr std::string_view job_columns =
    "SELECT t.id, t.post_id, t.org_id, t.channel_id, c.network, c.handle, c.status, cc.sealed, t.idempotency_key, "
    "t.attempts_started, t.attempts_settled, t.failures, COALESCE(t.text, p.text), t.first_comment, "
    "COALESCE(t.title, p.title), COALESCE(t.link, p.link), t.status, COALESCE(t.thread, p.thread), t.options, t.sealed_checkpoint, "
    "t.own_media, t.remote_id, t.remote_url, (SELECT COUNT(*) FROM post_media m WHERE m.post_id = t.post_id) "
    "FROM post_targets t JOIN posts p ON p.id = t.post_id JOIN channels c ON c.id = t.channel_id "
    "LEFT JOIN channel_credentials cc ON cc.channel_id = t.channel_id WHERE t.id IN ";

// A write on behalf of an attempt ($1 target, $2 lease owner, $3 attempt number) lands only
// while that attempt still holds the job: a worker whose lease expired and was taken over
// changes nothing.
// A paused channel's scheduled targets wait; an attempt already under way (its lease may
// have lapsed with its node) is still finished, since it may be on the network already.
constexpr std::string_view not_paused =
    "(status = 'publishing' OR NOT EXISTS (SELECT 1 FROM channels c WHERE c.id = post_targets.channel_id "
    "AND c.paused_at IS NOT NULL))";

constexpr std::string_view held_by_this_attempt =
    " WHERE id = $1 AND lease_owner = $2 AND attempts_started = $3 AND status = 'publishing'";

// Claims and results are batched: each statement covers many targets, because on PostgreSQL
// every statement is a round trip (store::query_in and execute_in cut them at
// store::max_batch_rows).
using store::execute_in;
using store::query_in;

std::vector<std::string> distinct(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

// The candidates (id, channel_id) that their channels' shared budgets allow now, in order.
// The rest wait for their budget's reset without using an attempt.
std::vector<std::string> within_budgets(Transaction& tx, const std::vector<store::Row>& candidates, Millis now) {
    std::map<std::string, std::int64_t> wanted;  // per budget scope
    for (const auto& row : candidates) ++wanted["channel:" + row.text(1)];
    std::vector<std::string> scopes;
    for (const auto& [scope, count] : wanted) scopes.push_back(scope);

    struct Allowance {
        std::int64_t count = 0;
        Millis reset_at = 0;
    };
    std::map<std::string, Allowance> limited;  // only scopes whose budget runs now
    for (const auto& row : query_in(tx, "SELECT scope, remaining, reset_at FROM rate_budgets WHERE scope IN ", scopes)) {
        if (row.int64(2) <= now) continue;  // reset already: no limit known
        const std::string scope = row.text(0);
        const std::int64_t allowed = std::clamp<std::int64_t>(row.int64(1), 0, wanted[scope]);
        if (allowed > 0) tx.execute("UPDATE rate_budgets SET remaining = remaining - $2 WHERE scope = $1", {scope, allowed});
        limited[scope] = {allowed, row.int64(2)};
    }

    std::vector<std::string> allowed;
    for (const auto& row : candidates) {
        auto budget = limited.find("channel:" + row.text(1));
        if (budget == limited.end() || budget->second.count-- > 0) {
            allowed.push_back(row.text(0));
            continue;
        }
        tx.execute("UPDATE post_targets SET status = 'scheduled', run_at = $2, lease_owner = NULL, updated_at = $3 WHERE id = $1",
                   {row.text(0), budget->second.reset_at, now});
    }
    return allowed;
}

Job job_from(const store::Row& row) {
    Job job{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6),
            row.optional_text(7), row.text(8), row.int64(9) + 1, row.int64(11), row.int64(9) > row.int64(10),
            row.text(12), row.optional_text(13), row.optional_text(14), row.optional_text(15), {},
            thread_from(row.optional_text(17)), row.optional_text(18).value_or("{}"), row.optional_text(19)};
    if (auto remote_id = row.optional_text(21)) job.created = networks::RemotePost{*remote_id, row.optional_text(22).value_or("")};
    return job;
}

// The files of the claimed jobs: each target's own where it has them, else its post's. Posts
// without media cost no read.
void attach_media(Transaction& tx, std::vector<Job>& jobs, const std::vector<store::Row>& rows) {
    std::vector<std::string> own_targets, posts;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (rows[i].int64(20) != 0) own_targets.push_back(jobs[i].target_id);
        else if (rows[i].int64(23) > 0) posts.push_back(jobs[i].post_id);
    }
    std::map<std::string, std::vector<JobMedia>> own, shared;
    for (const auto& row : query_in(tx, "SELECT target_id, media_id, alt_text FROM target_media WHERE target_id IN ", own_targets,
                                    " ORDER BY target_id, position"))
        own[row.text(0)].push_back({row.text(1), row.optional_text(2)});
    for (const auto& row : query_in(tx, "SELECT post_id, media_id FROM post_media WHERE post_id IN ", distinct(posts),
                                    " ORDER BY post_id, position"))
        shared[row.text(0)].push_back({row.text(1), std::nullopt});
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        auto& files = rows[i].int64(20) != 0 ? own : shared;
        if (auto found = files.find(rows[i].int64(20) != 0 ? jobs[i].target_id : jobs[i].post_id); found != files.end())
            jobs[i].media = found->second;
    }
}

}  // namespace

Result<std::vector<Job>> JobQueue::claim(const ClaimOptions& options, Millis now) {
    const bool postgres = store_.backend() == store::Backend::postgres;
    return store_.write([&](Transaction& tx) -> Result<std::vector<Job>> {
        // SQLite has one writer, so nothing else can claim meanwhile; PostgreSQL workers
        // skip each other's rows instead of waiting for them.
        auto candidates = tx.query(std::string("SELECT id, channel_id FROM post_targets "
                                               "WHERE status IN ('scheduled', 'publishing') AND run_at <= $1 AND ") +
                                       std::string(not_paused) + " ORDER BY run_at LIMIT $2" +
                                       (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
                                   {now, std::int64_t{options.limit}});
        const auto target_ids = within_budgets(tx, candidates, now);

        std::map<std::string, store::Row> by_id;
        for (auto& row : query_in(tx, job_columns, target_ids)) {
            auto id = row.text(0);
            by_id.emplace(std::move(id), std::move(row));
        }
        std::vector<Job> jobs;
        std::vector<store::Row> rows;
        for (const auto& id : target_ids)
            if (auto row = by_id.find(id); row != by_id.end()) {
                jobs.push_back(job_from(row->second));
                rows.push_back(std::move(row->second));
            }
        attach_media(tx, jobs, rows);

        // Only later attempts look posts up (find(), or a connector resuming what an earlier
        // attempt made), and only they need the first attempt's start: the usual first claim
        // pays no extra read.
        std::vector<std::string> later_attempts;
        for (const auto& job : jobs)
            if (job.must_reconcile || job.attempt > 1) later_attempts.push_back(job.target_id);
        std::map<std::string, Millis> first_attempts;
        for (const auto& row : query_in(tx, "SELECT target_id, MIN(at) FROM target_events WHERE kind = 'attempt_started' AND target_id IN ",
                                        later_attempts, " GROUP BY target_id"))
            if (auto at = row.optional_int64(1)) first_attempts[row.text(0)] = *at;

        std::vector<OrgEvent> events;
        std::vector<std::string> claimed;
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            auto& job = jobs[i];
            const auto first = first_attempts.find(job.target_id);
            job.first_attempt_at = first != first_attempts.end() ? first->second : now;
            const bool lease_expired = rows[i].text(16) == "publishing";
            std::string detail = "attempt " + std::to_string(job.attempt);
            if (job.created) detail += ": the post is on the network; posting its first comment";
            else if (lease_expired) detail += ": the worker running the previous attempt stopped; checking the network first";
            else if (job.must_reconcile) detail += ": the previous attempt may have reached the network; checking first";
            events.push_back({job.org_id, EventRecord{job.post_id, job.target_id, "attempt_started", "publishing", detail, {}, {}}});
            claimed.push_back(job.target_id);
        }
        record_events(tx, events, now);
        execute_in(tx,
                   "UPDATE post_targets SET status = 'publishing', lease_owner = $1, run_at = $2, "
                   "attempts_started = attempts_started + 1, updated_at = $3 WHERE id IN ",
                   claimed, {options.owner, now + options.lease, now});
        return jobs;
    });
}

Result<std::int64_t> JobQueue::renew_leases(const std::string& owner, Millis lease_until) {
    return store_.write([&](Transaction& tx) -> Result<std::int64_t> {
        return tx.execute("UPDATE post_targets SET run_at = $2 WHERE lease_owner = $1 AND status = 'publishing' AND run_at < $2",
                          {owner, lease_until});
    });
}

Result<std::optional<Millis>> JobQueue::next_due() {
    return store_.read([&](Transaction& tx) -> Result<std::optional<Millis>> {
        auto row = tx.query_one(std::string("SELECT MIN(run_at) FROM post_targets WHERE status IN ('scheduled', 'publishing') AND ") +
                                    std::string(not_paused),
                                {});
        return row ? row->optional_int64(0) : std::nullopt;
    });
}

namespace {

// A failed or deferred attempt, recorded only while the attempt still holds the job.
bool record_failure(Transaction& tx, const Job& job, const std::string& owner, const Settlement& settlement, Millis now,
                    std::vector<OrgEvent>& events) {
    const auto& failure = *settlement.failure;
    const bool retry = settlement.kind == Settlement::Kind::retry;
    const std::string status = retry ? "scheduled" : "failed";
    // A target whose post is on the network (record_created) waits for its comment's retry
    // locked against edits, and is never "failed": the engine settles a comment given up on
    // as published with a note, and this keeps it so should anything else end the attempt.
    auto changed = tx.execute(
        std::string("UPDATE post_targets SET "
                    "status = CASE WHEN remote_id IS NULL THEN $4 WHEN $4 = 'failed' THEN 'published' ELSE 'publishing' END, "
                    "published_at = CASE WHEN remote_id IS NOT NULL AND $4 = 'failed' THEN $12 ELSE published_at END, "
                    "run_at = $5, lease_owner = NULL, failures = failures + $6, "
                    "attempts_settled = CASE WHEN $7 = 1 THEN attempts_settled ELSE attempts_started END, "
                    "error_class = $8, error_code = $9, error_message = $10, error_http_status = $11, updated_at = $12") +
            std::string(held_by_this_attempt),
        {job.target_id, owner, job.attempt, status, retry ? Value{settlement.retry_at} : Value{nullptr},
         std::int64_t{settlement.counts_as_failure ? 1 : 0}, std::int64_t{failure.maybe_created ? 1 : 0},
         std::string(networks::to_string(failure.kind)), failure.code, failure.message, store::nullable(failure.http_status), now});
    if (changed == 0) return false;
    tx.execute("UPDATE channels SET last_error_at = $2, last_error = $3 WHERE id = $1",
               {job.channel_id, now, failure.code + ": " + failure.message});
    std::string detail = failure.code + ": " + failure.message;
    if (retry) detail += " — will retry at " + format_utc(settlement.retry_at);
    if (failure.maybe_created) detail += " (the network may have received it; it will be looked up before any retry)";
    std::optional<std::int64_t> http_status;
    if (failure.http_status) http_status = *failure.http_status;
    events.push_back({job.org_id, EventRecord{job.post_id, job.target_id, retry ? "retry_scheduled" : "failed", status, detail,
                                              std::string(networks::to_string(failure.kind)), http_status}});
    return true;
}

// Successes, a statement per chunk. Success is a fact about the network: it is recorded
// whoever holds the lease now, unless another worker recorded it first.
void record_published(Transaction& tx, const std::vector<JobQueue::Outcome>& published, Millis now, std::vector<OrgEvent>& events) {
    std::set<std::string> changed;
    store::for_each_batch(published.size(), [&](std::size_t begin, std::size_t count) {
        std::vector<Value> params{now};
        for (std::size_t i = begin; i < begin + count; ++i) {
            const auto& remote = *published[i].settlement->remote;
            params.insert(params.end(), {published[i].job->target_id, remote.remote_id, remote.remote_url});
        }
        // The columns of a VALUES list are column1, column2, … on both backends.
        for (const auto& row : tx.query("UPDATE post_targets SET status = 'published', remote_id = v.column2, remote_url = v.column3, "
                                        "published_at = $1, run_at = NULL, lease_owner = NULL, attempts_settled = attempts_started, "
                                        "error_class = NULL, error_code = NULL, error_message = NULL, error_http_status = NULL, "
                                        "updated_at = $1 FROM (VALUES " +
                                            store::placeholder_rows(2, count, 3) +
                                            ") AS v WHERE post_targets.id = v.column1 AND post_targets.status <> 'published' "
                                            "RETURNING post_targets.id",
                                        params))
            changed.insert(row.text(0));
    });
    std::vector<std::string> channels;
    for (const auto& [job, settlement] : published) {
        if (!changed.contains(job->target_id)) continue;
        channels.push_back(job->channel_id);
        const auto& remote = *settlement->remote;
        std::string detail = (settlement->found_by_reconciliation ? "found on the network (published by an earlier attempt): "
                                                                   : "published: ") +
                             (remote.remote_url.empty() ? remote.remote_id : remote.remote_url) +
                             (remote.note.empty() ? "" : " — " + remote.note);
        events.push_back({job->org_id, EventRecord{job->post_id, job->target_id, "published", "published", detail, {}, {}}});
    }
    execute_in(tx, "UPDATE channels SET last_success_at = $1 WHERE id IN ", distinct(std::move(channels)), {now});
}

}  // namespace

Result<bool> JobQueue::settle(const Job& job, const std::string& owner, const Settlement& settlement, Millis now) {
    auto recorded = settle_all({Outcome{&job, &settlement}}, owner, now);
    if (!recorded) return recorded.error();
    return bool(recorded->front());
}

Result<std::vector<bool>> JobQueue::settle_all(const std::vector<Outcome>& outcomes, const std::string& owner, Millis now) {
    return store_.write([&](Transaction& tx) -> Result<std::vector<bool>> {
        std::vector<bool> recorded(outcomes.size(), true);
        std::vector<Outcome> published;
        std::vector<OrgEvent> events;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            if (outcomes[i].settlement->kind == Settlement::Kind::published) published.push_back(outcomes[i]);
            else recorded[i] = record_failure(tx, *outcomes[i].job, owner, *outcomes[i].settlement, now, events);
        }
        record_published(tx, published, now, events);
        record_events(tx, events, now);
        return recorded;
    });
}

Result<bool> JobQueue::save_checkpoint(const Job& job, const std::string& owner, const std::string& sealed_checkpoint, Millis lease_until) {
    return store_.write([&](Transaction& tx) -> Result<bool> {
        return tx.execute("UPDATE post_targets SET sealed_checkpoint = $4, run_at = CASE WHEN run_at < $5 THEN $5 ELSE run_at END" +
                              std::string(held_by_this_attempt),
                          {job.target_id, owner, job.attempt, sealed_checkpoint, lease_until}) == 1;
    });
}

Result<bool> JobQueue::record_created(const Job& job, const std::string& owner, const networks::RemotePost& remote, Millis now) {
    return store_.write([&](Transaction& tx) -> Result<bool> {
        if (tx.execute("UPDATE post_targets SET remote_id = $4, remote_url = $5, updated_at = $6" + std::string(held_by_this_attempt),
                       {job.target_id, owner, job.attempt, remote.remote_id, remote.remote_url, now}) == 0)
            return false;
        record_event(tx, job.org_id,
                     EventRecord{job.post_id, job.target_id, "posted", "publishing",
                                 "on the network: " + (remote.remote_url.empty() ? remote.remote_id : remote.remote_url) +
                                     "; posting the first comment next",
                                 {}, {}},
                     now);
        return true;
    });
}

Result<void> JobQueue::record_budgets(const std::vector<networks::Budget>& budgets, Millis now) {
    if (budgets.empty()) return {};
    return store_.write([&](Transaction& tx) -> Result<void> {
        for (const auto& budget : budgets)
            tx.execute(std::string("INSERT INTO rate_budgets (scope, remaining, reset_at, updated_at) VALUES ($1, $2, $3, $4) "
                                   "ON CONFLICT (scope) DO UPDATE SET remaining = excluded.remaining, reset_at = excluded.reset_at, "
                                   "updated_at = excluded.updated_at") +
                           (budget.counted_here ? " WHERE rate_budgets.reset_at <= excluded.updated_at" : ""),
                       {budget.scope, budget.remaining, budget.reset_at, now});
        return {};
    });
}

}  // namespace chorus::publishing
