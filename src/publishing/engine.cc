#include "publishing/engine.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "core/id.h"
#include "networks/failures.h"
#include "networks/options.h"

namespace chorus::publishing {
namespace {

using networks::Failure;
using networks::FailureClass;
using networks::local_failure;

Settlement published(networks::RemotePost remote, bool found_by_reconciliation) {
    Settlement settlement;
    settlement.kind = Settlement::Kind::published;
    settlement.remote = std::move(remote);
    settlement.found_by_reconciliation = found_by_reconciliation;
    return settlement;
}

bool wants_first_comment(const Job& job) { return job.first_comment && !job.first_comment->empty(); }

bool comments_after_posting(const Job& job) {
    return wants_first_comment(job) && networks::first_comment_style(job.network) == networks::FirstComment::comment;
}

networks::PublishRequest request_for(const Job& job) {
    networks::PublishRequest request;
    request.idempotency_key = job.idempotency_key;
    request.draft.text = job.text;
    request.draft.title = job.title;
    request.draft.link = job.link;
    // How many attachments the post has, for find(): their facts and bytes come with the
    // uploads (MediaUpload), which a lookup does not make.
    request.draft.media.resize(job.media.size());
    request.thread = job.thread;
    // On networks with threads a first comment is a reply under the post: the last of the
    // chain, found and resumed like the thread's parts. Elsewhere it is a comment, made once
    // the post exists (Engine::posted).
    if (wants_first_comment(job) && networks::first_comment_style(job.network) == networks::FirstComment::reply)
        request.thread.push_back(*job.first_comment);
    request.options = job.options;
    request.attempt = job.attempt;
    request.not_before = job.first_attempt_at;
    return request;
}

}  // namespace

Engine::Engine(store::Store& store, const networks::ConnectorRegistry& connectors, const SecretBox& secrets,
               const media::MediaLibrary& media, channels::TokenKeeper& tokens, EngineOptions options)
    : store_(store), queue_(store), connectors_(connectors), secrets_(secrets), tokens_(tokens), media_(media), options_(std::move(options)),
      owner_(options_.node_name + "/" + new_id("engine")) {
    // The heartbeat must be able to beat a few times within a lease.
    options_.lease = std::max(options_.lease, std::chrono::milliseconds(300));
}

Engine::~Engine() { stop(); }

void Engine::start() {
    std::lock_guard lock(mutex_);
    if (dispatcher_.joinable()) return;
    stopping_ = false;
    recorder_stopping_ = false;
    heartbeat_stopping_ = false;
    recorder_ = std::thread([this] { record_loop(); });
    heartbeat_ = std::thread([this] { heartbeat_loop(); });
    dispatcher_ = std::thread([this] { dispatch_loop(); });
    if (options_.periodic || options_.node_periodic) housekeeper_ = std::thread([this] { housekeeping_loop(); });
    for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void Engine::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    dispatcher_wakeup_.notify_all();
    work_ready_.notify_all();
    if (dispatcher_.joinable()) dispatcher_.join();
    if (housekeeper_.joinable()) housekeeper_.join();
    for (auto& worker : workers_) worker.join();
    workers_.clear();
    {
        std::lock_guard lock(mutex_);
        heartbeat_stopping_ = true;
    }
    heartbeat_wakeup_.notify_all();
    if (heartbeat_.joinable()) heartbeat_.join();
    // Workers finishing their last attempt still record through it: stop it last.
    {
        std::lock_guard lock(record_mutex_);
        recorder_stopping_ = true;
    }
    record_ready_.notify_all();
    if (recorder_.joinable()) recorder_.join();
    // Jobs claimed but never started keep their lease and become claimable when it
    // expires; nothing is lost.
    ready_.clear();
}

void Engine::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    dispatcher_wakeup_.notify_all();
}

void Engine::housekeeping_loop() {
    // Every node runs an engine; one of them at a time does the scheduler's housekeeping (the
    // leader). The others ask again each round, so a leader that dies is replaced.
    auto leadership = store_.leadership("scheduler");
    bool leading = false;
    auto run_guarded = [](const std::function<void()>& work) {
        if (!work) return;
        try {
            work();
        } catch (const std::exception& failure) {
            spdlog::warn("publishing: periodic work failed: {}", failure.what());
        }
    };
    for (;;) {
        const bool now_leading = options_.periodic && leadership->held();
        if (now_leading && !leading) spdlog::info("publishing: {} now leads the scheduler (recurring posts, token renewals)", options_.node_name);
        if (!now_leading && leading) spdlog::info("publishing: {} no longer leads the scheduler", options_.node_name);
        leading = now_leading;
        if (leading) run_guarded(options_.periodic);
        run_guarded(options_.node_periodic);
        // stop() notifies this condition too; other wake-ups only re-check the predicate.
        std::unique_lock lock(mutex_);
        if (dispatcher_wakeup_.wait_for(lock, options_.periodic_interval, [&] { return stopping_; })) return;
    }
}

