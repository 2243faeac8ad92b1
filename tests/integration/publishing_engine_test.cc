// The publishing engine against the fault-injecting fake network: every post appears
// exactly once or fails with the network's reason, whatever the network does.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "app/application.h"
#include "core/clock.h"
#include "core/secret_box.h"
#include "publishing/job_queue.h"
#include "publishing_setup.h"
#include "test_database.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;
using fakes::Fault;

std::string iso_in(std::chrono::milliseconds from_now) {
    return format_utc(now_millis() + from_now.count());
}

const json::object& only_target(const json::object& post) { return post.at("targets").as_array().at(0).as_object(); }

std::vector<std::string> history_kinds(const json::object& post) {
    std::vector<std::string> kinds;
    for (const auto& event : post.at("history").as_array()) kinds.emplace_back(event.at("kind").as_string());
    return kinds;
}

bool has(const std::vector<std::string>& kinds, const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

class PublishingEngine : public ::testing::TestWithParam<store::Backend> {};

TEST_P(PublishingEngine, AThousandPostsDueTogetherThroughThirtyPercentFaultsArePublishedExactlyOnce) {
    PublishingSetup setup(GetParam());
    setup.fake.inject(0.30,
                      {Fault::rate_limited, Fault::unavailable, Fault::error_after_create, Fault::hang_before_create,
                       Fault::hang_after_create, Fault::drop_before_create, Fault::drop_after_create, Fault::slow},
                      20261123);
    setup.fake.fail_lookups(0.10);
    std::vector<std::string> channels;
    for (int i = 0; i < 10; ++i) channels.push_back(setup.add_channel("account" + std::to_string(i)));

    // All due within the same minute: two seconds from now, give or take the API calls.
    const std::string due = iso_in(std::chrono::seconds(2));
    // Every third post has a first comment: a second create under the post, through the
    // same faults, made once the post exists and never by posting the post again.
    std::vector<std::string> post_ids;
    for (int i = 0; i < 1000; ++i)
        post_ids.emplace_back(setup.create_post({channels[i % channels.size()]}, "Post number " + std::to_string(i),
                                                "\"scheduled_at\":\"" + due + "\"", i % 3 == 0 ? "Comment number " + std::to_string(i) : "")
                                  .at("id")
                                  .as_string());
    setup.server->app().engine().start();
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(240)))
        << setup.count_targets("scheduled") << " scheduled, " << setup.count_targets("publishing") << " publishing";

    std::map<std::string, int> created_per_key;
    std::map<std::string, std::string> key_of_remote_id;
    std::map<std::string, int> comments_under;
    std::size_t comments = 0;
    for (const auto& post : setup.fake.created()) {
        ++created_per_key[post.idempotency_key];
        if (!post.reply_to.empty()) {
            ++comments_under[post.reply_to];
            ++comments;
            continue;
        }
        key_of_remote_id[post.id] = post.idempotency_key;
    }
    for (const auto& [key, count] : created_per_key) EXPECT_EQ(count, 1) << "the network holds " << count << " copies of " << key;

    int published = 0, failed = 0, commented = 0;
    std::set<std::string> remote_ids;
    for (std::size_t i = 0; i < post_ids.size(); ++i) {
        const auto& id = post_ids[i];
        const auto post = setup.get_post(id);
        const auto& target = only_target(post);
        const std::string status(target.at("status").as_string());
        if (status == "published") {
            ++published;
            const std::string remote_id(target.at("remote_id").as_string());
            EXPECT_TRUE(key_of_remote_id.count(remote_id)) << id << " claims a post the network never created";
            EXPECT_TRUE(remote_ids.insert(remote_id).second) << "two posts claim " << remote_id;
            EXPECT_FALSE(std::string(target.at("remote_url").as_string()).empty());
            if (i % 3 != 0) {
                EXPECT_EQ(comments_under[remote_id], 0) << id << " has no first comment";
                continue;
            }
            // A comment given up on (8 transient failures in a row) leaves the post published
            // with a note; otherwise there is exactly one comment under it.
            const auto published_event = post.at("history").as_array().back();
            const std::string detail(published_event.at("detail").as_string());
            EXPECT_LE(comments_under[remote_id], 1) << id << ": " << detail;
            if (detail.find("its first comment was not posted") != std::string::npos) continue;
            ++commented;
            EXPECT_EQ(comments_under[remote_id], 1) << id << ": " << detail;
        } else {
            ++failed;
            EXPECT_EQ(status, "failed") << id;
            ASSERT_TRUE(target.at("error").is_object()) << id << " failed without a reason";
            EXPECT_FALSE(std::string(target.at("error").at("message").as_string()).empty());
        }
    }
    EXPECT_EQ(published + failed, 1000);
    EXPECT_EQ(static_cast<std::size_t>(published), setup.fake.created().size() - comments)
        << "every post the network holds is known to Chorus as published";
    EXPECT_GE(commented, 325) << "of the 334 posts with a first comment";
    EXPECT_GE(published, 990) << "8 transient failures in a row at 30% faults should be rare";
    EXPECT_GT(setup.fake.lookups(), 0u) << "ambiguous failures were reconciled";
}

