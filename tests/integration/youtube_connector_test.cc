// The YouTube connector against the contract fake (tests/fakes/fake_youtube.h): connecting
// with Google's OAuth (PKCE, offline access) and renewing the hour-long token; a video
// uploaded in chunks with its title, description and privacy; the resumable session as the
// checkpoint that makes an interrupted upload resume and a lost answer be found, never a
// second video; Google's refusals in their own words.
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_youtube.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "networks/youtube/connector.h"
#include "kept_checkpoint.h"
#include "oauth_approval.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

constexpr std::size_t chunk = 256 * 1024;

class YouTubeConnectorTest : public ::testing::Test {
protected:
    explicit YouTubeConnectorTest(fakes::FakeYouTubeOptions fake_options = {}) : fake(std::move(fake_options)) {
        networks::YouTubeOptions options;
        options.app = {"chorus-youtube-app.apps.googleusercontent.com", "chorus-youtube-secret", fake.base_url(), fake.authorize_url()};
        options.timeout = std::chrono::seconds(5);
        options.chunk_bytes = chunk;
        connector = networks::make_youtube_connector(http, options);
    }

    fakes::FakeYouTube fake;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector;
    KeptCheckpoint kept;  // what the engine would keep for the target

    networks::Outcome<std::vector<networks::Connection>> connect_all() {
        auto* oauth = connector->oauth();
        const auto verifier = "verifier-" + random_secret(24);
        return approve_and_exchange_all(*oauth, http, *oauth->configured_client(), oauth->own_server(), verifier, verifier);
    }

    Account channel() {
        auto reached = connect_all();
        if (!reached.ok() || reached.get().size() != 1) throw std::runtime_error("the login did not reach the channel");
        return Account{new_id("channel"), "youtube", reached.get()[0].handle, reached.get()[0].credentials};
    }

    // A post of one video of `bytes` bytes, keeping its checkpoint as the engine does.
    PublishRequest video_post(std::size_t bytes, std::string title = "Latte art in slow motion") {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.title = std::move(title);
        request.draft.text = "How we pour a rosetta. Filmed at Café Luna.";
        networks::MediaUpload video{std::string(bytes, 'v'), "video/mp4", {}};
        video.facts.kind = networks::MediaFacts::Kind::video;
        request.attachments.push_back(std::move(video));
        kept.attach(request);
        return request;
    }
    PublishRequest next_attempt(PublishRequest request) const { return kept.next_attempt(std::move(request)); }
};

