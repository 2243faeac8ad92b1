// Threads channels through the API against the contract fake, on both stores: connecting by
// Meta's OAuth with the self-hoster's app, publishing through the engine, an image that
// Threads downloads from the server's own /shared-media/ address (through a front proxy,
// as the public address usually is), and the long-lived token renewed a week ahead.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/id.h"
#include "fake_threads.h"
#include "front_proxy.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class ThreadsChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakeThreads fake;
    FrontProxy front{[this] { return server.port(); }};
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.public_url = front.base_url();
                          options.network_apps["threads"] = {"chorus-threads-app", "chorus-threads-secret", fake.base_url(),
                                                             fake.base_url() + "/oauth/authorize"};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                      }};
    Caller owner = server.new_owner("Threads");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;
};

TEST_P(ThreadsChannels, ConnectsAndPublishesTextAndAnImageThreadsDownloadsFromUs) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "threads", brand_id);
    ASSERT_FALSE(channel_id.empty());
    auto channel = server.call(owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("network"), "threads");
    EXPECT_EQ(channel.at("handle"), "@cafeluna");
    EXPECT_EQ(channel.at("status"), "connected");

    const auto media_id = upload_test_jpeg(server, owner, brand_id, "A bowl of pumpkin soup");
    auto created = server.call(owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", brand_id},
                                                            {"text", "Soup season 🍲"},
                                                            {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                                                            {"media_ids", json::array{json::value(media_id)}},
                                                            {"publish_now", true}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(target.at("remote_id"), posts[0].id);
    EXPECT_EQ(target.at("remote_url"), posts[0].permalink);
    ASSERT_EQ(posts[0].media.size(), 1u);
    EXPECT_EQ(posts[0].media[0].mime, "image/jpeg");
    EXPECT_GT(posts[0].media[0].bytes, 1000u);
    EXPECT_EQ(posts[0].media[0].alt_text, "A bowl of pumpkin soup");
    // The address Threads was given is the public one, and it is not a way into the library.
    EXPECT_TRUE(posts[0].media[0].url.starts_with(front.base_url() + "/shared-media/")) << posts[0].media[0].url;
    auto guessed = http_request(server.port(), "GET", "/shared-media/9999999999-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.jpeg");
    EXPECT_EQ(guessed.status, 404);
    auto escaping = http_request(server.port(), "GET", "/shared-media/..%2Fsecret.key");
    EXPECT_EQ(escaping.status, 404);
}

TEST_P(ThreadsChannels, TheLongLivedTokenIsRenewedAWeekAheadAndARefusalAsksForReconnection) {
    const auto channel_id = connect_through_api(server, owner, http, "threads", brand_id);
    ASSERT_FALSE(channel_id.empty());
    // Fresh, it is 60 days from expiry: nothing to do (X's 15 minutes would not do here).
    EXPECT_EQ(server.app().tokens().refresh_expiring(now_millis()), 0);
    // Six days before expiry it is renewed, so that a server down for days does not lose it.
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE channel_credentials SET expires_at = $2 WHERE channel_id = $1", {channel_id, now_millis() + 6LL * 24 * 3'600'000});
        return {};
    }));
    EXPECT_EQ(server.app().tokens().refresh_expiring(now_millis()), 1);
    EXPECT_EQ(fake.renewals(), 1);
    EXPECT_EQ(server.app().tokens().refresh_expiring(now_millis()), 0);

    fake.expire_tokens();
    server.app().engine().start();
    auto created = server.call(owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", brand_id},
                                                            {"text", "After the token expired"},
                                                            {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                                                            {"publish_now", true}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    EXPECT_EQ(target.at("status"), "failed") << json::serialize(target);
    EXPECT_NE(json::serialize(target).find("Session has expired"), std::string::npos) << json::serialize(target);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels/" + channel_id).json().at("status"), "needs_reconnect");
    EXPECT_TRUE(fake.posts().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, ThreadsChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