TEST_P(PublishingEngine, AConnectionLostAfterTheNetworkStoredThePostIsReconciledNotRepeated) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("alice");
    setup.fake.script({Fault::drop_after_create});
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "Hello once", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));

    ASSERT_EQ(setup.fake.created().size(), 1u);
    EXPECT_EQ(setup.fake.create_requests(), 1u) << "found by lookup, so never sent again";
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    EXPECT_EQ(only_target(after).at("status"), "published");
    EXPECT_EQ(only_target(after).at("remote_id"), setup.fake.created()[0].id);
    const auto kinds = history_kinds(after);
    EXPECT_TRUE(has(kinds, "retry_scheduled"));
    const auto health = setup.server->call(setup.owner, "GET", "/api/v1/channels/" + channel).json().at("health");
    EXPECT_FALSE(health.at("last_success_at").is_null());
    EXPECT_NE(std::string(health.at("last_error").as_string()).find("connection_lost"), std::string::npos) << health;
    EXPECT_EQ(health.at("connected").as_bool(), true);
    bool found_by_lookup = false;
    for (const auto& event : after.at("history").as_array())
        found_by_lookup |= std::string(event.at("detail").as_string()).find("found on the network") != std::string::npos;
    EXPECT_TRUE(found_by_lookup);
}

std::string published_detail(const json::object& post) {
    for (const auto& event : post.at("history").as_array())
        if (event.at("kind") == "published") return std::string(event.at("detail").as_string());
    return {};
}

TEST_P(PublishingEngine, AFirstCommentLostAfterTheNetworkStoredItIsFoundUnderThePostNotRepeated) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("dora");
    setup.fake.script({Fault::none, Fault::drop_after_create});
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "New menu", "\"publish_now\":true", "Prices on our site");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));

    const auto created = setup.fake.created();
    ASSERT_EQ(created.size(), 2u);
    EXPECT_EQ(created[1].reply_to, created[0].id) << "the comment is under the post";
    EXPECT_EQ(created[1].text, "Prices on our site");
    EXPECT_EQ(setup.fake.create_requests(), 2u) << "neither the post nor the comment was sent twice";
    EXPECT_EQ(setup.fake.lookups(), 1u) << "the comment was looked up, the post was not";
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    EXPECT_EQ(only_target(after).at("status"), "published");
    EXPECT_EQ(only_target(after).at("remote_id"), created[0].id);
    const auto kinds = history_kinds(after);
    EXPECT_TRUE(has(kinds, "posted")) << "the post was kept before its comment was tried";
    EXPECT_NE(published_detail(after).find("with its first comment (made by an earlier attempt)"), std::string::npos)
        << published_detail(after);
}

TEST_P(PublishingEngine, AFirstCommentThatFailsForNowIsRetriedWithoutPostingThePostAgain) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("emil");
    setup.fake.script({Fault::none, Fault::unavailable});
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "Open on Sunday", "\"publish_now\":true", "From 10 to 4");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));

    const auto created = setup.fake.created();
    ASSERT_EQ(created.size(), 2u);
    EXPECT_EQ(created[1].reply_to, created[0].id);
    EXPECT_EQ(setup.fake.create_requests(), 3u) << "the post once, the comment twice";
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    EXPECT_EQ(only_target(after).at("status"), "published");
    bool said_why = false;
    for (const auto& event : after.at("history").as_array())
        said_why |= event.at("kind") == "retry_scheduled" &&
                    std::string(event.at("detail").as_string()).find("the post is published; its first comment failed") != std::string::npos;
    EXPECT_TRUE(said_why) << json::serialize(after.at("history"));
    EXPECT_NE(published_detail(after).find("with its first comment"), std::string::npos);
}

