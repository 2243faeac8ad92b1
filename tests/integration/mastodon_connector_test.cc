// The Mastodon connector against the contract fake (tests/fakes/fake_mastodon.h): OAuth
// with PKCE and per-instance apps, the instance's limits, idempotent statuses, media that
// is processed later, threads, rate limits, validation errors and revoked tokens.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/id.h"
#include "fake_mastodon.h"
#include "networks/failures.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "networks/mastodon/connector.h"
#include "oauth_approval.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;
using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

class MastodonConnectorTest : public ::testing::Test {
protected:
    fakes::FakeMastodon instance{[] {
        fakes::FakeMastodonOptions options;
        options.max_characters = 1000;  // not the default 500: the connector must read it
        return options;
    }()};
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector = networks::make_mastodon_connector(http, [] {
        networks::MastodonOptions options;
        options.timeout = std::chrono::seconds(5);
        options.media_poll_interval = std::chrono::milliseconds(20);
        return options;
    }());
    // The whole OAuth dance, as the browser and the callback would do it.
    networks::Outcome<networks::Connection> connect(const std::string& verifier = "verifier-" + random_secret(24),
                                                    std::optional<std::string> verifier_sent = std::nullopt) {
        auto* oauth = connector->oauth();
        auto client = oauth->register_client(instance.base_url(), test_redirect_uri);
        if (!client.ok()) throw std::runtime_error("register: " + client.failure().message);
        return approve_and_exchange(*oauth, http, client.get(), instance.base_url(), verifier, verifier_sent.value_or(verifier));
    }

    Account account() { return account_from(connect(), "channel_m", "mastodon"); }

    static PublishRequest request_for(std::string text) {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.text = std::move(text);
        return request;
    }
};

TEST_F(MastodonConnectorTest, ConnectsByOAuthWithPkceAndReadsTheInstancesLimits) {
    auto connection = connect();
    ASSERT_TRUE(connection.ok()) << connection.failure().message;
    EXPECT_EQ(connection.get().remote_account_id, instance.account_id());
    EXPECT_EQ(connection.get().handle, "@luna@127.0.0.1");
    EXPECT_EQ(connection.get().display_name, "Café Luna");
    const auto settings = networks::parse_json(connection.get().settings);
    EXPECT_EQ(networks::int_at(settings, "max_characters"), 1000);
    EXPECT_EQ(networks::int_at(settings, "characters_reserved_per_url"), 23);
    EXPECT_EQ(networks::int_at(settings, "max_media_attachments"), 4);
    EXPECT_EQ(networks::int_at(settings, "image_size_limit"), 16777216);
    EXPECT_EQ(networks::int_at(settings, "video_size_limit"), 103809024);
    const auto credentials = networks::parse_json(connection.get().credentials);
    EXPECT_FALSE(networks::string_at(credentials, "access_token").empty());

    // A code exchanged with the wrong verifier (a stolen code) is refused.
    auto stolen = connect("the-real-verifier-" + random_secret(16), "someone-elses-verifier");
    ASSERT_FALSE(stolen.ok());
    EXPECT_EQ(stolen.failure().kind, FailureClass::auth);
    EXPECT_EQ(stolen.failure().code, "invalid_grant");
}

TEST_F(MastodonConnectorTest, AStatusWhoseAnswerIsLostIsFoundAndARetryReturnsTheOriginal) {
    auto channel = account();
    auto request = request_for("Fresh bread at 8 — https://cafe.example/menu #bakery");
    instance.drop_answer_to_next_create();
    auto first = connector->publish(channel, request);
    ASSERT_FALSE(first.ok());
    EXPECT_TRUE(first.failure().maybe_created);

    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, instance.statuses().at(0).id);
    EXPECT_NE(found.get().post->remote_url.find("/@luna/"), std::string::npos);

    // Even a blind retry cannot double it: the same Idempotency-Key brings back the original.
    auto again = connector->publish(channel, request);
    ASSERT_TRUE(again.ok()) << again.failure().message;
    EXPECT_EQ(again.get().remote_id, found.get().post->remote_id);
    EXPECT_EQ(instance.statuses().size(), 1u);
    EXPECT_EQ(instance.create_requests(), 2);
    EXPECT_EQ(instance.statuses().at(0).idempotency_key, request.idempotency_key);

    auto other = connector->find(channel, request_for("A post never made"));
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other.get().post);
}