TEST_F(YouTubeConnectorTest, ConnectsWithOfflineAccessAndRenewsTheHourLongToken) {
    const Millis before = now_millis();
    auto reached = connect_all();
    ASSERT_TRUE(reached.ok()) << reached.failure().message;
    ASSERT_EQ(reached.get().size(), 1u);
    const auto& connection = reached.get()[0];
    EXPECT_EQ(connection.remote_account_id, fakes::FakeYouTube::channel_id());
    EXPECT_EQ(connection.handle, "@cafeluna");
    EXPECT_EQ(connection.display_name, "Café Luna");
    EXPECT_EQ(connection.kind, "Channel");
    EXPECT_TRUE(connection.renewable) << "offline access brought a refresh token";
    ASSERT_TRUE(connection.expires_at);
    EXPECT_NEAR(static_cast<double>(*connection.expires_at - before), 3'599e3, 10e3);

    Account account{"c", "youtube", connection.handle, connection.credentials};
    fake.expire_access_tokens();
    auto refused = connector->remove(account, "nothing");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    auto renewed = connector->refresh(account);
    ASSERT_TRUE(renewed.ok()) << renewed.failure().message;
    EXPECT_EQ(fake.refreshes(), 1);
    // Google keeps the refresh token and sends none back: the one held still stands.
    EXPECT_EQ(networks::string_at(networks::parse_json(renewed.get().credentials), "refresh_token"),
              networks::string_at(networks::parse_json(account.credentials), "refresh_token"));
    account.credentials = renewed.get().credentials;
    EXPECT_TRUE(connector->remove(account, "nothing").ok()) << "a video already gone is not an error";

    fake.revoke_tokens();
    auto revoked = connector->refresh(account);
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_NE(revoked.failure().message.find("Token has been expired or revoked"), std::string::npos) << revoked.failure().message;
}

TEST_F(YouTubeConnectorTest, AVideoGoesUpInChunksWithItsTitleDescriptionAndPrivacy) {
    auto account = channel();
    auto request = video_post(2 * chunk + 1000);
    request.options = R"({"privacy":"unlisted","made_for_kids":true})";
    auto published = connector->publish(account, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto videos = fake.videos();
    ASSERT_EQ(videos.size(), 1u);
    EXPECT_EQ(videos[0].title, "Latte art in slow motion");
    EXPECT_EQ(videos[0].description, "How we pour a rosetta. Filmed at Café Luna.");
    EXPECT_EQ(videos[0].privacy, "unlisted");
    EXPECT_TRUE(videos[0].made_for_kids);
    EXPECT_EQ(videos[0].mime, "video/mp4");
    EXPECT_EQ(videos[0].bytes, 2 * chunk + 1000);
    EXPECT_EQ(fake.chunks_received(), 3);
    EXPECT_EQ(published.get().remote_id, videos[0].id);
    EXPECT_EQ(published.get().remote_url, "https://www.youtube.com/watch?v=" + videos[0].id);
    EXPECT_EQ(kept.saves, 1) << "the session is kept before the first byte";
    EXPECT_EQ(kept.saved.find("ya29."), std::string::npos) << "no token in the checkpoint";

    ASSERT_TRUE(connector->remove(account, videos[0].id).ok());
    EXPECT_TRUE(fake.videos().empty());
}

TEST_F(YouTubeConnectorTest, AFirstCommentIsTheChannelsCommentThreadAndALostAnswerIsFoundAmongTheVideosThreads) {
    auto account = channel();
    auto published = connector->publish(account, video_post(chunk));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const networks::CommentRequest request{published.get().remote_id, "Which pattern next? Tell us below", new_id("publish") + ":comment",
                                           now_millis()};
    fake.comment_as_viewer(published.get().remote_id, "Which pattern next? Tell us below");
    auto not_ours = connector->find_comment(account, request);
    ASSERT_TRUE(not_ours.ok()) << not_ours.failure().message;
    EXPECT_FALSE(not_ours.get()) << "a viewer's thread with the same words is not the channel's";

    fake.drop_answer_to_next_comment();
    auto lost = connector->comment(account, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);
    auto found = connector->find_comment(account, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get());
    const auto comments = fake.comments();
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(found.get()->remote_id, comments[1].id);
    EXPECT_EQ(comments[1].author_channel_id, fake.channel_id());
    EXPECT_EQ(comments[1].video_id, published.get().remote_id);
    EXPECT_EQ(fake.comment_requests(), 1);

    // Videos made for kids take no comments: refused in YouTube's words, never retried.
    auto for_kids = video_post(chunk, "Rosetta for kids");
    for_kids.options = R"({"privacy":"public","made_for_kids":true})";
    auto kids_video = connector->publish(account, for_kids);
    ASSERT_TRUE(kids_video.ok()) << kids_video.failure().message;
    auto disabled = connector->comment(account, {kids_video.get().remote_id, "Hello", new_id("publish"), now_millis()});
    ASSERT_FALSE(disabled.ok());
    EXPECT_EQ(disabled.failure().kind, FailureClass::validation) << disabled.failure().code;
    EXPECT_NE(disabled.failure().message.find("disabled comments"), std::string::npos) << disabled.failure().message;
}

TEST_F(YouTubeConnectorTest, AnUploadCutMidwayResumesWhereYouTubeStoppedInTheSameSession) {
    auto account = channel();
    fake.cut_next_upload_midway();
    const auto request = video_post(3 * chunk);
    auto cut = connector->publish(account, request);
    ASSERT_FALSE(cut.ok());
    EXPECT_TRUE(cut.failure().maybe_created) << "bytes went: only the session can tell";

    auto next = next_attempt(request);
    auto found = connector->find(account, next);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    EXPECT_FALSE(found.get().post) << "an incomplete session made no video";
    const int chunks_before = fake.chunks_received();
    auto resumed = connector->publish(account, next);
    ASSERT_TRUE(resumed.ok()) << resumed.failure().message;
    EXPECT_EQ(fake.sessions_opened(), 1) << "resumed, not started again";
    EXPECT_EQ(fake.chunks_received() - chunks_before, 2) << "only what YouTube did not hold";
    ASSERT_EQ(fake.videos().size(), 1u);
    EXPECT_EQ(fake.videos()[0].bytes, 3 * chunk);
}

TEST_F(YouTubeConnectorTest, ALostAnswerToTheLastChunkIsFoundByAskingTheSession) {
    auto account = channel();
    fake.drop_answer_to_next_final_chunk();
    const auto request = video_post(chunk + 10);
    auto lost = connector->publish(account, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);

    auto next = next_attempt(request);
    auto found = connector->find(account, next);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    ASSERT_EQ(fake.videos().size(), 1u);
    EXPECT_EQ(found.get().post->remote_id, fake.videos()[0].id);
    // Publishing again from the same checkpoint would find it too, never upload twice.
    auto again = connector->publish(account, next);
    ASSERT_TRUE(again.ok()) << again.failure().message;
    EXPECT_EQ(again.get().remote_id, fake.videos()[0].id);
    EXPECT_EQ(fake.sessions_opened(), 1);
    EXPECT_EQ(fake.videos().size(), 1u);

    // Without a kept session nothing was sent, so nothing can exist.
    auto never = video_post(chunk);
    auto nothing = connector->find(account, never);
    ASSERT_TRUE(nothing.ok());
    EXPECT_FALSE(nothing.get().post);
}

TEST_F(YouTubeConnectorTest, AnExpiredSessionOrAnEditedPostStartsAFreshUpload) {
    auto account = channel();
    fake.cut_next_upload_midway();
    const auto request = video_post(2 * chunk);
    ASSERT_FALSE(connector->publish(account, request).ok());
    fake.expire_sessions();
    auto after_expiry = connector->publish(account, next_attempt(request));
    ASSERT_TRUE(after_expiry.ok()) << after_expiry.failure().message;
    EXPECT_EQ(fake.sessions_opened(), 2);
    EXPECT_EQ(fake.videos().size(), 1u);

    // A target edited after an interrupted upload is not finished with the old title.
    fake.cut_next_upload_midway();
    const auto first = video_post(2 * chunk, "Before the edit");
    ASSERT_FALSE(connector->publish(account, first).ok());
    auto edited = next_attempt(first);
    edited.draft.title = "After the edit";
    auto published = connector->publish(account, edited);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.sessions_opened(), 4);
    ASSERT_EQ(fake.videos().size(), 2u);
    EXPECT_EQ(fake.videos()[1].title, "After the edit");
}

TEST_F(YouTubeConnectorTest, AWorkerThatLostItsJobStopsBeforeTheFirstByte) {
    auto account = channel();
    auto request = video_post(chunk);
    request.save_checkpoint = [](const std::string&) { return false; };
    auto stopped = connector->publish(account, request);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.failure().code, "lease_lost");
    EXPECT_FALSE(stopped.failure().maybe_created);
    EXPECT_EQ(fake.chunks_received(), 0);
    EXPECT_TRUE(fake.videos().empty());
}