TEST_P(PublishingEngine, AFirstCommentTheNetworkRefusesLeavesThePostPublishedWithTheReason) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("fritz");
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "Quiz night", "\"publish_now\":true", "Answers are #forbidden here");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));

    ASSERT_EQ(setup.fake.created().size(), 1u) << "the post, and no comment";
    EXPECT_EQ(setup.fake.create_requests(), 2u) << "a refused comment is not retried, and the post is never repeated";
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    EXPECT_EQ(only_target(after).at("status"), "published");
    EXPECT_EQ(only_target(after).at("remote_id"), setup.fake.created()[0].id);
    EXPECT_NE(published_detail(after).find("its first comment was not posted (content_refused: This content violates the network's rules)"),
              std::string::npos)
        << published_detail(after);
}

TEST_P(PublishingEngine, AConnectionLostBeforeTheNetworkStoredThePostIsPublishedAfterALookup) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("bob");
    setup.fake.script({Fault::hang_before_create});
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "Hello after a timeout", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    EXPECT_EQ(setup.fake.created().size(), 1u);
    EXPECT_EQ(setup.fake.create_requests(), 2u);
    EXPECT_EQ(setup.fake.lookups(), 1u) << "looked up before publishing again";
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    EXPECT_EQ(only_target(after).at("status"), "published");
}