TEST_F(MastodonConnectorTest, ImagesAndVideosAreUploadedWithAltTextAndVideosWaitUntilProcessed) {
    auto channel = account();
    networks::MediaUpload image{std::string(2048, 'i'), "image/jpeg", {}};
    image.facts.alt_text = "A loaf of rye bread";
    image.facts.focus = "-0.5,0.25";
    auto uploaded_image = connector->upload_media(channel, image);
    ASSERT_TRUE(uploaded_image.ok()) << uploaded_image.failure().message;
    EXPECT_EQ(instance.media(uploaded_image.get().remote_id)->description, "A loaf of rye bread");
    EXPECT_EQ(instance.media(uploaded_image.get().remote_id)->focus, "-0.5,0.25");

    networks::MediaUpload video{std::string(4096, 'v'), "video/mp4", {}};
    video.facts.kind = networks::MediaFacts::Kind::video;
    auto uploaded_video = connector->upload_media(channel, video);
    ASSERT_TRUE(uploaded_video.ok()) << uploaded_video.failure().message;
    EXPECT_EQ(instance.media(uploaded_video.get().remote_id)->polls_until_ready, 0) << "the connector waited for processing";

    auto request = request_for("Our bakery in pictures");
    request.media_ids = {uploaded_video.get().remote_id};
    ASSERT_TRUE(connector->publish(channel, request).ok());
    EXPECT_EQ(instance.statuses().at(0).media_ids, request.media_ids);

    networks::MediaUpload text_file{"not media", "text/plain", {}};
    auto refused = connector->upload_media(channel, text_file);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_EQ(refused.failure().http_status, 422);
}

TEST_F(MastodonConnectorTest, AThreadCarriesItsOptionsAndRepliesInOrderAndIsDeletedWhole) {
    auto channel = account();
    auto request = request_for("Winter menu 1/3");
    request.thread = {"Soups 2/3", "Cakes 3/3"};
    request.options = R"({"visibility":"unlisted","spoiler_text":"food","language":"en",
                          "poll":{"options":["Soup","Cake"],"expires_in":86400}})";
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto statuses = instance.statuses();
    ASSERT_EQ(statuses.size(), 3u);
    EXPECT_EQ(published.get().remote_id, statuses[0].id + " " + statuses[1].id + " " + statuses[2].id);
    EXPECT_FALSE(statuses[0].in_reply_to_id);
    EXPECT_EQ(statuses[1].in_reply_to_id, statuses[0].id);
    EXPECT_EQ(statuses[2].in_reply_to_id, statuses[1].id);
    for (const auto& status : statuses) {
        EXPECT_EQ(status.visibility, "unlisted");
        EXPECT_EQ(status.spoiler_text, "food");
        EXPECT_EQ(status.language, "en");
    }
    EXPECT_EQ(statuses[0].poll_options, (std::vector<std::string>{"Soup", "Cake"}));
    EXPECT_TRUE(statuses[1].poll_options.empty()) << "the poll belongs to the first part only";

    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, published.get().remote_id);

    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());
    EXPECT_TRUE(instance.statuses().empty());
    EXPECT_TRUE(connector->remove(channel, published.get().remote_id).ok()) << "deleting what is gone is done";
}

TEST_F(MastodonConnectorTest, RateLimitsValidationErrorsAndRevokedTokensAreClassified) {
    auto channel = account();
    instance.rate_limit_next_create(std::chrono::seconds(120));
    auto limited = connector->publish(channel, request_for("Too soon"));
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    ASSERT_TRUE(limited.failure().retry_at);
    EXPECT_NEAR(static_cast<double>(*limited.failure().retry_at - now_millis()), 120'000.0, 3'000.0);
    ASSERT_FALSE(limited.budgets.empty());
    EXPECT_EQ(limited.budgets[0].scope, "channel:channel_m");
    EXPECT_EQ(limited.budgets[0].remaining, 0);
    EXPECT_FALSE(limited.failure().maybe_created);

    auto too_long = connector->publish(channel, request_for(std::string(1001, 'a')));
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.failure().kind, FailureClass::validation);
    EXPECT_EQ(too_long.failure().code, "too_long");
    EXPECT_EQ(too_long.failure().message, "Validation failed: Text character limit of 1000 exceeded");

    auto fine = connector->publish(channel, request_for("Within limits"));
    ASSERT_TRUE(fine.ok());
    ASSERT_FALSE(fine.budgets.empty());
    EXPECT_GT(fine.budgets[0].reset_at, now_millis());

    instance.revoke_tokens();
    auto revoked = connector->publish(channel, request_for("After revocation"));
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_EQ(revoked.failure().message, "The access token is invalid");
    auto refresh = connector->refresh(channel);
    ASSERT_FALSE(refresh.ok());
    EXPECT_EQ(refresh.failure().kind, FailureClass::auth) << "no refresh token: the user must reconnect";
}

}  // namespace
}  // namespace chorus::testing
