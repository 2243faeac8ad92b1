// Bluesky channels through the API, against the real local PDS: connecting with an app
// password (refusals leave nothing behind; connecting again reconnects), and the whole
// path through `chorus serve` — a post scheduled a minute ahead appears on the PDS at
// its minute with its permalink on the post.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include "bluesky_server.h"
#include "core/secret_box.h"
#include "process.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class BlueskyChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    void SetUp() override {
        bluesky_ = BlueskyServer::from_environment();
        if (!bluesky_) GTEST_SKIP() << "no local Bluesky server (scripts/test starts one)";
    }

    std::string connect_body(const std::string& brand_id, const BlueskyAccount& account, const std::string& password) const {
        return json::serialize(json::object{{"brand_id", brand_id},
                                            {"network", "bluesky"},
                                            {"identifier", account.handle},
                                            {"app_password", password},
                                            {"service", bluesky_->pds_url()}});
    }

    std::optional<BlueskyServer> bluesky_;
};

TEST_P(BlueskyChannels, ConnectingWithAnAppPasswordMakesAConnectedChannelAndConnectingAgainReconnectsIt) {
    TestServer server(GetParam(), [&](app::ApplicationOptions& options) { options.bluesky_plc_url = bluesky_->plc_url(); });
    auto owner = server.new_owner("Bluesky");
    auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
    const std::string brand_id(brand.json().at("id").as_string());
    auto account = bluesky_->create_account("api");

    auto connected = server.call(owner, "POST", "/api/v1/channels", connect_body(brand_id, account, account.app_password));
    ASSERT_EQ(connected.status, 201) << connected.body;
    const auto channel = connected.json();
    EXPECT_EQ(channel.at("network"), "bluesky");
    EXPECT_EQ(channel.at("handle"), account.handle);
    EXPECT_EQ(channel.at("status"), "connected");
    EXPECT_EQ(channel.at("health").at("connected"), json::value(true));
    EXPECT_TRUE(channel.at("health").at("token_expires_at").is_string());
    // Neither the app password nor a token is ever in an answer.
    EXPECT_EQ(connected.body.find(account.app_password), std::string::npos);
    EXPECT_EQ(connected.body.find("Jwt"), std::string::npos);

    auto again = server.call(owner, "POST", "/api/v1/channels", connect_body(brand_id, account, account.app_password));
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().at("id"), channel.at("id"));

    // A refused login names the field and writes nothing.
    auto other = bluesky_->create_account("refused");
    auto refused = server.call(owner, "POST", "/api/v1/channels", connect_body(brand_id, other, "aaaa-bbbb-cccc-dddd"));
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.json().at("error").at("field"), "app_password");
    EXPECT_EQ(refused.json().at("error").at("code"), "login_refused");
    // A server that cannot be reached is the network's failure, not the user's.
    auto body = json::parse(connect_body(brand_id, other, other.app_password));
    body.as_object()["service"] = "http://127.0.0.1:9";
    auto unreachable = server.call(owner, "POST", "/api/v1/channels", json::serialize(body));
    ASSERT_EQ(unreachable.status, 502) << unreachable.body;
    EXPECT_EQ(unreachable.json().at("error").at("code"), "network_unavailable");
    body.as_object()["service"] = "ftp://example";
    EXPECT_EQ(server.call(owner, "POST", "/api/v1/channels", json::serialize(body)).json().at("error").at("field"), "service");
    body.as_object()["service"] = bluesky_->pds_url();
    body.as_object()["brand_id"] = "brand_01AAAAAAAAAAAAAAAAAAAAAAAA";
    EXPECT_EQ(server.call(owner, "POST", "/api/v1/channels", json::serialize(body)).json().at("error").at("code"), "unknown_brand");

    auto listed = server.call(owner, "GET", "/api/v1/channels?brand_id=" + brand_id);
    EXPECT_EQ(listed.json().at("items").as_array().size(), 1u) << listed.body;
}

