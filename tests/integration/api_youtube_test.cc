// YouTube channels through the API against the contract fake, on both stores: connecting
// with Google's OAuth, a video from the media library published through the engine with its
// title and privacy, and a lost answer to the last chunk settled from the upload session the
// engine kept (sealed) for the target — one video, never two.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/id.h"
#include "fake_youtube.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class YouTubeChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakeYouTube fake;
    TestServer server{GetParam(), [this](app::ApplicationOptions& options) {
                          options.network_apps["youtube"] = {"chorus-youtube-app.apps.googleusercontent.com", "chorus-youtube-secret",
                                                             fake.base_url(), fake.authorize_url()};
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                          options.engine.backoff_base = std::chrono::milliseconds(100);
                      }};
    Caller owner = server.new_owner("YouTube");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    // A video post published now on the channel: its id.
    std::string publish_video(const std::string& channel_id, json::object options = {}, const std::string& first_comment = "") {
        const auto media_id = upload_test_mp4(server, owner, brand_id);
        json::object target{{"channel_id", channel_id}, {"options", options}};
        if (!first_comment.empty()) target["first_comment"] = first_comment;
        auto created = server.call(owner, "POST", "/api/v1/posts",
                                   json::serialize(json::object{{"brand_id", brand_id},
                                                                {"title", "Latte art in slow motion"},
                                                                {"text", "How we pour a rosetta."},
                                                                {"targets", json::array{std::move(target)}},
                                                                {"media_ids", json::array{json::value(media_id)}},
                                                                {"publish_now", true}}));
        EXPECT_EQ(created.status, 201) << created.body;
        return created.status == 201 ? std::string(created.json().at("id").as_string()) : std::string();
    }
};

TEST_P(YouTubeChannels, ConnectsAndPublishesAVideoWithItsTitleAndPrivacy) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "youtube", brand_id);
    ASSERT_FALSE(channel_id.empty());
    auto channel = server.call(owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("handle"), "@cafeluna");
    EXPECT_EQ(channel.at("display_name"), "Café Luna");
    EXPECT_EQ(channel.at("health").at("token_renews"), true);

    const auto post_id = publish_video(channel_id, {{"privacy", "unlisted"}});
    const auto target = settled_target(server, owner, post_id);
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto videos = fake.videos();
    ASSERT_EQ(videos.size(), 1u);
    EXPECT_EQ(videos[0].title, "Latte art in slow motion");
    EXPECT_EQ(videos[0].description, "How we pour a rosetta.");
    EXPECT_EQ(videos[0].privacy, "unlisted");
    EXPECT_EQ(videos[0].mime, "video/mp4");
    EXPECT_GT(videos[0].bytes, 1000u);
    EXPECT_EQ(target.at("remote_id"), videos[0].id);
    EXPECT_EQ(target.at("remote_url"), "https://www.youtube.com/watch?v=" + videos[0].id);

    // An unaudited API project: the video goes up private, and the post's history says why.
    fake.lose_audit();
    const auto locked_id = publish_video(channel_id);
    const auto locked = settled_target(server, owner, locked_id);
    ASSERT_EQ(locked.at("status"), "published") << json::serialize(locked);
    EXPECT_EQ(fake.videos().back().privacy, "private");
    const auto history = server.call(owner, "GET", "/api/v1/posts/" + locked_id).body;
    EXPECT_NE(history.find("Google locks uploads of API projects it has not audited to private"), std::string::npos) << history;
}

TEST_P(YouTubeChannels, AFirstCommentGoesUnderTheVideoOnceAndIsRefusedUpFrontOnVideosMadeForKids) {
    server.app().engine().start();
    const auto channel_id = connect_through_api(server, owner, http, "youtube", brand_id);
    ASSERT_FALSE(channel_id.empty());

    fake.drop_answer_to_next_comment();  // made, the answer lost: found, not made again
    const auto post_id = publish_video(channel_id, {{"privacy", "public"}}, "Which pattern next? Tell us below");
    const auto target = settled_target(server, owner, post_id);
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    ASSERT_EQ(fake.comments().size(), 1u);
    EXPECT_EQ(fake.comments()[0].video_id, fake.videos()[0].id);
    EXPECT_EQ(fake.comments()[0].text, "Which pattern next? Tell us below");
    EXPECT_EQ(fake.comment_requests(), 1);
    EXPECT_EQ(fake.sessions_opened(), 1) << "the video was uploaded once";
    const auto history = server.call(owner, "GET", "/api/v1/posts/" + post_id).body;
    EXPECT_NE(history.find("with its first comment (made by an earlier attempt)"), std::string::npos) << history;

    // Made for kids: YouTube turns comments off, so Chorus says so before anything goes out.
    auto for_kids = server.call(owner, "POST", "/api/v1/posts",
                                json::serialize(json::object{{"brand_id", brand_id},
                                                             {"title", "Rosetta for kids"},
                                                             {"text", "Milk art, step by step."},
                                                             {"targets", json::array{json::object{
                                                                             {"channel_id", channel_id},
                                                                             {"options", json::object{{"privacy", "public"}, {"made_for_kids", true}}},
                                                                             {"first_comment", "Hello, young baristas"}}}},
                                                             {"media_ids", json::array{json::value(upload_test_mp4(server, owner, brand_id))}},
                                                             {"publish_now", true}}));
    ASSERT_EQ(for_kids.status, 422) << for_kids.body;
    EXPECT_EQ(for_kids.json().at("error").at("field"), "targets[0].first_comment");
    EXPECT_NE(for_kids.body.find("comments off on videos made for kids"), std::string::npos) << for_kids.body;
    EXPECT_EQ(fake.videos().size(), 1u);
}

TEST_P(YouTubeChannels, ALostAnswerIsSettledFromTheKeptUploadSessionNotUploadedTwice) {
    const auto channel_id = connect_through_api(server, owner, http, "youtube", brand_id);
    ASSERT_FALSE(channel_id.empty());
    fake.drop_answer_to_next_final_chunk();
    server.app().engine().start();
    const auto post_id = publish_video(channel_id);
    const auto target = settled_target(server, owner, post_id, std::chrono::seconds(20));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    ASSERT_EQ(fake.videos().size(), 1u);
    EXPECT_EQ(target.at("remote_id"), fake.videos()[0].id);
    EXPECT_EQ(fake.sessions_opened(), 1) << "the second attempt asked the session instead of uploading again";

    auto history = server.call(owner, "GET", "/api/v1/posts/" + post_id).body;
    EXPECT_NE(history.find("found on the network"), std::string::npos) << history;
    // The session's address lets anyone finish the upload: it is kept sealed.
    auto kept = server.app().store().read([&](store::Transaction& tx) -> Result<std::string> {
        auto row = tx.query_one("SELECT sealed_checkpoint FROM post_targets WHERE post_id = $1", {post_id});
        return row && row->optional_text(0) ? *row->optional_text(0) : std::string();
    });
    ASSERT_TRUE(kept);
    EXPECT_FALSE(kept->empty());
    EXPECT_EQ(kept->find("upload_id"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, YouTubeChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
