// `chorus serve` killed with SIGKILL at twenty random moments while 2,000 posts are due:
// after the last restart every post is on the network exactly once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <signal.h>

#include <map>
#include <random>
#include <thread>

#include "core/clock.h"
#include "core/secret_box.h"
#include "fake_network.h"
#include "process.h"
#include "test_database.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;
using fakes::Fault;

constexpr int post_count = 2000;
constexpr int channel_count = 20;
constexpr int kills = 20;

class CrashRecovery : public ::testing::TestWithParam<store::Backend> {
protected:
    TestDatabase database{GetParam()};
    fakes::FakeNetwork fake{[] {
        fakes::FakeNetworkOptions options;
        options.hang = std::chrono::milliseconds(750);  // the child gives up after 500 ms
        options.slow = std::chrono::milliseconds(300);
        options.latency = std::chrono::milliseconds(150);  // like a real network: publishing outlasts the kills
        return options;
    }()};

    std::vector<std::string> serve_args(const std::string& publishers = "8") const {
        std::vector<std::string> args;
        if (!database.options().database_url.empty()) args = {"--database-url", database.options().database_url};
        else args = {"--data", database.options().data_dir};
        const std::vector<std::string> engine{"--testnet-url", fake.base_url(), "--network-timeout", "0.5", "--lease", "1",
                                              "--retry-base", "0.05", "--max-failures", "20", "--publishers", publishers,
                                              "--secret-key", secret_key};
        args.insert(args.end(), engine.begin(), engine.end());
        return args;
    }

    std::int64_t live_targets() {
        auto store = database.open(1);
        auto live = store->read([](store::Transaction& tx) -> Result<std::int64_t> {
            return tx.query_one("SELECT COUNT(*) FROM post_targets WHERE status IN ('draft', 'scheduled', 'publishing')", {})->int64(0);
        });
        return live ? *live : -1;
    }

    std::string secret_key = SecretBox::generate_key();
};

TEST_P(CrashRecovery, KilledTwentyTimesWhileTwoThousandPostsAreDueEveryPostIsPublishedExactlyOnce) {
    fake.inject(0.2, {Fault::slow, Fault::drop_after_create, Fault::hang_after_create, Fault::error_after_create,
                      Fault::unavailable, Fault::drop_before_create},
                7);
    // The posts are written through a node that only serves the API, so that all 2,000
    // are due together when the first publishing node starts.
    auto child = std::make_unique<ServeProcess>(serve_args("0"));
    const auto out = child->out();
    const auto at = out.find("password: ");
    ASSERT_NE(at, std::string::npos) << out;
    const auto owner = sign_in_at(child->port(), "owner@chorus.local", out.substr(at + 10, out.find('\n', at) - at - 10));

    auto brand = call_as(child->port(), owner, "POST", "/api/v1/brands", R"({"name":"Crash","time_zone":"UTC"})");
    ASSERT_EQ(brand.status, 201) << brand.body;
    const std::string brand_id(brand.json().at("id").as_string());
    std::vector<std::string> channels;
    for (int i = 0; i < channel_count; ++i) {
        auto channel = call_as(child->port(), owner, "POST", "/api/v1/channels",
                               json::serialize(json::object{{"brand_id", brand_id}, {"network", "testnet"},
                                                            {"display_name", "c" + std::to_string(i)},
                                                            {"handle", "c" + std::to_string(i)}}));
        ASSERT_EQ(channel.status, 201) << channel.body;
        channels.emplace_back(channel.json().at("id").as_string());
        ASSERT_EQ(call_as(child->port(), owner, "PATCH", "/api/v1/channels/" + channels.back(), R"({"status":"connected"})").status, 200);
    }
    const std::string due = format_utc(now_millis() + 1'000);
    for (int i = 0; i < post_count; ++i) {
        json::object body{{"brand_id", brand_id},
                          {"text", "Crash-proof post " + std::to_string(i)},
                          {"targets", json::array{json::object{{"channel_id", channels[i % channel_count]}}}},
                          {"scheduled_at", due}};
        auto created = call_as(child->port(), owner, "POST", "/api/v1/posts", json::serialize(body));
        ASSERT_EQ(created.status, 201) << created.body;
    }

    ASSERT_EQ(child->stop_with(SIGTERM), 0);
    EXPECT_EQ(fake.create_requests(), 0u);
    child = std::make_unique<ServeProcess>(serve_args());

    std::mt19937 random(20261123);
    int killed_while_due = 0;
    for (int i = 0; i < kills; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(random)));
        killed_while_due += live_targets() > 0;
        ASSERT_EQ(child->stop_with(SIGKILL), 128 + SIGKILL);
        child = std::make_unique<ServeProcess>(serve_args());
    }
    EXPECT_GE(killed_while_due, kills / 2) << "most kills should land while posts are still due";
    std::printf("%d of %d kills landed while posts were due\n", killed_while_due, kills);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
    while (live_targets() != 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(live_targets(), 0) << "not everything was published after the last restart";

    std::map<std::string, int> copies;
    std::map<std::string, std::string> key_of;
    for (const auto& post : fake.created()) {
        ++copies[post.idempotency_key];
        key_of[post.id] = post.idempotency_key;
    }
    for (const auto& [key, count] : copies) EXPECT_EQ(count, 1) << key << " is on the network " << count << " times";

    auto store = database.open(1);
    auto targets = store->read([](store::Transaction& tx) -> Result<std::vector<store::Row>> {
        return tx.query("SELECT status, remote_id, idempotency_key FROM post_targets", {});
    });
    ASSERT_TRUE(targets);
    ASSERT_EQ(targets->size(), static_cast<std::size_t>(post_count));
    for (const auto& row : *targets) {
        ASSERT_EQ(row.text(0), "published") << row.text(2);
        EXPECT_EQ(key_of[row.text(1)], row.text(2)) << "the remote id recorded is the network's post for this target";
    }
    EXPECT_EQ(fake.created().size(), static_cast<std::size_t>(post_count));
    std::printf("%zu create requests and %zu lookups for %d posts\n", fake.create_requests(), fake.lookups(), post_count);
}

INSTANTIATE_TEST_SUITE_P(Stores, CrashRecovery, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
