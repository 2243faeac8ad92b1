// The Threads connector against the contract fake (tests/fakes/fake_threads.h): Meta's code
// flow and the long-lived token it is exchanged for and renewed with; containers with media
// Threads downloads from the server's shared address (media/shared_links), video processing,
// carousels and reply chains; a lost answer to threads_publish settled by the container's
// status; threads resumed after a partial attempt; Graph error bodies and usage budgets.
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_threads.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "networks/threads/connector.h"
#include "oauth_approval.h"
#include "shared_media_server.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

class ThreadsConnectorTest : public ::testing::Test {
protected:
    fakes::FakeThreads fake;
    SharedMediaServer shared;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector = networks::make_threads_connector(http, options());

    networks::ThreadsOptions options() {
        networks::ThreadsOptions threads;
        threads.app = {"chorus-threads-app", "chorus-threads-secret", fake.base_url(), fake.base_url() + "/oauth/authorize"};
        threads.media_host = &shared.links();
        threads.timeout = std::chrono::seconds(5);
        threads.container_poll_interval = std::chrono::milliseconds(5);
        return threads;
    }

    networks::Outcome<networks::Connection> connect() { return connect_by_oauth(*connector, http, "unused-verifier", "unused-verifier"); }

    Account account() { return account_from(connect(), "channel_threads", "threads"); }

    static PublishRequest request_for(std::string text, std::vector<std::string> thread = {}) {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.text = std::move(text);
        request.thread = std::move(thread);
        return request;
    }

    std::string hosted(const std::string& bytes, const std::string& mime, const std::string& alt = {}) {
        networks::MediaUpload media{bytes, mime, {}};
        media.facts.kind = mime.starts_with("video/") ? networks::MediaFacts::Kind::video : networks::MediaFacts::Kind::image;
        media.facts.alt_text = alt;
        auto uploaded = connector->upload_media(account(), media);
        if (!uploaded.ok()) throw std::runtime_error("upload: " + uploaded.failure().message);
        return uploaded.get().remote_id;
    }
};

TEST_F(ThreadsConnectorTest, ConnectsWithALongLivedTokenRenewedAWeekAhead) {
    const Millis before = now_millis();
    auto connection = connect();
    ASSERT_TRUE(connection.ok()) << connection.failure().message;
    EXPECT_EQ(connection.get().remote_account_id, fake.user_id());
    EXPECT_EQ(connection.get().handle, "@cafeluna");
    EXPECT_EQ(connection.get().display_name, "Café Luna");
    ASSERT_TRUE(connection.get().expires_at);
    // The hour-long token from the code was exchanged for Meta's 60-day one.
    EXPECT_NEAR(static_cast<double>(*connection.get().expires_at - before), 5183944e3, 60e3);
    EXPECT_TRUE(networks::string_at(networks::parse_json(connection.get().credentials), "access_token").starts_with("THL"));
    EXPECT_EQ(connector->renew_ahead(), std::chrono::milliseconds(7 * 24 * 3'600'000LL));

    // The authorization address asks Meta's scopes, comma-separated.
    networks::OAuthRequest request{fake.base_url(), test_redirect_uri, "state-1", "challenge"};
    const auto address = connector->oauth()->authorization_url(*connector->oauth()->configured_client(), request);
    EXPECT_NE(address.find("scope=threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies,threads_delete"),
              std::string::npos);

    // An app secret that is not the app's is refused when the code is exchanged.
    auto wrong = options();
    wrong.app.client_secret = "not-the-secret";
    auto impostor = networks::make_threads_connector(http, wrong);
    auto refused = approve_and_exchange(*impostor->oauth(), http, *impostor->oauth()->configured_client(), fake.base_url(), "v", "v");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    EXPECT_NE(refused.failure().message.find("Error validating client secret."), std::string::npos);
}

