// The TikTok connector against the contract fake (tests/fakes/fake_tiktok.h): connecting
// with the client key and rotating refresh tokens; the creator's privacy choices as the
// places a post can go; the creator's settings read before every post; a video uploaded in
// chunks from here and photos downloaded by TikTok from the shared address; the publish_id
// kept so that a retry follows the same post, an upload cut half-way begins anew, and a
// lost answer is never posted twice; TikTok's refusals in its own words.
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_tiktok.h"
#include "kept_checkpoint.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "networks/tiktok/connector.h"
#include "oauth_approval.h"
#include "shared_media_server.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::MediaFacts;
using networks::MediaUpload;
using networks::PublishRequest;

constexpr std::int64_t megabyte = 1024 * 1024;

MediaUpload mp4(std::size_t bytes = 40'000, double seconds = 30) {
    MediaUpload video{std::string(bytes, 'v'), "video/mp4", {}};
    video.facts.kind = MediaFacts::Kind::video;
    video.facts.duration_seconds = seconds;
    return video;
}
MediaUpload jpeg() { return {"\xFF\xD8\xFF\xE0" + std::string(600, 'j'), "image/jpeg", {}}; }

class TikTokConnectorTest : public ::testing::Test {
protected:
    explicit TikTokConnectorTest(fakes::FakeTikTokOptions fake_options = {}) : fake(std::move(fake_options)) {
        options.app = {"awchorustiktok01", "chorus-tiktok-secret", fake.base_url(), fake.authorize_url()};
        options.timeout = std::chrono::seconds(5);
        options.status_poll_interval = std::chrono::milliseconds(10);
        options.media_host = &shared.links();
        connector = networks::make_tiktok_connector(http, options);
    }

    SharedMediaServer shared;
    fakes::FakeTikTok fake;
    networks::HttpClient http;
    networks::TikTokOptions options;
    std::shared_ptr<networks::Connector> connector;
    KeptCheckpoint kept;  // what the engine would keep for the target

    networks::Outcome<networks::Connection> connect() { return connect_by_oauth(*connector, http); }

    Account account() { return account_from(connect(), new_id("channel"), "tiktok"); }

    PublishRequest post(std::vector<MediaUpload> media, std::string privacy = "PUBLIC_TO_EVERYONE") {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.text = "Pumpkin soup in 30 seconds #autumn #soup";
        request.options = R"({"privacy_level":")" + privacy + R"("})";
        request.attachments = std::move(media);
        request.not_before = now_millis();
        kept.attach(request);
        return request;
    }
    PublishRequest next_attempt(PublishRequest request) const { return kept.next_attempt(std::move(request)); }

    void use_chunks_of(std::int64_t bytes) {
        options.chunk_bytes = bytes;
        connector = networks::make_tiktok_connector(http, options);
    }
};

