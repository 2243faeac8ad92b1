#include "publishing/job_queue.h"

#include <algorithm>
#include <map>

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
    "LEFT JOIN channel_credentials cc ON cc.channel_id = t.channel_id WHERE t.id = $1";

// A write on behalf of an attempt ($1 target, $2 lease owner, $3 attempt number) lands only
// while that attempt still holds the job: a worker whose lease expired and was taken over
// changes nothing.
constexpr std::string_view held_by_this_attempt =
    " WHERE id = $1 AND lease_owner = $2 AND attempts_started = $3 AND status = 'publishing'";

// What the channel's shared budget allows now: how many of `wanted` may go, and when the
// rest may try again.
struct Allowance {
    std::int64_t count = 0;
    Millis reset_at = 0;
};

Allowance spend_budget(Transaction& tx, const std::string& channel_id, std::int64_t wanted, Millis now) {
    const std::string scope = "channel:" + channel_id;
    auto row = tx.query_one("SELECT remaining, reset_at FROM rate_budgets WHERE scope = $1", {scope});
    if (!row || row->int64(1) <= now) return {wanted, 0};
    const std::int64_t allowed = std::clamp<std::int64_t>(row->int64(0), 0, wanted);
    if (allowed > 0) tx.execute("UPDATE rate_budgets SET remaining = remaining - $2 WHERE scope = $1", {scope, allowed});
    return {allowed, row->int64(1)};
}

}  // namespace

