// The X connector against the contract fake (tests/fakes/fake_x.h): OAuth with PKCE and
// rotating refresh tokens, posts and threads, chunked media with processing and alt text,
// reconciling after a lost answer (X has no idempotency key), rate limits and budgets,
// revoked tokens and X's documented error bodies.
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_x.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "networks/x/connector.h"
#include "oauth_approval.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

networks::XOptions options_for(const fakes::FakeX& fake, std::size_t chunk_bytes = 1000) {
    networks::XOptions options;
    options.app = {"chorus-test-client", "chorus-test-secret", fake.base_url(), fake.base_url() + "/i/oauth2/authorize"};
    options.timeout = std::chrono::seconds(5);
    options.chunk_bytes = chunk_bytes;
    options.longest_status_wait = std::chrono::milliseconds(10);
    return options;
}

class XConnectorTest : public ::testing::Test {
protected:
    fakes::FakeX fake;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector = networks::make_x_connector(http, options_for(fake));

    networks::Outcome<networks::Connection> connect(const std::string& verifier = "verifier-" + random_secret(24),
                                                    std::optional<std::string> verifier_sent = std::nullopt) {
        EXPECT_EQ(connector->oauth()->own_server(), fake.base_url());
        return connect_by_oauth(*connector, http, verifier, verifier_sent.value_or(verifier));
    }

    Account account() { return account_from(connect(), "channel_x", "x"); }

    static PublishRequest request_for(std::string text, std::vector<std::string> thread = {}) {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.text = std::move(text);
        request.thread = std::move(thread);
        return request;
    }
};

TEST_F(XConnectorTest, ConnectsByOAuthWithPkceAndKeepsARefreshToken) {
    const Millis before = now_millis();
    auto connection = connect();
    ASSERT_TRUE(connection.ok()) << connection.failure().message;
    EXPECT_EQ(connection.get().remote_account_id, fake.user_id());
    EXPECT_EQ(connection.get().handle, "@cafeluna");
    EXPECT_EQ(connection.get().display_name, "Café Luna");
    ASSERT_TRUE(connection.get().expires_at);
    EXPECT_NEAR(static_cast<double>(*connection.get().expires_at - before), 7200e3, 10e3);  // X's two hours
    const auto credentials = networks::parse_json(connection.get().credentials);
    EXPECT_FALSE(networks::string_at(credentials, "refresh_token").empty());  // offline.access was asked for

    // A code exchanged with the wrong verifier (a stolen code) is refused.
    auto stolen = connect("the-real-verifier-" + random_secret(16), "someone-elses-verifier");
    ASSERT_FALSE(stolen.ok());
    EXPECT_EQ(stolen.failure().kind, FailureClass::auth);
    EXPECT_EQ(stolen.failure().http_status, 400);
}

TEST_F(XConnectorTest, PublishesAThreadAsRepliesWithItsOptionsAndLinks) {
    auto channel = account();
    auto request = request_for("Winter menu & more: https://cafe.example/menu?lang=en", {"Soups from Monday", "Book at https://cafe.example/book"});
    request.options = R"({"reply_settings":"following"})";
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 3u);
    EXPECT_EQ(posts[0].text, "Winter menu & more: https://cafe.example/menu?lang=en");
    EXPECT_EQ(posts[0].reply_settings, "following");
    EXPECT_EQ(posts[1].in_reply_to, posts[0].id);
    EXPECT_EQ(posts[2].in_reply_to, posts[1].id);
    EXPECT_EQ(published.get().remote_id, posts[0].id + " " + posts[1].id + " " + posts[2].id);
    EXPECT_EQ(published.get().remote_url, "https://x.com/cafeluna/status/" + posts[0].id);

    // Deleting removes every part; a part already gone is not an error.
    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());
    EXPECT_TRUE(fake.posts().empty());
    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());
}