TEST_F(TikTokConnectorTest, ConnectsWithTheClientKeyAndEachRefreshSpendsTheRefreshTokenItUsed) {
    const Millis before = now_millis();
    auto connected = connect();
    ASSERT_TRUE(connected.ok()) << connected.failure().message;
    EXPECT_EQ(connected.get().handle, "@cafeluna");
    EXPECT_EQ(connected.get().display_name, "Café Luna");
    EXPECT_EQ(connected.get().remote_account_id, "-000OZGwbFhb9Kys4ZQ5Msh0bPPl2uShNLM8");
    EXPECT_TRUE(connected.get().renewable);
    ASSERT_TRUE(connected.get().expires_at);
    EXPECT_NEAR(static_cast<double>(*connected.get().expires_at - before), 7'200e3, 10e3) << "two hours";

    Account account{"c", "tiktok", "@cafeluna", connected.get().credentials};
    fake.expire_access_tokens();
    auto refused = connector->publish(account, post({mp4()}));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    EXPECT_EQ(refused.failure().code, "token_invalid");

    // TikTok answers a spent refresh token with a 200 carrying the error.
    const auto renewed = renew_expecting_rotation(*connector, account);
    EXPECT_TRUE(connector->publish(renewed, post({mp4()})).ok());

    fake.revoke_tokens();
    auto revoked = connector->refresh(renewed);
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_NE(revoked.failure().message.find("Refresh token is invalid"), std::string::npos) << revoked.failure().message;
}

class WithoutPostingPermission : public TikTokConnectorTest {
protected:
    WithoutPostingPermission() : TikTokConnectorTest(fakes::FakeTikTokOptions{.granted_scopes = "user.info.basic,user.info.profile"}) {}
};

TEST_F(WithoutPostingPermission, ALoginThatDidNotAllowPostingIsNotAChannel) {
    auto connected = connect();
    ASSERT_FALSE(connected.ok());
    EXPECT_EQ(connected.failure().code, "missing_scope");
    EXPECT_NE(connected.failure().message.find("video.publish"), std::string::npos);
}

TEST_F(TikTokConnectorTest, WhoCanWatchIsChosenAmongTheCreatorsOwnChoices) {
    auto listed = connector->destinations(account());
    ASSERT_TRUE(listed.ok()) << listed.failure().message;
    EXPECT_EQ(listed.get().option, "privacy_level");
    ASSERT_EQ(listed.get().items.size(), 4u);
    EXPECT_EQ(listed.get().items[0].id, "PUBLIC_TO_EVERYONE");
    EXPECT_EQ(listed.get().items[0].name, "Everyone");
    EXPECT_EQ(listed.get().items[3].id, "SELF_ONLY");
    EXPECT_EQ(listed.get().items[3].name, "Only me");
}

TEST_F(TikTokConnectorTest, AVideoGoesUpInOneChunkAfterTheCreatorsSettingsWereRead) {
    auto channel = account();
    auto request = post({mp4()});
    request.options = R"({"privacy_level":"FOLLOWER_OF_CREATOR","disable_duet":true,"brand_organic":true})";
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.creator_queries(), 1) << "TikTok requires creator_info before each post";
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "video");
    EXPECT_EQ(posts[0].title, "Pumpkin soup in 30 seconds #autumn #soup") << "a video's caption is its title";
    EXPECT_EQ(posts[0].privacy_level, "FOLLOWER_OF_CREATOR");
    EXPECT_TRUE(posts[0].disable_duet);
    EXPECT_FALSE(posts[0].disable_comment);
    EXPECT_TRUE(posts[0].brand_organic);
    EXPECT_EQ(posts[0].video_bytes, 40'000u);
    EXPECT_EQ(posts[0].chunks, 1);
    EXPECT_EQ(published.get().remote_id, posts[0].post_id);
    EXPECT_EQ(published.get().remote_url, "https://www.tiktok.com/@cafeluna/video/" + posts[0].post_id);
}

TEST_F(TikTokConnectorTest, ALargerVideoGoesInChunksInOrderTheLastTakingTheRest) {
    use_chunks_of(5 * megabyte);
    auto published = connector->publish(account(), post({mp4(12 * megabyte)}));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].chunks, 2) << "floor(12 MB / 5 MB) chunks: 5 MB, then 7 MB";
    EXPECT_EQ(posts[0].video_bytes, static_cast<std::size_t>(12 * megabyte));
    EXPECT_EQ(kept.saves, 3) << "before the init, after it, and before the second chunk (progress keeps the lease)";
}

TEST_F(TikTokConnectorTest, AnUploadWhoseJobWasTakenOverStopsBeforeTheNextChunk) {
    use_chunks_of(5 * megabyte);
    auto request = post({mp4(12 * megabyte)});
    request.save_checkpoint = [saves = 0](const std::string&) mutable { return ++saves < 3; };  // the lease lapses mid-upload
    auto stopped = connector->publish(account(), request);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.failure().code, "lease_lost");
    EXPECT_FALSE(stopped.failure().maybe_created);
    EXPECT_TRUE(fake.posts().empty()) << "half a video never becomes a post";
}

TEST_F(TikTokConnectorTest, PhotosAreDownloadedByTikTokFromTheSharedAddress) {
    auto request = post({jpeg(), jpeg(), jpeg()});
    request.draft.title = "Autumn menu";
    request.draft.text = "Three new soups this week.";
    auto published = connector->publish(account(), request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "photo");
    EXPECT_EQ(posts[0].photos, 3);
    EXPECT_EQ(posts[0].title, "Autumn menu");
    EXPECT_EQ(posts[0].description, "Three new soups this week.");
    EXPECT_EQ(published.get().remote_url, "https://www.tiktok.com/@cafeluna/photo/" + posts[0].post_id);
}