TEST_F(YouTubeConnectorTest, RefusalsKeepGooglesOwnWords) {
    auto account = channel();
    fake.reject_next_video();
    auto rejected = connector->publish(account, video_post(chunk));
    ASSERT_FALSE(rejected.ok());
    EXPECT_EQ(rejected.failure().kind, FailureClass::validation);
    EXPECT_EQ(rejected.failure().code, "video_rejected");
    EXPECT_NE(rejected.failure().message.find("duplicate"), std::string::npos) << rejected.failure().message;

    auto untitled = connector->publish(account, video_post(chunk, ""));
    ASSERT_FALSE(untitled.ok());
    EXPECT_EQ(untitled.failure().kind, FailureClass::validation);
    EXPECT_EQ(untitled.failure().code, "invalid_title");
    EXPECT_EQ(untitled.failure().http_status, 400);

    PublishRequest text_only;
    text_only.draft.text = "No video";
    auto no_video = connector->publish(account, text_only);
    ASSERT_FALSE(no_video.ok());
    EXPECT_EQ(no_video.failure().code, "video_required");
}

class YouTubeQuotaTest : public YouTubeConnectorTest {
protected:
    YouTubeQuotaTest() : YouTubeConnectorTest(quota_of(1)) {}
    static fakes::FakeYouTubeOptions quota_of(int uploads) {
        fakes::FakeYouTubeOptions options;
        options.daily_uploads = uploads;
        options.audited_project = false;
        return options;
    }
};

TEST_F(YouTubeQuotaTest, TheDailyQuotaWaitsForMidnightPacificAndAnUnauditedProjectUploadsPrivately) {
    auto account = channel();
    auto published = connector->publish(account, video_post(chunk));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.videos()[0].privacy, "private") << "Google locks uploads of unaudited projects to private";
    EXPECT_NE(published.get().note.find("made the video private although public was asked for"), std::string::npos) << published.get().note;

    const Millis now = now_millis();
    auto refused = connector->publish(account, video_post(chunk));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::rate_limited);
    EXPECT_EQ(refused.failure().code, "quota_exceeded");
    EXPECT_FALSE(refused.failure().maybe_created);
    ASSERT_TRUE(refused.failure().retry_at);
    EXPECT_GT(*refused.failure().retry_at, now);
    EXPECT_LE(*refused.failure().retry_at, now + 25 * 3'600'000LL);
    // Midnight in Los Angeles is 07:00 or 08:00 UTC, whichever the season.
    const auto utc_hour = (*refused.failure().retry_at / 3'600'000) % 24;
    EXPECT_TRUE(utc_hour == 7 || utc_hour == 8) << utc_hour;
    EXPECT_EQ(*refused.failure().retry_at % 3'600'000, 0);
}

class YouTubeWithoutChannelTest : public YouTubeConnectorTest {
protected:
    YouTubeWithoutChannelTest() : YouTubeConnectorTest(without_channel()) {}
    static fakes::FakeYouTubeOptions without_channel() {
        fakes::FakeYouTubeOptions options;
        options.has_channel = false;
        return options;
    }
};

TEST_F(YouTubeWithoutChannelTest, AGoogleAccountWithoutAChannelReachesNothing) {
    auto reached = connect_all();
    ASSERT_TRUE(reached.ok()) << reached.failure().message;
    EXPECT_TRUE(reached.get().empty());
}

}  // namespace
}  // namespace chorus::testing
