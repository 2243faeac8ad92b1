// TikTok channels through the API against the contract fake, on both stores: connecting;
// who can watch, from the creator's own choices (GET /api/v1/channels/{id}/destinations); a
// post that does not say refused before it is scheduled; a video from the media library
// uploaded and published by the engine; photos downloaded by TikTok from the server's public
// /shared-media/ address, and refused in TikTok's words when that address is not verified.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fake_tiktok.h"
#include "front_proxy.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class TikTokChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    explicit TikTokChannels(fakes::FakeTikTokOptions fake_options = {}) : fake(std::move(fake_options)) {}

    fakes::FakeTikTok fake;
    FrontProxy front{[this] { return server.port(); }};
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.public_url = front.base_url();
                          options.network_apps["tiktok"] = {"awchorustiktok01", "chorus-tiktok-secret", fake.base_url(), fake.authorize_url()};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                          options.engine.backoff_base = std::chrono::milliseconds(100);
                      }};
    Caller owner = server.new_owner("TikTok");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    HttpResponse post_now(const std::string& channel_id, const std::vector<std::string>& media_ids, json::object options) {
        json::array media;
        for (const auto& id : media_ids) media.push_back(json::value(id));
        return server.call(owner, "POST", "/api/v1/posts",
                           json::serialize(json::object{{"brand_id", brand_id},
                                                        {"text", "Pumpkin soup in two seconds #autumn"},
                                                        {"targets", json::array{json::object{{"channel_id", channel_id}, {"options", options}}}},
                                                        {"media_ids", std::move(media)},
                                                        {"publish_now", true}}));
    }
};

TEST_P(TikTokChannels, AVideoGoesOutToTheAudienceChosenAmongTheCreatorsChoices) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "tiktok", brand_id);
    ASSERT_FALSE(channel_id.empty());
    auto channel = server.call(owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("handle"), "@cafeluna");
    EXPECT_EQ(channel.at("health").at("token_renews"), true);

    auto audiences = server.call(owner, "GET", "/api/v1/channels/" + channel_id + "/destinations");
    ASSERT_EQ(audiences.status, 200) << audiences.body;
    EXPECT_EQ(audiences.json().at("option"), "privacy_level");
    ASSERT_EQ(audiences.json().at("items").as_array().size(), 4u);
    EXPECT_EQ(audiences.json().at("items").at(1).at("id"), "MUTUAL_FOLLOW_FRIENDS");

    const auto video = upload_test_mp4(server, owner, brand_id);
    // TikTok's guidelines: no default audience; the post says, or it is not scheduled.
    auto unsaid = post_now(channel_id, {video}, {});
    ASSERT_EQ(unsaid.status, 422) << unsaid.body;
    EXPECT_EQ(unsaid.json().at("error").at("field"), "targets[0].options.privacy_level");
    EXPECT_EQ(unsaid.json().at("error").at("code"), "required");
    auto misspelt = post_now(channel_id, {video}, {{"privacy_level", "public"}});
    ASSERT_EQ(misspelt.status, 422) << misspelt.body;
    EXPECT_NE(misspelt.body.find("PUBLIC_TO_EVERYONE"), std::string::npos) << misspelt.body;

    auto created = post_now(channel_id, {video}, {{"privacy_level", "MUTUAL_FOLLOW_FRIENDS"}, {"disable_comment", true}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()), std::chrono::seconds(20));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "video");
    EXPECT_EQ(posts[0].title, "Pumpkin soup in two seconds #autumn");
    EXPECT_EQ(posts[0].privacy_level, "MUTUAL_FOLLOW_FRIENDS");
    EXPECT_TRUE(posts[0].disable_comment);
    EXPECT_GT(posts[0].video_bytes, 1000u) << "the library's MP4, uploaded from here";
    EXPECT_EQ(target.at("remote_url"), "https://www.tiktok.com/@cafeluna/video/" + posts[0].post_id);
}

TEST_P(TikTokChannels, PhotosAreDownloadedByTikTokFromThePublicAddress) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "tiktok", brand_id);
    ASSERT_FALSE(channel_id.empty());
    const auto first = upload_test_jpeg(server, owner, brand_id, "A bowl of soup");
    const auto second = upload_test_jpeg(server, owner, brand_id, "The café");
    auto created = post_now(channel_id, {first, second}, {{"privacy_level", "PUBLIC_TO_EVERYONE"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()), std::chrono::seconds(20));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "photo");
    EXPECT_EQ(posts[0].photos, 2);
    EXPECT_EQ(posts[0].description, "Pumpkin soup in two seconds #autumn");
}

class TikTokWithAnUnverifiedDomain : public TikTokChannels {
protected:
    TikTokWithAnUnverifiedDomain() : TikTokChannels(fakes::FakeTikTokOptions{.verified_url_prefix = "https://media.cafeluna.de/"}) {}
};

TEST_P(TikTokWithAnUnverifiedDomain, PhotosFailWithTikToksReasonWhenTheAddressIsNotVerified) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "tiktok", brand_id);
    ASSERT_FALSE(channel_id.empty());
    const auto photo = upload_test_jpeg(server, owner, brand_id, "A bowl of soup");
    auto created = post_now(channel_id, {photo}, {{"privacy_level", "SELF_ONLY"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()), std::chrono::seconds(20));
    ASSERT_EQ(target.at("status"), "failed") << json::serialize(target);
    EXPECT_EQ(target.at("error").at("code"), "url_ownership_unverified") << json::serialize(target);
    EXPECT_NE(std::string(target.at("error").at("message").as_string()).find("not verified"), std::string::npos);
    EXPECT_TRUE(fake.posts().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, TikTokChannels, ::testing::ValuesIn(test_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Stores, TikTokWithAnUnverifiedDomain, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
