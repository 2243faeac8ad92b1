// Instagram channels through the API against the contract fake, on both stores: a Facebook
// login reaching one Instagram account connects it at once, and an image post goes through
// the engine, downloaded by Instagram from the server's public /shared-media/ address.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fake_facebook.h"
#include "front_proxy.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class InstagramChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakeFacebook fake;
    FrontProxy front{[this] { return server.port(); }};
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.public_url = front.base_url();
                          options.network_apps["instagram"] = {"chorus-meta-app", "chorus-meta-secret", fake.base_url(), fake.authorize_url()};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                      }};
    Caller owner = server.new_owner("Instagram");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;
};

TEST_P(InstagramChannels, TheOneLinkedAccountConnectsAtOnceAndAnImagePostIsPublished) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "instagram", brand_id);
    ASSERT_FALSE(channel_id.empty());
    auto channel = server.call(owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("network"), "instagram");
    EXPECT_EQ(channel.at("handle"), "@cafeluna");

    const auto media_id = upload_test_jpeg(server, owner, brand_id, "A lemon tart");
    auto created = server.call(owner, "POST", "/api/v1/posts",
                               json::serialize(json::object{{"brand_id", brand_id},
                                                            {"text", "Lemon tart Friday #cake"},
                                                            {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                                                            {"media_ids", json::array{json::value(media_id)}},
                                                            {"publish_now", true}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto media = fake.instagram_media();
    ASSERT_EQ(media.size(), 1u);
    EXPECT_EQ(media[0].caption, "Lemon tart Friday #cake");
    EXPECT_EQ(media[0].mimes, std::vector<std::string>{"image/jpeg"});
    EXPECT_EQ(media[0].alt_texts, std::vector<std::string>{"A lemon tart"});
    EXPECT_TRUE(media[0].urls[0].starts_with(front.base_url() + "/shared-media/")) << media[0].urls[0];
    EXPECT_EQ(target.at("remote_id"), media[0].id);
    EXPECT_EQ(target.at("remote_url"), media[0].permalink);

    // A post without media cannot even be scheduled for Instagram.
    auto bare = server.call(owner, "POST", "/api/v1/posts",
                            json::serialize(json::object{{"brand_id", brand_id},
                                                         {"text", "Words only"},
                                                         {"targets", json::array{json::object{{"channel_id", channel_id}}}},
                                                         {"publish_now", true}}));
    EXPECT_EQ(bare.status, 422) << bare.body;
}

INSTANTIATE_TEST_SUITE_P(Stores, InstagramChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