void Engine::heartbeat_loop() {
    const auto every = options_.lease / 4;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (heartbeat_wakeup_.wait_for(lock, every, [&] { return heartbeat_stopping_; })) return;
        }
        // A missed beat (the store is busy or away) is made up by the next; only three in a
        // row let the leases lapse.
        if (auto renewed = queue_.renew_leases(owner_, now_millis() + options_.lease.count()); !renewed)
            spdlog::warn("publishing: renewing the leases of {} failed: {}", owner_, renewed.error().message);
    }
}

void Engine::dispatch_loop() {
    for (;;) {
        int free_slots = 0;
        {
            std::unique_lock lock(mutex_);
            // Claim in batches: wait until a batch's worth of room (or all the room there
            // is) is free, so that claim transactions stay few and large under load.
            const int capacity = options_.workers + options_.claim_batch / 2;
            const int wanted = std::min(options_.claim_batch / 4 + 1, options_.workers);
            dispatcher_wakeup_.wait(lock, [&] {
                return stopping_ || capacity - busy_ - static_cast<int>(ready_.size()) >= wanted;
            });
            if (stopping_) return;
            free_slots = capacity - busy_ - static_cast<int>(ready_.size());
        }
        const ClaimOptions options{owner_, options_.lease.count(), std::min(free_slots, options_.claim_batch)};
        auto claimed = queue_.claim(options, now_millis());
        if (!claimed) spdlog::warn("publishing: claiming due posts failed: {}", claimed.error().message);
        const std::size_t count = claimed ? claimed->size() : 0;
        if (count > 0) {
            std::lock_guard lock(mutex_);
            for (auto& job : *claimed) ready_.push_back(std::move(job));
            work_ready_.notify_all();
        }
        if (claimed && static_cast<int>(count) == options.limit) continue;  // probably more due right now

        // Sleep until the next target is due, but never longer than the poll interval:
        // another node may schedule something sooner.
        auto sleep = options_.poll_interval;
        if (auto next = queue_.next_due(); next && *next)
            sleep = std::clamp(std::chrono::milliseconds(**next - now_millis()), std::chrono::milliseconds(0), sleep);
        if (sleep.count() == 0) sleep = std::chrono::milliseconds(5);  // due, but the budget or workers are full
        std::unique_lock lock(mutex_);
        dispatcher_wakeup_.wait_for(lock, sleep, [&] { return stopping_ || woken_; });
        woken_ = false;
        if (stopping_) return;
    }
}

void Engine::worker_loop() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
            if (stopping_) return;
            job = std::move(ready_.front());
            ready_.pop_front();
            ++busy_;
        }
        run(job);
        {
            std::lock_guard lock(mutex_);
            --busy_;
        }
        dispatcher_wakeup_.notify_all();
    }
}

void Engine::run(const Job& job) {
    Settlement settlement;
    try {
        settlement = attempt(job);
    } catch (const std::exception& failure) {
        // A bug, not the network's doing: keep the lease's promise by settling as
        // possibly-sent, so the next attempt looks the post up first.
        auto internal = local_failure(FailureClass::transient, "internal_error", failure.what());
        internal.maybe_created = true;
        settlement = settle_failure(job, internal);
    }
    for (int tries = 0; tries < 5; ++tries) {
        auto settled = tries == 0 ? record(job, settlement) : queue_.settle(job, owner_, settlement, now_millis());
        if (settled) {
            if (!*settled) spdlog::warn("publishing: lost the lease of {} before recording attempt {}", job.target_id, job.attempt);
            return;
        }
        spdlog::warn("publishing: recording the result of {} failed: {}", job.target_id, settled.error().message);
        std::this_thread::sleep_for(std::chrono::milliseconds(100 << tries));
    }
    // Still not recorded: the lease will expire and the next attempt reconciles first.
}

Result<bool> Engine::record(const Job& job, const Settlement& settlement) {
    PendingRecord pending{&job, &settlement, {}};
    auto done = pending.done.get_future();
    {
        std::lock_guard lock(record_mutex_);
        if (recorder_stopping_ || !recorder_.joinable()) return queue_.settle(job, owner_, settlement, now_millis());
        to_record_.push_back(&pending);
    }
    record_ready_.notify_one();
    return done.get();
}