TEST_F(XConnectorTest, MediaIsUploadedInChunksWithAltTextAndVideoWaitsUntilProcessed) {
    auto channel = account();
    networks::MediaUpload image{std::string(2500, 'i'), "image/jpeg", {}};
    image.facts.alt_text = "A bowl of pumpkin soup";
    auto uploaded_image = connector->upload_media(channel, image);
    ASSERT_TRUE(uploaded_image.ok()) << uploaded_image.failure().message;
    const auto stored = *fake.media(uploaded_image.get().remote_id);
    EXPECT_EQ(stored.segments.size(), 3u);  // 1000 + 1000 + 500
    EXPECT_EQ(stored.category, "tweet_image");
    EXPECT_EQ(stored.alt_text, "A bowl of pumpkin soup");

    networks::MediaUpload video{std::string(1800, 'v'), "video/mp4", {}};
    video.facts.kind = networks::MediaFacts::Kind::video;
    auto uploaded_video = connector->upload_media(channel, video);
    ASSERT_TRUE(uploaded_video.ok()) << uploaded_video.failure().message;
    EXPECT_EQ(fake.media(uploaded_video.get().remote_id)->category, "tweet_video");
    EXPECT_EQ(fake.media(uploaded_video.get().remote_id)->polls_until_ready, 0);  // STATUS was polled to the end

    auto request = request_for("Soup season");
    request.media_ids = {uploaded_video.get().remote_id};
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(fake.posts().at(0).media_ids, request.media_ids);

    // A video X cannot process is refused with X's reason, not retried.
    fake.fail_next_media_processing();
    auto broken = connector->upload_media(channel, video);
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.failure().kind, FailureClass::validation);
    EXPECT_EQ(broken.failure().code, "media_rejected");
    EXPECT_NE(broken.failure().message.find("Unsupported video format"), std::string::npos);

    // Media X does not know is a documented 400.
    auto unknown = request_for("With a stale media id");
    unknown.media_ids = {"999"};
    auto refused = connector->publish(channel, unknown);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "media_rejected");
    EXPECT_EQ(refused.failure().http_status, 400);
    EXPECT_NE(refused.failure().message.find("Your media IDs are invalid."), std::string::npos);
}

TEST_F(XConnectorTest, APostWhoseAnswerIsLostIsFoundAndARetryDoesNotDoubleIt) {
    auto channel = account();
    // The link comes back as t.co and the ampersand escaped: find must still recognise it.
    auto request = request_for("Fresh bread & rolls at 8 — https://cafe.example/bakery #bread");
    fake.drop_answer_to_next_create();
    auto first = connector->publish(channel, request);
    ASSERT_FALSE(first.ok());
    EXPECT_TRUE(first.failure().maybe_created);

    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, fake.posts().at(0).id);

    // Even a blind retry does not double it: X refuses the duplicate and the connector
    // recognises the earlier post as its own.
    request.attempt = 2;
    auto again = connector->publish(channel, request);
    ASSERT_TRUE(again.ok()) << again.failure().message;
    EXPECT_EQ(again.get().remote_id, fake.posts().at(0).id);
    EXPECT_EQ(fake.posts().size(), 1u);

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

TEST_F(XConnectorTest, AThreadCutShortResumesAfterItsLastPublishedPart) {
    auto channel = account();
    // An earlier attempt made the first part only.
    ASSERT_TRUE(connector->publish(channel, request_for("Our new terrace opens Friday")).ok());
    auto request = request_for("Our new terrace opens Friday", {"Heaters and blankets included"});
    request.attempt = 2;
    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found.get().post);  // not all of it exists

    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[1].in_reply_to, posts[0].id);
    EXPECT_EQ(published.get().remote_id, posts[0].id + " " + posts[1].id);
}

