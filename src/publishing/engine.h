#pragma once
// The publishing engine: claims due targets from the JobQueue and publishes each exactly
// once through its network's Connector.
//
// - An attempt after one that may have reached the network first asks the connector to
//   find the post by its idempotency key, and publishes only if it is not there.
// - Transient failures are retried with exponential backoff and full jitter, up to a
//   limit; rate limits wait for the network's reset without using up retries.
// - A refused token is refreshed once; if the refresh is refused too, the channel is
//   marked "needs reconnect" and its targets fail with that reason.
// - The network's own message and status are kept with every failure.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/secret_box.h"
#include "channels/token_keeper.h"
#include "media/library.h"
#include "networks/connector.h"
#include "publishing/job_queue.h"
#include "store/store.h"

namespace chorus::publishing {

struct EngineOptions {
    std::string node_name = "chorus";
    int workers = 8;                                  // attempts in flight at once
    int claim_batch = 32;
    // How long a claimed job stays this node's without news from it. A live node renews its
    // leases every quarter of this (the heartbeat), so an attempt may take longer; a dead
    // node's jobs are taken over about this long after it died.
    std::chrono::milliseconds lease{15'000};
    std::chrono::milliseconds network_timeout{30'000};  // the connectors' per-request timeout
    std::chrono::milliseconds poll_interval{250};     // longest sleep when nothing is due
    int max_failures = 6;                             // transient failures before giving up
    int max_attempts = 30;                            // every kind, rate-limit waits included
    std::chrono::milliseconds backoff_base{2'000};
    std::chrono::milliseconds backoff_cap{15 * 60'000};
    std::chrono::milliseconds rate_limit_default_wait{60'000};  // 429 without Retry-After
    // Housekeeping (recurring posts' next occurrences, renewing tokens ahead of expiry),
    // run once per interval on a thread of its own: it may wait on a network, and the
    // dispatcher must not. Of all the engines sharing a store, only the one that holds the
    // store's "scheduler" leadership runs it.
    std::function<void()> periodic;
    // This node's own chores, run on every node in the same rounds (files in its data
    // directory, which other nodes may not share).
    std::function<void()> node_periodic;
    std::chrono::milliseconds periodic_interval{60'000};
};

class Engine {
public:
    Engine(store::Store& store, const networks::ConnectorRegistry& connectors, const SecretBox& secrets,
           const media::MediaLibrary& media, channels::TokenKeeper& tokens, EngineOptions options);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void start();
    // Stops claiming, lets attempts in flight finish, joins the threads.
    void stop();
    // Something may have become due now (a post was published "now"): stop sleeping.
    void wake();

    // One attempt, synchronously (the threads call this; tests may too).
    void run(const Job& job);

private:
    void dispatch_loop();
    void housekeeping_loop();
    void heartbeat_loop();
    void worker_loop();
    void record_loop();
    // Hands the result to the recorder, which commits the results of all workers that are
    // waiting in one transaction, and waits until it is durable.
    Result<bool> record(const Job& job, const Settlement& settlement);
    Settlement attempt(const Job& job);
    // The post is on the network: published, or first kept and then given its first comment
    // where that is a comment under it (networks/options.h FirstComment::comment).
    Settlement posted(const Job& job, networks::Connector& connector, const networks::Account& account, networks::RemotePost remote,
                      bool found_by_reconciliation);
    Settlement comment_under(const Job& job, networks::Connector& connector, const networks::Account& account, networks::RemotePost remote,
                             bool look_first);
    Settlement comment_failed(const Job& job, networks::RemotePost remote, networks::Failure failure) const;
    Settlement settle_failure(const Job& job, networks::Failure failure) const;
    std::chrono::milliseconds backoff(std::int64_t failures) const;

    store::Store& store_;
    JobQueue queue_;
    const networks::ConnectorRegistry& connectors_;
    const SecretBox& secrets_;
    channels::TokenKeeper& tokens_;
    const media::MediaLibrary& media_;
    EngineOptions options_;
    std::string owner_;

    std::mutex mutex_;
    std::condition_variable dispatcher_wakeup_;
    std::condition_variable work_ready_;
    std::deque<Job> ready_;
    int busy_ = 0;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread dispatcher_;
    std::thread housekeeper_;
    // Stops after the workers: their last attempts keep their leases until recorded.
    std::thread heartbeat_;
    std::condition_variable heartbeat_wakeup_;
    bool heartbeat_stopping_ = false;
    std::vector<std::thread> workers_;

    struct PendingRecord {
        const Job* job;
        const Settlement* settlement;
        std::promise<Result<bool>> done;
    };
    std::mutex record_mutex_;
    std::condition_variable record_ready_;
    std::deque<PendingRecord*> to_record_;
    bool recorder_stopping_ = false;
    std::thread recorder_;
};

}  // namespace chorus::publishing