TEST_F(TikTokConnectorTest, PhotosNeedAServerTikTokCanDownloadFrom) {
    options.media_host = nullptr;
    connector = networks::make_tiktok_connector(http, options);
    auto refused = connector->publish(account(), post({jpeg()}));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "media_unsupported");
    EXPECT_EQ(fake.inits(), 0);
}

class Unaudited : public TikTokConnectorTest {
protected:
    Unaudited() : TikTokConnectorTest(fakes::FakeTikTokOptions{.audited = false}) {}
};

TEST_F(Unaudited, OnlyPrivatePostsAreOfferedAndTheyHaveNoPublicAddress) {
    auto channel = account();
    auto listed = connector->destinations(channel);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed.get().items.size(), 1u);
    EXPECT_EQ(listed.get().items[0].id, "SELF_ONLY");

    auto refused = connector->publish(channel, post({mp4()}));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_EQ(refused.failure().code, "privacy_level_unavailable");
    EXPECT_NE(refused.failure().message.find("Only me"), std::string::npos) << refused.failure().message;
    EXPECT_EQ(fake.inits(), 0) << "refused before anything was sent";

    auto published = connector->publish(channel, post({mp4()}, "SELF_ONLY"));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    ASSERT_EQ(fake.posts().size(), 1u);
    EXPECT_EQ(published.get().remote_id, fake.posts()[0].publish_id);
    EXPECT_EQ(published.get().remote_url, "https://www.tiktok.com/@cafeluna");
    EXPECT_FALSE(published.get().note.empty()) << "the user is told why there is no address";
}

class ShortVideosOnly : public TikTokConnectorTest {
protected:
    ShortVideosOnly() : TikTokConnectorTest(fakes::FakeTikTokOptions{.max_video_seconds = 60}) {}
};

TEST_F(ShortVideosOnly, AVideoLongerThanTheCreatorMayPostIsRefusedBeforeSending) {
    auto refused = connector->publish(account(), post({mp4(40'000, 90)}));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "video_too_long");
    EXPECT_NE(refused.failure().message.find("60 s"), std::string::npos) << refused.failure().message;
    EXPECT_EQ(fake.inits(), 0);
}

TEST_F(TikTokConnectorTest, ALostAnswerToAVideoInitIsNoPostAndTheRetryPostsOnce) {
    auto channel = account();
    auto request = post({mp4()});
    fake.drop_answer_to_next_init();
    auto lost = connector->publish(channel, request);
    ASSERT_FALSE(lost.ok());
    // Without the upload address nothing was uploaded, so TikTok has no post to look for.
    auto found = connector->find(channel, next_attempt(request));
    ASSERT_TRUE(found.ok()) << found.failure().message;
    EXPECT_FALSE(found.get().post);
    auto published = connector->publish(channel, next_attempt(request));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.posts().size(), 1u);
}

TEST_F(TikTokConnectorTest, ALostAnswerToAPhotoPostIsFoundAmongThePublicPosts) {
    auto channel = account();
    auto request = post({jpeg()});
    fake.drop_answer_to_next_init();
    auto lost = connector->publish(channel, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);
    auto found = connector->find(channel, next_attempt(request));
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, fake.posts()[0].post_id);
    EXPECT_EQ(fake.posts().size(), 1u);
}

TEST_F(TikTokConnectorTest, ALostAnswerToAPrivatePhotoPostStopsWithAReasonRatherThanRiskTwo) {
    auto channel = account();
    auto request = post({jpeg()}, "SELF_ONLY");
    fake.drop_answer_to_next_init();
    ASSERT_FALSE(connector->publish(channel, request).ok());
    auto found = connector->find(channel, next_attempt(request));
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.failure().kind, FailureClass::validation);
    EXPECT_EQ(found.failure().code, "unverifiable");
    EXPECT_EQ(fake.posts().size(), 1u);
}

TEST_F(TikTokConnectorTest, AnUploadCutHalfWayBeginsAnewAndPostsOnce) {
    use_chunks_of(5 * megabyte);
    auto channel = account();
    auto request = post({mp4(11 * megabyte)});
    fake.fail_upload_chunk(2);
    auto cut = connector->publish(channel, request);
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(cut.failure().kind, FailureClass::transient);
    EXPECT_FALSE(cut.failure().maybe_created) << "half a video is no post";
    EXPECT_NE(networks::string_at(networks::parse_json(kept.saved), "publish_id"), "");

    auto published = connector->publish(channel, next_attempt(request));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.inits(), 2);
    EXPECT_EQ(fake.posts().size(), 1u);
}