TEST_P(BlueskyChannels, AThreadWithLanguageTagsIsPublishedByTheEngineAsRepliesInOrder) {
    TestServer server(GetParam(), [&](app::ApplicationOptions& options) {
        options.bluesky_plc_url = bluesky_->plc_url();
        options.engine.workers = 2;
        options.engine.poll_interval = std::chrono::milliseconds(50);
    });
    server.app().engine().start();
    auto owner = server.new_owner("Threads");
    auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
    const std::string brand_id(brand.json().at("id").as_string());
    auto account = bluesky_->create_account("engine");
    auto channel = server.call(owner, "POST", "/api/v1/channels", connect_body(brand_id, account, account.app_password));
    ASSERT_EQ(channel.status, 201) << channel.body;

    json::object body{{"brand_id", brand_id},
                      {"text", "🧵 Our winter menu, a thread"},
                      {"thread", json::array{"Soups: pumpkin and lentil", "Cakes: plum and poppy seed", "Open daily from 8"}},
                      {"targets", json::array{json::object{{"channel_id", channel.json().at("id")},
                                                           {"options", json::object{{"langs", json::array{"en"}}}}}}},
                      {"publish_now", true}};
    auto created = server.call(owner, "POST", "/api/v1/posts", json::serialize(body));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);

    auto records = bluesky_->list_records(account.did, "app.bsky.feed.post");
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].at("value").at("text"), "🧵 Our winter menu, a thread");
    EXPECT_EQ(records[3].at("value").at("text"), "Open daily from 8");
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(records[i].at("value").at("langs"), json::array{"en"});
        if (i > 0) {
            EXPECT_EQ(records[i].at("value").at("reply").at("parent").at("uri"), records[i - 1].at("uri"));
        }
    }
    // The post links to the thread's first part.
    EXPECT_NE(std::string(target.at("remote_url").as_string()).find(record_key_of(std::string(records[0].at("uri").as_string()))),
              std::string::npos);
}

TEST_P(BlueskyChannels, APostScheduledAMinuteAheadThroughChorusServeAppearsOnThePdsAtItsMinute) {
    TestDatabase database(GetParam());
    std::vector<std::string> args;
    if (!database.options().database_url.empty()) args = {"--database-url", database.options().database_url};
    else args = {"--data", database.options().data_dir};
    const std::vector<std::string> more{"--bluesky-plc-url", bluesky_->plc_url(), "--secret-key", SecretBox::generate_key(),
                                        "--network-timeout", "10",
                                        "--allow-private-servers"};  // the local PDS listens on loopback
    args.insert(args.end(), more.begin(), more.end());
    ServeProcess chorus(args);
    const auto out = chorus.out();
    const auto at = out.find("password: ");
    ASSERT_NE(at, std::string::npos) << out;
    const auto owner = sign_in_at(chorus.port(), "owner@chorus.local", out.substr(at + 10, out.find('\n', at) - at - 10));

    auto brand = call_as(chorus.port(), owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
    ASSERT_EQ(brand.status, 201) << brand.body;
    const std::string brand_id(brand.json().at("id").as_string());
    auto account = bluesky_->create_account("e2e");
    auto channel = call_as(chorus.port(), owner, "POST", "/api/v1/channels", connect_body(brand_id, account, account.app_password));
    ASSERT_EQ(channel.status, 201) << channel.body;
    const std::string channel_id(channel.json().at("id").as_string());

    const auto due = now_millis() + 60'000;
    json::object post{{"brand_id", brand_id},
                      {"text", "Scheduled from Chorus for " + format_utc(due) + " #chorus"},
                      {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                      {"scheduled_at", format_utc(due)}};
    auto created = call_as(chorus.port(), owner, "POST", "/api/v1/posts", json::serialize(post));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string post_id(created.json().at("id").as_string());

    // Nothing before its time …
    std::this_thread::sleep_for(std::chrono::milliseconds(due - now_millis() - 3'000));
    EXPECT_TRUE(bluesky_->list_records(account.did, "app.bsky.feed.post").empty());
    // … and there within seconds of it.
    json::value target;
    while (now_millis() < due + 30'000) {
        target = call_as(chorus.port(), owner, "GET", "/api/v1/posts/" + post_id).json().at("targets").at(0);
        if (target.at("status") != "scheduled" && target.at("status") != "publishing") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto published_at = instant_from_api(target.at("published_at"));
    EXPECT_GE(published_at, due);
    EXPECT_LT(published_at, due + 5'000);

    auto records = bluesky_->list_records(account.did, "app.bsky.feed.post");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("value").at("text"), post.at("text"));
    EXPECT_EQ(target.at("remote_id"), records[0].at("uri"));
    EXPECT_EQ(target.at("remote_url"),
              "https://bsky.app/profile/" + account.handle + "/post/" + record_key_of(std::string(records[0].at("uri").as_string())));
    // The tag became a facet on its way through the API and the engine.
    EXPECT_EQ(records[0].at("value").at("facets").at(0).at("features").at(0).at("tag"), "chorus");
}

INSTANTIATE_TEST_SUITE_P(Stores, BlueskyChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