TEST_F(ThreadsConnectorTest, PublishesATextThreadAsAReplyChainWithItsOptionsAndDeletesIt) {
    auto channel = account();
    auto request = request_for("Winter menu 🍲 is here", {"Soups from Monday", "Book at https://cafe.example/book"});
    request.options = R"({"reply_control":"accounts_you_follow","topic_tag":"Coffee"})";
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 3u);
    EXPECT_EQ(posts[0].media_type, "TEXT_POST");
    EXPECT_EQ(posts[0].text, "Winter menu 🍲 is here");
    EXPECT_EQ(posts[0].reply_control, "accounts_you_follow");
    EXPECT_EQ(posts[0].topic_tag, "Coffee");
    EXPECT_EQ(posts[1].reply_to, posts[0].id);
    EXPECT_EQ(posts[2].reply_to, posts[1].id);
    EXPECT_EQ(published.get().remote_id, posts[0].id + " " + posts[1].id + " " + posts[2].id);
    EXPECT_EQ(published.get().remote_url, posts[0].permalink);  // read back from Threads

    // The publishing quota left becomes the channel's budget.
    bool quota_seen = false;
    for (const auto& budget : published.budgets)
        if (budget.scope == "channel:channel_threads" && budget.remaining == 249) quota_seen = true;
    EXPECT_TRUE(quota_seen);

    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());
    EXPECT_TRUE(fake.posts().empty());
    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());  // already gone is not an error
}

TEST_F(ThreadsConnectorTest, MediaIsDownloadedByThreadsFromTheSharedAddress) {
    auto channel = account();
    auto image = request_for("Pumpkin soup");
    image.media_ids = {hosted(std::string(3000, 'j'), "image/jpeg", "A bowl of pumpkin soup")};
    auto single = connector->publish(channel, image);
    ASSERT_TRUE(single.ok()) << single.failure().message;
    auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].media_type, "IMAGE");
    ASSERT_EQ(posts[0].media.size(), 1u);
    EXPECT_EQ(posts[0].media[0].bytes, 3000u);  // Threads fetched the very bytes
    EXPECT_EQ(posts[0].media[0].mime, "image/jpeg");
    EXPECT_EQ(posts[0].media[0].alt_text, "A bowl of pumpkin soup");

    // Several attachments make a carousel; the video's container is waited for.
    auto carousel = request_for("Our kitchen, in pictures and moving ones");
    carousel.media_ids = {hosted(std::string(1200, 'p'), "image/png"), hosted(std::string(4000, 'v'), "video/mp4")};
    auto album = connector->publish(channel, carousel);
    ASSERT_TRUE(album.ok()) << album.failure().message;
    posts = fake.posts();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[1].media_type, "CAROUSEL_ALBUM");
    ASSERT_EQ(posts[1].media.size(), 2u);
    EXPECT_EQ(posts[1].media[1].mime, "video/mp4");

    // A video Threads cannot process is refused with its reason, not retried.
    fake.fail_next_video_processing();
    auto broken = request_for("A broken clip");
    broken.media_ids = {hosted(std::string(500, 'v'), "video/mp4")};
    auto refused = connector->publish(channel, broken);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_EQ(refused.failure().code, "media_rejected");
    EXPECT_NE(refused.failure().message.find("FAILED_PROCESSING_VIDEO"), std::string::npos);

    // An address Threads cannot download from is Meta's documented media refusal.
    auto unreachable = request_for("Gone");
    unreachable.media_ids = {R"({"type":"IMAGE","url":")" + fake.base_url() + R"(/nothing-here.jpeg","alt":""})"};
    auto missing = connector->publish(channel, unreachable);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.failure().code, "media_rejected");
    EXPECT_EQ(fake.posts().size(), 2u);
}

TEST_F(ThreadsConnectorTest, ALostAnswerIsSettledByTheContainerAndNeverDoubled) {
    auto channel = account();
    // The post is made and the answer lost: the container says PUBLISHED, the post is found.
    fake.drop_answer_to_next_publish();
    auto request = request_for("Fresh bread at 8 — https://cafe.example/bakery");
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    ASSERT_EQ(fake.posts().size(), 1u);
    EXPECT_EQ(published.get().remote_id, fake.posts()[0].id);

    // A server error before anything was made: the container is still FINISHED, and
    // publishing it again makes the post once.
    fake.fail_next_publish();
    const int requests_before = fake.publish_requests();
    const int containers_before = fake.containers_created();
    auto second = connector->publish(channel, request_for("Croissants at 9"));
    ASSERT_TRUE(second.ok()) << second.failure().message;
    EXPECT_EQ(fake.posts().size(), 2u);
    EXPECT_EQ(fake.publish_requests() - requests_before, 2);
    EXPECT_EQ(fake.containers_created() - containers_before, 1);

    // find() recognises an earlier attempt's post by its text, and nothing else.
    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, fake.posts()[0].id);
    EXPECT_EQ(found.get().post->remote_url, fake.posts()[0].permalink);
    // The same text posted long before this target's first attempt began (last week's) is
    // not this target's post.
    auto weeks_later = request;
    weeks_later.not_before = now_millis() + 10 * 60'000;
    auto not_ours = connector->find(channel, weeks_later);
    ASSERT_TRUE(not_ours.ok()) << not_ours.failure().message;
    EXPECT_FALSE(not_ours.get().post);

    auto other = connector->find(channel, request_for("A post never made"));
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other.get().post);
}