class SlowProcessing : public TikTokConnectorTest {
protected:
    SlowProcessing() : TikTokConnectorTest(fakes::FakeTikTokOptions{.processing_polls = 4}) {
        options.status_polls = 2;
        connector = networks::make_tiktok_connector(http, options);
    }
};

TEST_F(SlowProcessing, ARetryFollowsThePostTheFirstAttemptMadeInsteadOfPostingAgain) {
    auto channel = account();
    auto request = post({mp4()});
    auto pending = connector->publish(channel, request);
    ASSERT_FALSE(pending.ok());
    EXPECT_EQ(pending.failure().code, "media_processing");
    EXPECT_TRUE(pending.failure().maybe_created);
    auto found = connector->find(channel, next_attempt(request));
    ASSERT_TRUE(found.ok()) << found.failure().message;
    EXPECT_FALSE(found.get().post) << "still processing";

    auto published = connector->publish(channel, next_attempt(request));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.inits(), 1);
    ASSERT_EQ(fake.posts().size(), 1u);
    EXPECT_EQ(published.get().remote_id, fake.posts()[0].post_id);
}

TEST_F(TikTokConnectorTest, APostTikTokFailsKeepsItsReason) {
    auto channel = account();
    fake.fail_next_post("duration_check_failed");
    auto failed = connector->publish(channel, post({mp4()}));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.failure().kind, FailureClass::validation);
    EXPECT_EQ(failed.failure().code, "media_rejected");
    EXPECT_NE(failed.failure().message.find("duration_check_failed"), std::string::npos) << failed.failure().message;
    EXPECT_TRUE(fake.posts().empty());
}

TEST_F(TikTokConnectorTest, SixInitsAMinuteThenAMinutesWait) {
    auto channel = account();
    fake.spend_init_budget();
    auto limited = connector->publish(channel, post({mp4()}));
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    EXPECT_EQ(limited.failure().http_status, 429);
    ASSERT_TRUE(limited.failure().retry_at);
    EXPECT_NEAR(static_cast<double>(*limited.failure().retry_at - now_millis()), 60e3, 5e3);
}

TEST_F(TikTokConnectorTest, DocumentedRefusalsAreClassifiedAndKeepTikToksWordsAndLogId) {
    auto channel = account();
    fake.refuse_next_init(403, "spam_risk_too_many_posts", "The daily post cap from the current user has been reached.");
    auto capped = connector->publish(channel, post({mp4()}));
    ASSERT_FALSE(capped.ok());
    EXPECT_EQ(capped.failure().kind, FailureClass::rate_limited);
    EXPECT_EQ(capped.failure().code, "daily_post_cap");
    EXPECT_TRUE(capped.failure().retry_at);
    EXPECT_NE(capped.failure().message.find("daily post cap"), std::string::npos);
    EXPECT_NE(capped.failure().message.find("log_id"), std::string::npos) << capped.failure().message;

    fake.refuse_next_init(403, "spam_risk_user_banned_from_posting", "The user is banned from making new posts.");
    auto banned = connector->publish(channel, post({mp4()}));
    ASSERT_FALSE(banned.ok());
    EXPECT_EQ(banned.failure().kind, FailureClass::validation);
    EXPECT_EQ(banned.failure().code, "account_restricted");

    fake.refuse_next_init(403, "url_ownership_unverified", "The domain or URL prefix of the photos is not verified.");
    auto unverified = connector->publish(channel, post({jpeg()}));
    ASSERT_FALSE(unverified.ok());
    EXPECT_EQ(unverified.failure().code, "url_ownership_unverified");
    EXPECT_TRUE(fake.posts().empty());
}

TEST_F(TikTokConnectorTest, PostsCannotBeDeletedThroughTheApiAndTheUserIsToldWhere) {
    auto refused = connector->remove(account(), "7300000000000000001");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "delete_unsupported");
    EXPECT_NE(refused.failure().message.find("TikTok app"), std::string::npos);
}

}  // namespace
}  // namespace chorus::testing