TEST_P(PublishingEngine, ARateLimitWaitsForRetryAfterWithoutUsingUpRetries) {
    PublishingSetup setup(GetParam(), {}, [](publishing::EngineOptions& engine) { engine.max_failures = 1; });
    const auto channel = setup.add_channel("carol");
    setup.fake.script({Fault::rate_limited, Fault::rate_limited});
    setup.server->app().engine().start();
    const auto started = std::chrono::steady_clock::now();
    const auto post = setup.create_post({channel}, "Patience", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1'900)) << "Retry-After: 1, twice";
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    EXPECT_EQ(only_target(after).at("status"), "published") << "a rate limit is not a failure, even with max_failures = 1";
    EXPECT_EQ(setup.fake.created().size(), 1u);
    EXPECT_EQ(setup.fake.lookups(), 0u) << "a 429 proves nothing was created: no lookup needed";
}

TEST_P(PublishingEngine, ACapCountedHereHoldsThePostsBeyondItUntilItsResetOnEveryNode) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("erin");
    publishing::JobQueue queue(setup.server->app().store());
    const Millis now = now_millis();
    const Millis reset_at = now + 3'600'000;
    // A network that reports no remaining count (LinkedIn's daily posts): its connector
    // starts the count after each post; a running count is never put back up.
    const networks::Budget cap{"channel:" + channel, 2, reset_at, true};
    ASSERT_TRUE(queue.record_budgets({cap}, now));
    const auto ids_of = [&](const Result<std::vector<publishing::Job>>& jobs) {
        std::vector<std::string> ids;
        for (const auto& job : *jobs) ids.push_back(job.target_id);
        return ids;
    };
    for (const char* text : {"One", "Two", "Three"}) setup.create_post({channel}, text, "\"publish_now\":true");
    // node-a is still publishing those two when the cap resets (a lease longer than the wait).
    auto first = queue.claim({"node-a", 2 * 3'600'000, 2}, now_millis());
    ASSERT_TRUE(first);
    EXPECT_EQ(first->size(), 2u);
    ASSERT_TRUE(queue.record_budgets({cap}, now_millis()));  // reported again after those posts: no effect
    auto second = queue.claim({"node-b", 60'000, 10}, now_millis());
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->empty()) << "the third waits for the reset";
    EXPECT_EQ(setup.count_targets("scheduled"), 1);

    // After the reset, the next report starts a new count.
    ASSERT_TRUE(queue.record_budgets({{"channel:" + channel, 5, reset_at + 86'400'000, true}}, reset_at + 1));
    auto after_reset = queue.claim({"node-b", 60'000, 10}, reset_at + 1);
    ASSERT_TRUE(after_reset);
    EXPECT_EQ(after_reset->size(), 1u);
    EXPECT_EQ(ids_of(first).size() + ids_of(after_reset).size(), 3u);
}

// The engine's heartbeat: a live node renews what it holds, so an answer that takes more
// than three leases never leaves the job claimable by another node (which would post twice).
TEST_P(PublishingEngine, ALiveNodesLongAttemptKeepsItsLeaseHoweverShortTheLease) {
    fakes::FakeNetworkOptions slow_network;
    slow_network.latency = std::chrono::milliseconds(2'500);
    PublishingSetup setup(GetParam(), slow_network, [](publishing::EngineOptions& engine) {
        engine.lease = std::chrono::milliseconds(600);
        engine.network_timeout = std::chrono::seconds(10);
    });
    const auto channel = setup.add_channel("slow");
    setup.create_post({channel}, "A slow network's post", "\"publish_now\":true");
    setup.server->app().engine().start();
    int samples = 0;
    for (;;) {
        auto lease = setup.server->app().store().read([&](store::Transaction& tx) -> Result<std::optional<Millis>> {
            auto row = tx.query_one("SELECT run_at FROM post_targets WHERE status = 'publishing'", {});
            return row ? std::optional<Millis>(row->int64(0)) : std::nullopt;
        });
        ASSERT_TRUE(lease);
        if (!*lease) {
            if (setup.count_targets("published") == 1) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // not claimed yet
            continue;
        }
        EXPECT_GT(**lease, now_millis()) << "the lease of a live attempt lapsed: another node could take it";
        ++samples;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_GE(samples, 30) << "the attempt lasted more than three leases";
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(20)));
    EXPECT_EQ(setup.fake.created().size(), 1u);
}

// What renews a lease, and what does not: only the owner's jobs, until the time given.
TEST_P(PublishingEngine, RenewingLeasesKeepsOnlyTheOwnersJobs) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("renewed");
    publishing::JobQueue queue(setup.server->app().store());
    setup.create_post({channel}, "Held by node-a", "\"publish_now\":true");
    setup.create_post({channel}, "Held by node-a too", "\"publish_now\":true");
    const Millis now = now_millis();
    ASSERT_EQ(queue.claim({"node-a", 500, 10}, now)->size(), 2u);
    auto renewed = queue.renew_leases("node-a", now + 60'000);
    ASSERT_TRUE(renewed);
    EXPECT_EQ(*renewed, 2);
    EXPECT_EQ(*queue.renew_leases("node-c", now + 60'000), 0) << "nobody renews another node's jobs";
    EXPECT_TRUE(queue.claim({"node-b", 60'000, 10}, now + 2'000)->empty()) << "renewed: not claimable after the old lease";
    EXPECT_EQ(queue.claim({"node-b", 60'000, 10}, now + 61'000)->size(), 2u) << "a node that stops renewing loses them";
}

// A node that dies (its heartbeat with it) leaves its jobs to the others after one lease.
TEST_P(PublishingEngine, ADeadNodesJobIsTakenOverAfterOneLease) {
    PublishingSetup setup(GetParam(), {}, [](publishing::EngineOptions& engine) { engine.lease = std::chrono::milliseconds(800); });
    const auto channel = setup.add_channel("orphan");
    setup.create_post({channel}, "Claimed by a node that then died", "\"publish_now\":true");
    publishing::JobQueue queue(setup.server->app().store());
    auto claimed = queue.claim({"dead-node", 800, 10}, now_millis());
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->size(), 1u);
    const auto started = std::chrono::steady_clock::now();
    setup.server->app().engine().start();
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(20)));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "not the old five minutes";
    EXPECT_EQ(setup.count_targets("published"), 1);
    EXPECT_EQ(setup.fake.created().size(), 1u);
}

TEST_P(PublishingEngine, SavingProgressKeepsTheLeaseSoALongUploadIsNotTakenOver) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("gina");
    publishing::JobQueue queue(setup.server->app().store());
    setup.create_post({channel}, "A long video", "\"publish_now\":true");
    setup.create_post({channel}, "Another long video", "\"publish_now\":true");
    const Millis now = now_millis();
    auto claimed = queue.claim({"node-a", 1'000, 2}, now);
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->size(), 2u);
    // node-a goes on uploading the first and reports progress; the second it forgot.
    auto saved = queue.save_checkpoint(claimed->at(0), "node-a", "chunk 2 of 40", now + 60'000);
    ASSERT_TRUE(saved);
    EXPECT_TRUE(*saved);

    auto taken = queue.claim({"node-b", 60'000, 10}, now + 2'000);
    ASSERT_TRUE(taken);
    ASSERT_EQ(taken->size(), 1u) << "only the job whose lease lapsed";
    EXPECT_EQ(taken->at(0).target_id, claimed->at(1).target_id);
    // node-a's progress on the one taken over no longer lands, and it must stop.
    auto late = queue.save_checkpoint(claimed->at(1), "node-a", "chunk 2 of 40", now + 62'000);
    ASSERT_TRUE(late);
    EXPECT_FALSE(*late);
}

TEST_P(PublishingEngine, AChannelOfANetworkThisServerCannotReachFailsWithThatReasonNotSilently) {
    PublishingSetup setup(GetParam());
    // This server has no LinkedIn app: the channel is only a record, kept for planning.
    const auto recorded = setup.add_unconnected_channel("linkedin", "cafe-luna");
    const auto reachable = setup.add_channel("erin");
    setup.server->app().engine().start();
    const auto post = setup.create_post({recorded, reachable}, "Winter menu", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    for (const auto& target : after.at("targets").as_array()) {
        if (target.at("channel_id") == reachable) {
            EXPECT_EQ(target.at("status"), "published") << "the other channel is not held back";
            continue;
        }
        EXPECT_EQ(target.at("status"), "failed");
        EXPECT_EQ(target.at("error").at("code"), "network_not_configured");
        EXPECT_EQ(target.at("error").at("message"), "Publishing to linkedin is not configured on this server");
    }
    EXPECT_EQ(setup.fake.created().size(), 1u);
}

TEST_P(PublishingEngine, ContentTheNetworkRefusesFailsAtOnceWithItsOwnWordsAndCanBeRetriedAfterAnEdit) {
    PublishingSetup setup(GetParam());
    const auto channel = setup.add_channel("dave");
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "This is #forbidden here", "\"publish_now\":true");
    const std::string id(post.at("id").as_string());
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    auto after = setup.get_post(id);
    const auto& target = only_target(after);
    ASSERT_EQ(target.at("status"), "failed");
    EXPECT_EQ(target.at("error").at("class"), "validation");
    EXPECT_EQ(target.at("error").at("code"), "content_refused");
    EXPECT_EQ(target.at("error").at("message"), "This content violates the network's rules");
    EXPECT_EQ(target.at("error").at("http_status").as_int64(), 422);
    EXPECT_EQ(setup.fake.create_requests(), 1u) << "a refusal is not retried";

    const std::string target_id(target.at("id").as_string());
    auto edited = setup.server->call(setup.owner, "PATCH", "/api/v1/posts/" + id, R"({"text":"This is fine here"})");
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(only_target(edited.json().as_object()).at("status"), "failed") << "editing alone does not retry";
    auto retried = setup.server->call(setup.owner, "POST", "/api/v1/posts/" + id + "/targets/" + target_id + "/retry");
    ASSERT_EQ(retried.status, 200) << retried.body;
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    after = setup.get_post(id);
    EXPECT_EQ(only_target(after).at("status"), "published");
    ASSERT_EQ(setup.fake.created().size(), 1u);
    EXPECT_EQ(setup.fake.created()[0].text, "This is fine here");
}

TEST_P(PublishingEngine, TransientFailuresAreRetriedWithBackoffThenFailWithTheLastReason) {
    PublishingSetup setup(GetParam(), {}, [](publishing::EngineOptions& engine) { engine.max_failures = 3; });
    const auto channel = setup.add_channel("erin");
    setup.fake.script({Fault::unavailable, Fault::unavailable, Fault::unavailable});
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "Third time unlucky", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    const auto after = setup.get_post(std::string(post.at("id").as_string()));
    const auto& target = only_target(after);
    EXPECT_EQ(target.at("status"), "failed");
    EXPECT_EQ(target.at("error").at("class"), "transient");
    EXPECT_EQ(target.at("error").at("http_status").as_int64(), 503);
    EXPECT_EQ(target.at("attempts").as_int64(), 3);
    EXPECT_EQ(setup.fake.created().size(), 0u);
    const auto kinds = history_kinds(after);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "retry_scheduled"), 2);
    EXPECT_TRUE(has(kinds, "failed"));
}

class PublishingWithTokens : public ::testing::TestWithParam<store::Backend> {
protected:
    static fakes::FakeNetworkOptions requiring_tokens() {
        fakes::FakeNetworkOptions options;
        options.require_token = true;
        return options;
    }
};

TEST_P(PublishingWithTokens, AnExpiredTokenIsRefreshedOnceAndThePostGoesOut) {
    PublishingSetup setup(GetParam(), requiring_tokens());
    const auto channel = setup.add_channel("frank");
    setup.fake.expire_access_tokens();
    setup.server->app().engine().start();
    const auto post = setup.create_post({channel}, "Fresh token", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    EXPECT_EQ(only_target(setup.get_post(std::string(post.at("id").as_string()))).at("status"), "published");
    EXPECT_EQ(setup.fake.created().size(), 1u);

    // The refreshed credentials were stored (sealed): the next post needs no refresh.
    const auto second = setup.create_post({channel}, "Same token", "\"publish_now\":true");
    setup.server->app().engine().wake();
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    EXPECT_EQ(only_target(setup.get_post(std::string(second.at("id").as_string()))).at("status"), "published");
    EXPECT_EQ(setup.fake.create_requests(), 3u) << "one 401, then two posts";
}

TEST_P(PublishingWithTokens, ARefusedRefreshMarksTheChannelNeedsReconnectAndFailsItsPostsWithThatReason) {
    PublishingSetup setup(GetParam(), requiring_tokens());
    const auto channel = setup.add_channel("grace");
    setup.fake.expire_access_tokens();
    setup.fake.revoke_refresh_tokens();
    setup.server->app().engine().start();
    const auto first = setup.create_post({channel}, "Will not go", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    const auto first_after = setup.get_post(std::string(first.at("id").as_string()));
    const auto& target = only_target(first_after);
    EXPECT_EQ(target.at("status"), "failed");
    EXPECT_EQ(target.at("error").at("class"), "auth");
    EXPECT_EQ(target.at("error").at("code"), "needs_reconnect");
    const auto channel_now = setup.server->call(setup.owner, "GET", "/api/v1/channels/" + channel).json();
    EXPECT_EQ(channel_now.at("status"), "needs_reconnect");
    EXPECT_NE(std::string(channel_now.at("health").at("last_error").as_string()).find("invalid"), std::string::npos)
        << "the refresh endpoint's own words: " << json::serialize(channel_now);
    EXPECT_TRUE(channel_now.at("health").at("last_success_at").is_null());

    const auto second = setup.create_post({channel}, "Nor this", "\"publish_now\":true");
    ASSERT_TRUE(setup.wait_until_settled(std::chrono::seconds(30)));
    const auto second_after = setup.get_post(std::string(second.at("id").as_string()));
    const auto& second_target = only_target(second_after);
    EXPECT_EQ(second_target.at("status"), "failed");
    EXPECT_EQ(second_target.at("error").at("code"), "channel_needs_reconnect");
    EXPECT_EQ(setup.fake.create_requests(), 1u) << "no call is made for a channel known to need reconnecting";
}

TEST_P(PublishingEngine, OneNodeAtATimeRunsTheSchedulersHousekeepingAndAnotherTakesOverWhenItStops) {
    TestDatabase database(GetParam());
    const std::string key = SecretBox::generate_key();
    // A node: an application on the shared store, counting its housekeeping rounds.
    auto node = [&](std::atomic<int>& rounds) {
        app::ApplicationOptions options;
        options.store = database.options();
        options.secret_keys = {key};
        options.engine.workers = 1;
        options.engine.periodic = [&rounds] { ++rounds; };
        options.engine.periodic_interval = std::chrono::milliseconds(20);
        auto opened = app::Application::open(options);
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        (*opened)->engine().start();
        return std::move(*opened);
    };
    auto eventually = [](const std::atomic<int>& rounds, int at_least) {
        for (int i = 0; i < 500 && rounds < at_least; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return rounds >= at_least;
    };
    std::atomic<int> first_rounds{0}, second_rounds{0};
    auto first = node(first_rounds);
    ASSERT_TRUE(eventually(first_rounds, 3));
    auto second = node(second_rounds);
    const int before = first_rounds;
    ASSERT_TRUE(eventually(first_rounds, before + 10)) << "the leader goes on";
    EXPECT_EQ(second_rounds, 0) << "only the leader does the housekeeping";

    first.reset();  // the leader's node stops
    EXPECT_TRUE(eventually(second_rounds, 3)) << "the other node takes over";
}

INSTANTIATE_TEST_SUITE_P(Stores, PublishingEngine, ::testing::ValuesIn(test_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Stores, PublishingWithTokens, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