TEST_F(ThreadsConnectorTest, AThreadCutShortResumesAfterItsLastPublishedPart) {
    auto channel = account();
    ASSERT_TRUE(connector->publish(channel, request_for("Our new terrace opens Friday", {"Heaters included"})).ok());
    // An earlier attempt of a longer thread made its first two parts only.
    auto request = request_for("Our new terrace opens Friday", {"Heaters included", "And blankets"});
    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found.get().post);

    request.attempt = 2;
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 3u);
    EXPECT_EQ(posts[2].text, "And blankets");
    EXPECT_EQ(posts[2].reply_to, posts[1].id);
    EXPECT_EQ(published.get().remote_id, posts[0].id + " " + posts[1].id + " " + posts[2].id);
}

TEST_F(ThreadsConnectorTest, TheTokenRenewsItselfUntilItExpiresOrIsRevoked) {
    auto channel = account();
    auto renewed = connector->refresh(channel);
    ASSERT_TRUE(renewed.ok()) << renewed.failure().message;
    EXPECT_EQ(fake.renewals(), 1);
    ASSERT_TRUE(renewed.get().expires_at);
    EXPECT_GT(*renewed.get().expires_at, now_millis() + 59LL * 24 * 3'600'000);
    channel.credentials = renewed.get().credentials;
    ASSERT_TRUE(connector->publish(channel, request_for("With the renewed token")).ok());

    // Expired (or revoked), it opens nothing, its renewal included: only reconnecting helps.
    fake.expire_tokens();
    auto refused = connector->publish(channel, request_for("After expiry"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    EXPECT_EQ(refused.failure().code, "token_invalid");
    EXPECT_FALSE(refused.failure().maybe_created);
    EXPECT_NE(refused.failure().message.find("Session has expired"), std::string::npos);
    auto too_late = connector->refresh(channel);
    ASSERT_FALSE(too_late.ok());
    EXPECT_EQ(too_late.failure().kind, FailureClass::auth);
}

TEST_F(ThreadsConnectorTest, RateLimitsAndDocumentedRefusalsKeepMetasWords) {
    auto channel = account();
    fake.rate_limit_next_publish();
    const Millis before = now_millis();
    auto limited = connector->publish(channel, request_for("Too soon"));
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    EXPECT_EQ(limited.failure().message, "Application request limit reached");
    ASSERT_TRUE(limited.failure().retry_at);
    EXPECT_GE(*limited.failure().retry_at, before + 3'600'000 - 1000);  // X-App-Usage at 100%: back in an hour
    bool app_budget = false;
    for (const auto& budget : limited.budgets)
        if (budget.scope == "app:threads" && budget.remaining == 0) app_budget = true;
    EXPECT_TRUE(app_budget);
    EXPECT_TRUE(fake.posts().empty());

    // Text past Threads' limit is a validation failure in Meta's words.
    auto too_long = connector->publish(channel, request_for(std::string(501, 'a')));
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.failure().kind, FailureClass::validation);
    EXPECT_EQ(too_long.failure().code, "invalid_request");
    EXPECT_EQ(too_long.failure().http_status, 400);
    EXPECT_NE(too_long.failure().message.find("500 characters"), std::string::npos);

    // Without a way to share media, attachments are refused up front.
    auto text_only = options();
    text_only.media_host = nullptr;
    auto bare = networks::make_threads_connector(http, text_only);
    auto no_host = bare->upload_media(channel, networks::MediaUpload{"x", "image/jpeg", {}});
    ASSERT_FALSE(no_host.ok());
    EXPECT_EQ(no_host.failure().kind, FailureClass::validation);
}

}  // namespace
}  // namespace chorus::testing
