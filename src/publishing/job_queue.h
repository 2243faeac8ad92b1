#pragma once
// The durable publish queue, kept in post_targets rows. Claiming takes due targets under a
// lease (FOR UPDATE SKIP LOCKED on PostgreSQL, the single writer on SQLite); an expired
// lease makes a target claimable again. Settling records one attempt's result, and only
// if the lease is still ours — except success, which is a fact about the network and is
// recorded whoever holds the lease.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "networks/connector.h"
#include "store/store.h"

namespace chorus::publishing {

// A file the post carries, with the target's own alt text for it when it has one.
struct JobMedia {
    std::string media_id;
    std::optional<std::string> alt_text;
};

struct Job {
    std::string target_id;
    std::string post_id;
    std::string org_id;
    std::string channel_id;
    std::string network;
    std::string handle;
    std::string channel_status;
    std::optional<std::string> sealed_credentials;
    std::string idempotency_key;
    std::int64_t attempt = 0;    // this attempt's number (attempts_started after the claim)
    std::int64_t failures = 0;   // transient failures before this attempt
    // An earlier attempt may have reached the network without us learning the result:
    // look the post up before publishing.
    bool must_reconcile = false;
    std::string text;
    std::optional<std::string> first_comment;
    std::optional<std::string> title;
    std::optional<std::string> link;
    std::vector<JobMedia> media;  // the library's, in order: the target's own, else the post's
    std::vector<std::string> thread;     // the parts after the first
    std::string options = "{}";          // the target's network options (JSON object)
    std::optional<std::string> sealed_checkpoint;  // what an earlier attempt's connector saved
    Millis first_attempt_at = 0;  // when the target's first attempt began (this one's start on the first)
    // The post is on the network already and only its first comment is left to make
    // (record_created): this attempt comments, it never posts again.
    std::optional<networks::RemotePost> created = {};
};

struct ClaimOptions {
    std::string owner;  // unique per engine instance
    Millis lease = 15'000;
    int limit = 32;
};

// How one attempt ended, as the engine decided.
struct Settlement {
    enum class Kind { published, retry, failed } kind = Kind::failed;
    std::optional<networks::RemotePost> remote;
    bool found_by_reconciliation = false;
    std::optional<networks::Failure> failure;
    Millis retry_at = 0;
    bool counts_as_failure = true;  // rate-limit deferrals do not use up retries
};

class JobQueue {
public:
    explicit JobQueue(store::Store& store) : store_(store) {}

    // Claims up to options.limit due targets. Targets whose channel's shared budget is
    // spent are pushed back to the budget's reset without being claimed.
    Result<std::vector<Job>> claim(const ClaimOptions& options, Millis now);
    // Keeps every job `owner` holds (running, or claimed and waiting to start) until
    // lease_until, in one statement however many they are: a live node's heartbeat, so that
    // its leases can be short and a dead node's jobs are taken over soon. Returns how many.
    Result<std::int64_t> renew_leases(const std::string& owner, Millis lease_until);
    // The earliest run_at of any live target, to know how long to sleep.
    Result<std::optional<Millis>> next_due();

    // false when the lease was lost and the result not recorded.
    Result<bool> settle(const Job& job, const std::string& owner, const Settlement& settlement, Millis now);
    // Several results in one transaction (group commit: one WAL write for many attempts).
    struct Outcome {
        const Job* job;
        const Settlement* settlement;
    };
    Result<std::vector<bool>> settle_all(const std::vector<Outcome>& outcomes, const std::string& owner, Millis now);

    // Keeps what the connector saved mid-attempt (sealed), if the job is still this
    // attempt's: false when the lease was lost, and the connector must not go on. Saving is
    // progress, so the lease is renewed until lease_until: a long upload that saves as it
    // goes is not taken over by another worker while it still runs.
    Result<bool> save_checkpoint(const Job& job, const std::string& owner, const std::string& sealed_checkpoint, Millis lease_until);
    // Keeps the post an attempt made before the attempt goes on to comment under it: from now
    // on the target shows its address, and no later attempt posts again. false when the
    // lease was lost.
    Result<bool> record_created(const Job& job, const std::string& owner, const networks::RemotePost& remote, Millis now);
    Result<void> record_budgets(const std::vector<networks::Budget>& budgets, Millis now);

private:
    store::Store& store_;
};

}  // namespace chorus::publishing