Result<std::vector<Job>> JobQueue::claim(const ClaimOptions& options, Millis now) {
    const bool postgres = store_.backend() == store::Backend::postgres;
    return store_.write([&](Transaction& tx) -> Result<std::vector<Job>> {
        // SQLite has one writer, so nothing else can claim meanwhile; PostgreSQL workers
        // skip each other's rows instead of waiting for them.
        auto candidates = tx.query(std::string("SELECT id, channel_id FROM post_targets "
                                               "WHERE status IN ('scheduled', 'publishing') AND run_at <= $1 "
                                               "ORDER BY run_at LIMIT $2") +
                                       (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
                                   {now, std::int64_t{options.limit}});
        std::map<std::string, std::vector<std::string>> by_channel;
        for (const auto& row : candidates) by_channel[row.text(1)].push_back(row.text(0));

        std::vector<Job> jobs;
        std::vector<Value> claimed{options.owner, now + options.lease, now};
        for (const auto& [channel_id, target_ids] : by_channel) {
            const auto allowance = spend_budget(tx, channel_id, static_cast<std::int64_t>(target_ids.size()), now);
            for (std::size_t i = 0; i < target_ids.size(); ++i) {
                if (static_cast<std::int64_t>(i) >= allowance.count) {
                    // Spent budget: wait for its reset without using an attempt.
                    tx.execute("UPDATE post_targets SET status = 'scheduled', run_at = $2, lease_owner = NULL, updated_at = $3 "
                               "WHERE id = $1",
                               {target_ids[i], allowance.reset_at, now});
                    continue;
                }
                auto row = tx.query_one(job_columns, {target_ids[i]});
                if (!row) continue;
                Job job{row->text(0), row->text(1), row->text(2), row->text(3), row->text(4), row->text(5), row->text(6),
                        row->optional_text(7), row->text(8), row->int64(9) + 1, row->int64(11), row->int64(9) > row->int64(10),
                        row->text(12), row->optional_text(13), row->optional_text(14), row->optional_text(15), {},
                        thread_from(row->optional_text(17)), row->optional_text(18).value_or("{}"), row->optional_text(19)};
                const bool lease_expired = row->text(16) == "publishing";
                const bool own_media = row->int64(20) != 0;
                // A text post pays no media read (on PostgreSQL each read is a round trip).
                if (own_media || row->int64(23) > 0)
                    for (const auto& media : own_media ? tx.query("SELECT media_id, alt_text FROM target_media WHERE target_id = $1 "
                                                                  "ORDER BY position",
                                                                  {job.target_id})
                                                       : tx.query("SELECT media_id, NULL FROM post_media WHERE post_id = $1 ORDER BY position",
                                                                  {job.post_id}))
                        job.media.push_back({media.text(0), media.optional_text(1)});
                claimed.emplace_back(job.target_id);
                if (auto remote_id = row->optional_text(21))
                    job.created = networks::RemotePost{*remote_id, row->optional_text(22).value_or("")};
                std::string detail = "attempt " + std::to_string(job.attempt);
                if (job.created) detail += ": the post is on the network; posting its first comment";
                else if (lease_expired) detail += ": the worker running the previous attempt stopped; checking the network first";
                else if (job.must_reconcile) detail += ": the previous attempt may have reached the network; checking first";
                record_event(tx, job.org_id, EventRecord{job.post_id, job.target_id, "attempt_started", "publishing", detail, {}, {}},
                             now);
                // Only later attempts look posts up (find(), or a connector resuming what an
                // earlier attempt made), and only they need the first attempt's start: the
                // usual first claim pays no extra read.
                job.first_attempt_at = now;
                if (job.must_reconcile || job.attempt > 1)
                    if (auto first = tx.query_one("SELECT MIN(at) FROM target_events WHERE target_id = $1 AND kind = 'attempt_started'",
                                                  {job.target_id}))
                        job.first_attempt_at = first->optional_int64(0).value_or(now);
                jobs.push_back(std::move(job));
            }
        }
        // One statement for the batch: its text varies only with the batch's size.
        if (claimed.size() > 3) {
            std::string ids;
            for (std::size_t i = 4; i <= claimed.size(); ++i) ids += (ids.empty() ? "$" : ", $") + std::to_string(i);
            tx.execute("UPDATE post_targets SET status = 'publishing', lease_owner = $1, run_at = $2, "
                       "attempts_started = attempts_started + 1, updated_at = $3 WHERE id IN (" + ids + ")",
                       claimed);
        }
        return jobs;
    });
}

Result<std::optional<Millis>> JobQueue::next_due() {
    return store_.read([&](Transaction& tx) -> Result<std::optional<Millis>> {
        auto row = tx.query_one("SELECT MIN(run_at) FROM post_targets WHERE status IN ('scheduled', 'publishing')", {});
        return row ? row->optional_int64(0) : std::nullopt;
    });
}

namespace {

bool apply_settlement(Transaction& tx, const Job& job, const std::string& owner, const Settlement& settlement, Millis now) {
    if (settlement.kind == Settlement::Kind::published) {
        // Success is a fact about the network: record it whoever holds the lease now.
        const auto& remote = *settlement.remote;
        auto changed = tx.execute(
            "UPDATE post_targets SET status = 'published', remote_id = $2, remote_url = $3, published_at = $4, run_at = NULL, "
            "lease_owner = NULL, attempts_settled = attempts_started, error_class = NULL, error_code = NULL, "
            "error_message = NULL, error_http_status = NULL, updated_at = $4 WHERE id = $1 AND status <> 'published'",
            {job.target_id, remote.remote_id, remote.remote_url, now});
        if (changed == 0) return true;  // another worker recorded it first
        tx.execute("UPDATE channels SET last_success_at = $2 WHERE id = $1", {job.channel_id, now});
        std::string detail = (settlement.found_by_reconciliation ? "found on the network (published by an earlier attempt): "
                                                                  : "published: ") +
                             (remote.remote_url.empty() ? remote.remote_id : remote.remote_url) +
                             (remote.note.empty() ? "" : " — " + remote.note);
        record_event(tx, job.org_id, EventRecord{job.post_id, job.target_id, "published", "published", detail, {}, {}}, now);
        return true;
    }
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
    record_event(tx, job.org_id,
                 EventRecord{job.post_id, job.target_id, retry ? "retry_scheduled" : "failed", status, detail,
                             std::string(networks::to_string(failure.kind)), http_status},
                 now);
    return true;
}

}  // namespace

Result<bool> JobQueue::settle(const Job& job, const std::string& owner, const Settlement& settlement, Millis now) {
    return store_.write([&](Transaction& tx) -> Result<bool> { return apply_settlement(tx, job, owner, settlement, now); });
}

Result<std::vector<bool>> JobQueue::settle_all(const std::vector<Outcome>& outcomes, const std::string& owner, Millis now) {
    return store_.write([&](Transaction& tx) -> Result<std::vector<bool>> {
        std::vector<bool> recorded;
        recorded.reserve(outcomes.size());
        for (const auto& outcome : outcomes) recorded.push_back(apply_settlement(tx, *outcome.job, owner, *outcome.settlement, now));
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