void Engine::record_loop() {
    constexpr std::size_t max_batch = 256;
    for (;;) {
        std::vector<PendingRecord*> batch;
        {
            std::unique_lock lock(record_mutex_);
            record_ready_.wait(lock, [&] { return recorder_stopping_ || !to_record_.empty(); });
            if (to_record_.empty()) return;  // stopping, nothing left
            while (!to_record_.empty() && batch.size() < max_batch) {
                batch.push_back(to_record_.front());
                to_record_.pop_front();
            }
        }
        std::vector<JobQueue::Outcome> outcomes;
        for (auto* pending : batch) outcomes.push_back({pending->job, pending->settlement});
        auto recorded = queue_.settle_all(outcomes, owner_, now_millis());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (recorded) batch[i]->done.set_value(bool((*recorded)[i]));
            else batch[i]->done.set_value(recorded.error());  // each worker then retries on its own
        }
    }
}

Settlement Engine::attempt(const Job& job) {
    // First what the server cannot do at all: connecting the channel would not help.
    auto* connector = connectors_.find(job.network);
    if (!connector)
        return settle_failure(job, local_failure(FailureClass::validation, "network_not_configured",
                                                 "Publishing to " + job.network + " is not configured on this server"));
    if (job.channel_status == "needs_reconnect")
        return settle_failure(job, local_failure(FailureClass::auth, "channel_needs_reconnect",
                                                 "The channel's connection was refused by the network; reconnect it"));
    if (job.channel_status == "disconnected")
        return settle_failure(job, local_failure(FailureClass::auth, "channel_not_connected", "The channel is not connected"));

    networks::Account account{job.channel_id, job.network, job.handle, {}};
    if (job.sealed_credentials) {
        auto opened = secrets_.open(*job.sealed_credentials);
        if (!opened)
            return settle_failure(job, local_failure(FailureClass::auth, "credentials_unreadable",
                                                     "The channel's stored credentials cannot be read (" + opened.error().message +
                                                         "); reconnect it"));
        account.credentials = std::move(*opened);
    }
    auto request = request_for(job);
    if (job.sealed_checkpoint) {
        // Unreadable (a retired key): the connector starts over, as without one.
        if (auto opened = secrets_.open(*job.sealed_checkpoint)) request.checkpoint = std::move(*opened);
    }
    request.save_checkpoint = [this, &job, &request](const std::string& checkpoint) {
        auto saved = queue_.save_checkpoint(job, owner_, secrets_.seal(checkpoint), now_millis() + options_.lease.count());
        if (!saved || !*saved) return false;
        request.checkpoint = checkpoint;  // a second try within this attempt starts from it
        return true;
    };

    if (job.created) return comment_under(job, *connector, account, *job.created, job.must_reconcile);

    if (job.must_reconcile) {
        auto found = connector->find(account, request);
        (void)queue_.record_budgets(found.budgets, now_millis());
        if (!found.ok()) {
            auto failure = found.failure();
            failure.maybe_created = true;  // still unknown: the next attempt must look again
            return settle_failure(job, failure);
        }
        if (found.get().post) return posted(job, *connector, account, *found.get().post, true);
    }

    // Attachments first (fitted to the network by the media library), then the post.
    // An upload that fails never created the post, so it is never "maybe created".
    auto publish_with_media = [&](const networks::Account& as) -> networks::Outcome<networks::RemotePost> {
        networks::PublishRequest full = request;
        for (const auto& media : job.media) {
            auto prepared = media_.prepare_for(media.media_id, job.network);
            if (!prepared) return {local_failure(FailureClass::validation, prepared.error().code, prepared.error().message), {}};
            if (media.alt_text) prepared->facts.alt_text = *media.alt_text;  // the target's own
            if (connector->media_goes_with_post()) {
                full.attachments.push_back(std::move(*prepared));
                continue;
            }
            auto uploaded = connector->upload_media(as, *prepared);
            (void)queue_.record_budgets(uploaded.budgets, now_millis());
            if (!uploaded.ok()) {
                auto failure = uploaded.failure();
                failure.maybe_created = false;
                return {failure, {}};
            }
            full.media_ids.push_back(uploaded.get().remote_id);
        }
        auto created = connector->publish(as, full);
        (void)queue_.record_budgets(created.budgets, now_millis());
        return created;
    };
    auto outcome = publish_with_media(account);
    if (!outcome.ok() && outcome.failure().kind == FailureClass::auth && !outcome.failure().maybe_created) {
        // Refresh once (claimed, so that workers and nodes never refresh together); a
        // refused refresh means the user must reconnect, and the keeper has said so.
        auto refreshed = tokens_.refresh(account);
        if (!refreshed.ok()) {
            if (refreshed.failure().kind == FailureClass::auth) {
                auto failure = outcome.failure();
                failure.code = "needs_reconnect";
                // Both in the network's words: why the post was refused, and why the refresh was.
                failure.message = "The network refused the channel's token (" + failure.message + ") and its refresh (" +
                                  refreshed.failure().message + "); reconnect the channel";
                return settle_failure(job, failure);
            }
            return settle_failure(job, refreshed.failure());  // the refresh endpoint is failing for now: retry later
        }
        account.credentials = refreshed.get();
        outcome = publish_with_media(account);
    }
    if (!outcome.ok()) return settle_failure(job, outcome.failure());
    return posted(job, *connector, account, outcome.get(), false);
}

