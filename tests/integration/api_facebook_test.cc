// Facebook Pages through the API against the contract fake, on both stores: one login
// reaches several Pages, the user chooses which become channels (a selection that belongs
// to them alone, works once, and expires), choosing again reconnects; a photo post
// published through the engine with its first comment under it; a revoked token asks for
// reconnection.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/id.h"
#include "fake_facebook.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class FacebookChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakeFacebook fake;
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.network_apps["facebook"] = {"chorus-meta-app", "chorus-meta-secret", fake.base_url(), fake.authorize_url()};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                      }};
    Caller owner = server.new_owner("Facebook");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    // Logs in at Facebook through the API: the id of the choice it leads to.
    std::string selection() {
        auto params = approve_through_api(server, owner, http, "facebook", brand_id);
        EXPECT_FALSE(params.count("connected")) << "several Pages: the user chooses";
        EXPECT_TRUE(params.count("choose")) << params["connect_error"] << ": " << params["message"];
        return params["choose"];
    }

    HttpResponse choose(const std::string& id, json::array accounts) {
        return server.call(owner, "POST", "/api/v1/oauth/selections/" + id, json::serialize(json::object{{"accounts", accounts}}));
    }

    std::size_t channel_count() {
        return server.call(owner, "GET", "/api/v1/channels?brand_id=" + brand_id).json().at("items").as_array().size();
    }
};

TEST_P(FacebookChannels, OneLoginOffersItsPagesAndTheChosenOnesBecomeChannels) {
    const auto id = selection();
    auto offered = server.call(owner, "GET", "/api/v1/oauth/selections/" + id);
    ASSERT_EQ(offered.status, 200) << offered.body;
    const auto offer = offered.json();
    EXPECT_EQ(offer.at("network"), "facebook");
    const auto& accounts = offer.at("accounts").as_array();
    ASSERT_EQ(accounts.size(), 2u) << offered.body;  // not Luna Fans, where the user only reads insights
    EXPECT_EQ(accounts[0].at("display_name"), "Café Luna");
    EXPECT_EQ(accounts[0].at("kind"), "Page");
    EXPECT_TRUE(accounts[0].at("channel_id").is_null());
    EXPECT_EQ(offered.body.find("page_token"), std::string::npos) << "no token leaves the server";
    EXPECT_EQ(offered.body.find("EAAP"), std::string::npos);

    // Someone else's choice is not theirs to see or make.
    auto stranger = server.new_owner("Elsewhere");
    EXPECT_EQ(server.call(stranger, "GET", "/api/v1/oauth/selections/" + id).status, 404);

    // Choosing nothing, or an account that was not offered, is refused, and spends nothing.
    auto none = choose(id, {});
    EXPECT_EQ(none.status, 422);
    EXPECT_EQ(none.json().at("error").at("field"), "accounts");
    auto unknown = choose(id, {"104000000000001", "104000000000003"});
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(unknown.json().at("error").at("field"), "accounts[1]");
    EXPECT_EQ(unknown.json().at("error").at("code"), "unknown_account");
    EXPECT_EQ(channel_count(), 0u) << "no partial write";

    auto chosen = choose(id, {"104000000000001", "104000000000002"});
    ASSERT_EQ(chosen.status, 201) << chosen.body;
    const auto answer = chosen.json();
    const auto& channels = answer.at("channels").as_array();
    ASSERT_EQ(channels.size(), 2u);
    EXPECT_EQ(channels[0].at("network"), "facebook");
    EXPECT_EQ(channels[0].at("handle"), "@cafeluna");
    EXPECT_EQ(channels[0].at("status"), "connected");
    EXPECT_TRUE(channels[0].at("health").at("token_expires_at").is_null()) << "Page tokens do not expire";
    const auto cafe_channel = std::string(channels[0].at("id").as_string());
    EXPECT_EQ(choose(id, {"104000000000001"}).status, 404) << "a choice is made once";

    // Logging in again shows which Pages are channels already; choosing one reconnects it.
    const auto again = selection();
    auto offered_again = server.call(owner, "GET", "/api/v1/oauth/selections/" + again).json();
    EXPECT_EQ(offered_again.at("accounts").at(0).at("channel_id"), cafe_channel);
    auto reconnected = choose(again, {"104000000000001"});
    ASSERT_EQ(reconnected.status, 201) << reconnected.body;
    EXPECT_EQ(reconnected.json().at("channels").at(0).at("id"), cafe_channel);
    EXPECT_EQ(channel_count(), 2u);

    // A choice left for more than fifteen minutes has expired.
    const auto late = selection();
    ASSERT_TRUE(server.app().store().write([&](store::Transaction& tx) -> Result<void> {
        tx.execute("UPDATE oauth_selections SET expires_at = $1", {now_millis() - 1});
        return {};
    }));
    auto expired = choose(late, {"104000000000002"});
    EXPECT_EQ(expired.status, 422);
    EXPECT_EQ(expired.json().at("error").at("code"), "expired_selection");
}

TEST_P(FacebookChannels, APhotoPostIsPublishedOnTheChosenPageAndARevokedTokenAsksForReconnection) {
    auto chosen = choose(selection(), {"104000000000001"});
    ASSERT_EQ(chosen.status, 201) << chosen.body;
    const auto channel_id = std::string(chosen.json().at("channels").at(0).at("id").as_string());
    server.app().engine().start();

    const auto media_id = upload_test_jpeg(server, owner, brand_id, "A lemon tart");

    // The first comment fails once for now: it is retried under the same post.
    fake.fail_next_comment();
    auto created = server.call(owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", brand_id},
                                                            {"text", "Lemon tart Friday"},
                                                            {"targets", json::array{json::object{{"channel_id", channel_id},
                                                                                                 {"first_comment", "Order at the counter"}}}},
                                                            {"media_ids", json::array{json::value(media_id)}},
                                                            {"publish_now", true}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "photo");
    EXPECT_EQ(posts[0].page_id, "104000000000001");
    ASSERT_EQ(fake.photos().size(), 1u);
    EXPECT_EQ(fake.photos()[0].mime, "image/jpeg");
    EXPECT_EQ(fake.photos()[0].alt_text, "A lemon tart");
    EXPECT_EQ(target.at("remote_id"), posts[0].id);
    EXPECT_TRUE(std::string(target.at("remote_url").as_string()).starts_with("https://www.facebook.com/cafeluna/posts/"));
    const auto comments = fake.comments();
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_EQ(comments[0].object_id, posts[0].id);
    EXPECT_EQ(comments[0].from_id, "104000000000001");
    EXPECT_EQ(comments[0].message, "Order at the counter");
    EXPECT_EQ(fake.comment_requests(), 2);
    EXPECT_EQ(fake.post_requests(), 1) << "the post went out once";

    fake.revoke_tokens();
    auto refused = server.call(owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", brand_id},
                                                            {"text", "After the app was removed"},
                                                            {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                                                            {"publish_now", true}}));
    const auto failed = settled_target(server, owner, std::string(refused.json().at("id").as_string()));
    EXPECT_EQ(failed.at("status"), "failed") << json::serialize(failed);
    EXPECT_NE(json::serialize(failed).find("has not authorized application"), std::string::npos) << json::serialize(failed);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels/" + channel_id).json().at("status"), "needs_reconnect");
    EXPECT_EQ(fake.posts().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Stores, FacebookChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
