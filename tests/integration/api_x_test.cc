// X channels through the API against the contract fake, on both stores: connecting by
// OAuth with the self-hoster's app (no server to name), publishing through the engine,
// tokens renewed ahead of expiry exactly once however many workers ask, a refused renewal
// marking the channel "needs reconnect" with the reason, and an expired token refreshed
// by the engine in the middle of a publish.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include "fake_x.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class XChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakeX fake;
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.public_url = "http://127.0.0.1:9999";
                          options.network_apps["x"] = {"chorus-test-client", "chorus-test-secret", fake.base_url(),
                                                       fake.base_url() + "/i/oauth2/authorize"};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                      }};
    Caller owner = server.new_owner("X");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    std::string connect() { return connect_through_api(server, owner, http, "x", brand_id); }

    // As if the token were about to run out.
    void expire_soon(const std::string& channel_id) {
        ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
            tx.execute("UPDATE channel_credentials SET expires_at = $2 WHERE channel_id = $1", {channel_id, now_millis() + 60'000});
            return {};
        }));
    }

    std::string sealed_credentials(const std::string& channel_id) {
        auto sealed = server.app().store().read([&](store::Transaction& tx) -> Result<std::string> {
            return tx.query_one("SELECT sealed FROM channel_credentials WHERE channel_id = $1", {channel_id})->text(0);
        });
        return *server.app().secrets().open(*sealed);
    }

    json::value channel(const std::string& id) { return server.call(owner, "GET", "/api/v1/channels/" + id).json(); }

    HttpResponse publish_now(const std::string& channel_id, const std::string& text) {
        return server.call(owner, "POST", "/api/v1/posts",
                           json::serialize(json::object{{"brand_id", brand_id},
                                                        {"text", text},
                                                        {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                                                        {"publish_now", true}}));
    }
};

TEST_P(XChannels, AFirstCommentGoesOutAsAReplyUnderThePost) {
    server.app().engine().start();
    const auto channel_id = connect();
    auto created = server.call(owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", brand_id},
                                                            {"text", "Pumpkin soup is back"},
                                                            {"targets", json::array{json::object{{"channel_id", channel_id},
                                                                                                 {"first_comment", "Recipe: https://cafeluna.de/soup"}}}},
                                                            {"publish_now", true}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].text, "Pumpkin soup is back");
    EXPECT_FALSE(posts[0].in_reply_to);
    EXPECT_EQ(posts[1].text, "Recipe: https://cafeluna.de/soup");
    EXPECT_EQ(posts[1].in_reply_to, posts[0].id);
    EXPECT_EQ(target.at("remote_url"), "https://x.com/cafeluna/status/" + posts[0].id) << "the post, not its comment";
}

TEST_P(XChannels, ConnectsWithTheConfiguredAppAndPublishesOnce) {
    server.app().engine().start();
    const auto channel_id = connect();
    auto connected = channel(channel_id);
    EXPECT_EQ(connected.at("network"), "x");
    EXPECT_EQ(connected.at("handle"), "@cafeluna");
    EXPECT_EQ(connected.at("status"), "connected");
    auto health = server.anonymous("GET", "/api/v1/health").json();
    bool listed = false;
    for (const auto& network : health.at("connectable_networks").as_array()) listed = listed || network == "x";
    EXPECT_TRUE(listed);

    auto created = publish_now(channel_id, "Winter menu: https://cafe.example/winter");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    ASSERT_EQ(fake.posts().size(), 1u);
    EXPECT_EQ(target.at("remote_id"), fake.posts()[0].id);
    EXPECT_EQ(target.at("remote_url"), "https://x.com/cafeluna/status/" + fake.posts()[0].id);
}

TEST_P(XChannels, ATokenAboutToExpireIsRenewedAheadOnceHoweverManyAsk) {
    const auto channel_id = connect();
    expire_soon(channel_id);
    const auto stale = sealed_credentials(channel_id);
    // Three nodes' housekeeping at the same moment: X rotates refresh tokens, so a second
    // refresh would fail and wrongly ask the user to reconnect.
    std::vector<std::thread> nodes;
    for (int i = 0; i < 3; ++i) nodes.emplace_back([&] { server.app().tokens().refresh_expiring(now_millis()); });
    for (auto& node : nodes) node.join();
    EXPECT_EQ(fake.refreshes(), 1);
    auto renewed = channel(channel_id);
    EXPECT_EQ(renewed.at("status"), "connected");
    // Renewed for X's two hours: nothing is due any more.
    EXPECT_EQ(server.app().tokens().refresh_expiring(now_millis()), 0);
    // A worker that found the old token wanting, late, gets the renewed one without
    // asking X again (the old refresh token no longer works there).
    auto late = server.app().tokens().refresh({channel_id, "x", "@cafeluna", stale});
    ASSERT_TRUE(late.ok()) << late.failure().message;
    EXPECT_EQ(late.get(), sealed_credentials(channel_id));
    EXPECT_NE(late.get(), stale);
    EXPECT_EQ(fake.refreshes(), 1);

    server.app().engine().start();
    auto created = publish_now(channel_id, "After the renewal");
    ASSERT_EQ(created.status, 201);
    EXPECT_EQ(settled_target(server, owner, std::string(created.json().at("id").as_string())).at("status"), "published");
}

TEST_P(XChannels, ARefusedRenewalAsksForReconnectionWithTheReason) {
    const auto channel_id = connect();
    expire_soon(channel_id);
    fake.revoke_tokens();
    EXPECT_EQ(server.app().tokens().refresh_expiring(now_millis()), 0);
    auto refused = channel(channel_id);
    EXPECT_EQ(refused.at("status"), "needs_reconnect");
    EXPECT_NE(json::serialize(refused).find("Value passed for the token was invalid."), std::string::npos) << json::serialize(refused);

    // Its posts fail with that reason instead of waiting silently.
    server.app().engine().start();
    auto created = publish_now(channel_id, "While disconnected");
    ASSERT_EQ(created.status, 201);
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    EXPECT_EQ(target.at("status"), "failed");
    EXPECT_EQ(target.at("error").at("class"), "auth");
    EXPECT_TRUE(fake.posts().empty());

    // Connecting again brings it back.
    EXPECT_EQ(connect(), channel_id);
    EXPECT_EQ(channel(channel_id).at("status"), "connected");
}

TEST_P(XChannels, AnExpiredTokenIsRefreshedByTheEngineAndThePostGoesOut) {
    const auto channel_id = connect();
    fake.expire_access_tokens();
    server.app().engine().start();
    auto created = publish_now(channel_id, "Refreshed on the way");
    ASSERT_EQ(created.status, 201);
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    EXPECT_EQ(fake.refreshes(), 1);
    EXPECT_EQ(fake.posts().size(), 1u);
    EXPECT_EQ(channel(channel_id).at("status"), "connected");
}

INSTANTIATE_TEST_SUITE_P(Stores, XChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