TEST_F(XConnectorTest, AnExpiredTokenIsRefreshedAndTheRefreshTokenRotates) {
    auto channel = account();
    fake.expire_access_tokens();
    auto refused = connector->publish(channel, request_for("Before the refresh"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    EXPECT_EQ(refused.failure().code, "token_invalid");
    EXPECT_FALSE(refused.failure().maybe_created);

    auto refreshed = connector->refresh(channel);
    ASSERT_TRUE(refreshed.ok()) << refreshed.failure().message;
    ASSERT_TRUE(refreshed.get().expires_at);
    const auto old_refresh = networks::string_at(networks::parse_json(channel.credentials), "refresh_token");
    const auto new_refresh = networks::string_at(networks::parse_json(refreshed.get().credentials), "refresh_token");
    EXPECT_NE(new_refresh, old_refresh);
    Account renewed = channel;
    renewed.credentials = refreshed.get().credentials;
    ASSERT_TRUE(connector->publish(renewed, request_for("After the refresh")).ok());

    // The old refresh token was used up: using it again is refused as auth.
    auto stale = connector->refresh(channel);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.failure().kind, FailureClass::auth);
    EXPECT_EQ(stale.failure().message, "Value passed for the token was invalid.");
    EXPECT_EQ(fake.refreshes(), 1);
}

TEST_F(XConnectorTest, ARevokedAppNeedsReconnecting) {
    auto channel = account();
    fake.revoke_tokens();
    auto refused = connector->publish(channel, request_for("After revocation"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    auto refreshed = connector->refresh(channel);
    ASSERT_FALSE(refreshed.ok());
    EXPECT_EQ(refreshed.failure().kind, FailureClass::auth);
    EXPECT_TRUE(fake.posts().empty());
}

TEST_F(XConnectorTest, RateLimitsAndTheTwentyFourHourCapsFeedTheBudgets) {
    auto channel = account();
    auto published = connector->publish(channel, request_for("Counting calls"));
    ASSERT_TRUE(published.ok());
    // The tighter of the 15-minute window (199 left) and the user's day cap (99 left).
    std::optional<networks::Budget> channel_budget, app_budget;
    for (const auto& budget : published.budgets) {
        if (budget.scope == "channel:channel_x") channel_budget = budget;
        if (budget.scope == "app:x") app_budget = budget;
    }
    ASSERT_TRUE(channel_budget);
    EXPECT_EQ(channel_budget->remaining, 99);
    EXPECT_GT(channel_budget->reset_at, now_millis() + 23 * 3600 * 1000);
    ASSERT_TRUE(app_budget);
    EXPECT_EQ(app_budget->remaining, 9999);

    fake.rate_limit_next_create(std::chrono::seconds(90));
    auto limited = connector->publish(channel, request_for("Too soon"));
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    EXPECT_EQ(limited.failure().http_status, 429);
    ASSERT_TRUE(limited.failure().retry_at);
    EXPECT_NEAR(static_cast<double>(*limited.failure().retry_at - now_millis()), 90e3, 2e3);
    EXPECT_FALSE(limited.failure().maybe_created);
}

TEST_F(XConnectorTest, DocumentedRefusalsKeepXsOwnWords) {
    auto channel = account();
    auto too_long = connector->publish(channel, request_for(std::string(281, 'a')));
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.failure().kind, FailureClass::validation);
    EXPECT_EQ(too_long.failure().code, "invalid_request");
    EXPECT_NE(too_long.failure().message.find("Tweet text is too long"), std::string::npos);

    // The same words twice, on a first attempt, is the user's duplicate: X's refusal is
    // reported, not taken for an earlier attempt of ours.
    ASSERT_TRUE(connector->publish(channel, request_for("Same words")).ok());
    auto duplicate = connector->publish(channel, request_for("Same words"));
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.failure().kind, FailureClass::validation);
    EXPECT_EQ(duplicate.failure().code, "duplicate_content");
    EXPECT_EQ(duplicate.failure().http_status, 403);
    EXPECT_EQ(duplicate.failure().message, "You are not allowed to create a Tweet with duplicate content.");
    // X does not deduplicate posts with media.
    auto with_media = request_for("Same words");
    networks::MediaUpload image{std::string(10, 'i'), "image/png", {}};
    with_media.media_ids = {connector->upload_media(channel, image).get().remote_id};
    ASSERT_TRUE(connector->publish(channel, with_media).ok());
    EXPECT_EQ(fake.posts().size(), 2u);

    auto quote = request_for("Worth reading");
    quote.options = R"({"quote_tweet_id":")" + fake.posts().at(0).id + R"("})";
    ASSERT_TRUE(connector->publish(channel, quote).ok());
    EXPECT_EQ(fake.posts().back().quote_tweet_id, fake.posts().at(0).id);
}

TEST(XConnectorFreeTier, AnAccountWhosePostsCannotBeReadSaysSoInsteadOfGuessing) {
    fakes::FakeX fake{[] {
        fakes::FakeXOptions options;
        options.read_access = false;
        return options;
    }()};
    networks::HttpClient http;
    auto connector = networks::make_x_connector(http, options_for(fake));
    const auto verifier = random_secret(40);
    auto connection = connect_by_oauth(*connector, http, verifier, verifier);
    ASSERT_TRUE(connection.ok()) << connection.failure().message;
    Account channel{"channel_free", "x", connection.get().handle, connection.get().credentials};

    PublishRequest post;
    post.draft.text = "Hello from the free tier";
    auto found = connector->find(channel, post);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.failure().http_status, 403);
    EXPECT_EQ(found.failure().code, "account_restricted");
    EXPECT_NE(found.failure().message.find("check the post on X"), std::string::npos);
}

}  // namespace
}  // namespace chorus::testing