Settlement Engine::posted(const Job& job, networks::Connector& connector, const networks::Account& account, networks::RemotePost remote,
                          bool found_by_reconciliation) {
    if (!comments_after_posting(job)) return published(std::move(remote), found_by_reconciliation);
    // The post is kept before the comment is tried, so that nothing after this point can
    // post it again: a later attempt only comments.
    auto recorded = queue_.record_created(job, owner_, remote, now_millis());
    if (!recorded || !*recorded) {
        // The store failed, or another worker holds the job now: the next attempt looks the
        // post up and comments under it.
        auto failure = local_failure(FailureClass::transient, "not_recorded",
                                     recorded ? "another worker took over the post" : "keeping the new post failed: " + recorded.error().message);
        failure.maybe_created = true;
        return settle_failure(job, failure);
    }
    return comment_under(job, connector, account, std::move(remote), false);
}

Settlement Engine::comment_under(const Job& job, networks::Connector& connector, const networks::Account& account, networks::RemotePost remote,
                                 bool look_first) {
    const networks::CommentRequest request{remote.remote_id, *job.first_comment, job.idempotency_key + ":comment", job.first_attempt_at};
    if (look_first) {
        auto found = connector.find_comment(account, request);
        (void)queue_.record_budgets(found.budgets, now_millis());
        if (!found.ok()) {
            auto failure = found.failure();
            failure.maybe_created = true;  // still unknown: the next attempt must look again
            return comment_failed(job, std::move(remote), failure);
        }
        if (found.get()) {
            remote.note = "with its first comment (made by an earlier attempt)";
            return published(std::move(remote), false);
        }
    }
    // A refused token is not refreshed here: the post went out with it a moment ago, so the
    // refusal is a missing permission for comments (Meta's #10), which a refresh cannot
    // grant, and must not mark a channel that publishes well "needs reconnect". The note
    // says it; later attempts start with the token keeper's renewed token.
    auto made = connector.comment(account, request);
    (void)queue_.record_budgets(made.budgets, now_millis());
    if (!made.ok()) return comment_failed(job, std::move(remote), made.failure());
    remote.note = "with its first comment";
    return published(std::move(remote), false);
}

Settlement Engine::comment_failed(const Job& job, networks::RemotePost remote, Failure failure) const {
    auto settlement = settle_failure(job, failure);
    if (settlement.kind != Settlement::Kind::failed) {
        settlement.failure->message = "the post is published; its first comment failed: " + failure.message;
        return settlement;
    }
    // Given up on: the post is on the network and stays published; what went wrong with
    // its comment is said beside it, never by posting again.
    remote.note = "its first comment was not posted (" + failure.code + ": " + failure.message + ")" +
                  (failure.maybe_created ? "; it may have reached the network, check the post" : "");
    return published(std::move(remote), false);
}

Settlement Engine::settle_failure(const Job& job, Failure failure) const {
    Settlement settlement;
    const Millis now = now_millis();
    const bool out_of_attempts = job.attempt >= options_.max_attempts;
    switch (failure.kind) {
        case FailureClass::rate_limited:
            settlement.kind = out_of_attempts ? Settlement::Kind::failed : Settlement::Kind::retry;
            settlement.retry_at = failure.retry_at.value_or(now + options_.rate_limit_default_wait.count());
            settlement.counts_as_failure = false;
            break;
        case FailureClass::transient:
        case FailureClass::network_fault:
            settlement.kind = job.failures + 1 >= options_.max_failures || out_of_attempts ? Settlement::Kind::failed
                                                                                            : Settlement::Kind::retry;
            settlement.retry_at = now + backoff(job.failures + 1).count();
            break;
        case FailureClass::auth:
        case FailureClass::validation:
            settlement.kind = Settlement::Kind::failed;
            break;
    }
    settlement.failure = std::move(failure);
    return settlement;
}

std::chrono::milliseconds Engine::backoff(std::int64_t failures) const {
    // Exponential with full jitter over the upper half: spreads a burst of retries
    // without ever retrying sooner than half the nominal delay.
    auto delay = options_.backoff_base.count();
    for (std::int64_t i = 1; i < failures && delay < options_.backoff_cap.count(); ++i) delay *= 2;
    delay = std::min<std::int64_t>(delay, options_.backoff_cap.count());
    const auto half = delay / 2;
    return std::chrono::milliseconds(half + (half > 0 ? randombytes_uniform(static_cast<std::uint32_t>(half + 1)) : 0));
}

}  // namespace chorus::publishing
