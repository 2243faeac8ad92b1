// The Instagram connector against the contract fake (Instagram API with Facebook Login, in
// tests/fakes/fake_facebook_instagram.cc): the professional accounts linked to the Pages a
// login manages; image, reel and carousel containers Instagram downloads from the server's
// shared address, polled until ready; a lost answer to media_publish settled by the
// container's status; the publishing quota; Graph error bodies.
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_facebook.h"
#include "networks/http_client.h"
#include "networks/instagram/connector.h"
#include "networks/json_fields.h"
#include "oauth_approval.h"
#include "shared_media_server.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

class InstagramConnectorTest : public ::testing::Test {
protected:
    fakes::FakeFacebook fake;
    SharedMediaServer shared;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector = networks::make_instagram_connector(http, options());

    networks::InstagramOptions options() {
        networks::InstagramOptions instagram;
        instagram.app = {"chorus-meta-app", "chorus-meta-secret", fake.base_url(), fake.authorize_url()};
        instagram.media_host = &shared.links();
        instagram.timeout = std::chrono::seconds(5);
        instagram.container_poll_interval = std::chrono::milliseconds(5);
        return instagram;
    }

    networks::Outcome<std::vector<networks::Connection>> connect() {
        auto* oauth = connector->oauth();
        return approve_and_exchange_all(*oauth, http, *oauth->configured_client(), oauth->own_server(), "unused", "unused");
    }

    Account account() {
        auto accounts = connect();
        if (!accounts.ok() || accounts.get().empty()) throw std::runtime_error("connect failed");
        return Account{"channel_instagram", "instagram", accounts.get().front().handle, accounts.get().front().credentials};
    }

    static PublishRequest request_for(std::string caption) {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.text = std::move(caption);
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

TEST_F(InstagramConnectorTest, OneFacebookLoginOffersTheInstagramAccountsLinkedToItsPages) {
    auto accounts = connect();
    ASSERT_TRUE(accounts.ok()) << accounts.failure().message;
    // Café Luna's Page has one; Luna Roastery has none; on Luna Fans the user only reads insights.
    ASSERT_EQ(accounts.get().size(), 1u);
    const auto& account = accounts.get().front();
    EXPECT_EQ(account.remote_account_id, "17841400000000101");
    EXPECT_EQ(account.handle, "@cafeluna");
    EXPECT_EQ(account.display_name, "Café Luna");
    EXPECT_NE(account.kind.find("Café Luna"), std::string::npos) << account.kind;
    EXPECT_FALSE(account.expires_at);
    EXPECT_TRUE(networks::string_at(networks::parse_json(account.credentials), "page_token").starts_with("EAAP"));

    networks::OAuthRequest request{fake.base_url(), test_redirect_uri, "state-1", "challenge"};
    const auto address = connector->oauth()->authorization_url(*connector->oauth()->configured_client(), request);
    EXPECT_NE(address.find("instagram_content_publish"), std::string::npos);
}

TEST_F(InstagramConnectorTest, AnImageWithAltTextIsDownloadedByInstagramPublishedOnceAndDeleted) {
    auto channel = account();
    auto request = request_for("Pumpkin soup is back #soup");
    request.media_ids = {hosted(std::string(3000, 'j'), "image/jpeg", "A bowl of pumpkin soup")};
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto media = fake.instagram_media();
    ASSERT_EQ(media.size(), 1u);
    EXPECT_EQ(media[0].media_type, "IMAGE");
    EXPECT_EQ(media[0].caption, "Pumpkin soup is back #soup");
    EXPECT_EQ(media[0].mimes, std::vector<std::string>{"image/jpeg"});
    EXPECT_EQ(media[0].alt_texts, std::vector<std::string>{"A bowl of pumpkin soup"});
    EXPECT_NE(media[0].urls[0].find("/shared-media/"), std::string::npos);
    EXPECT_EQ(published.get().remote_id, media[0].id);
    EXPECT_EQ(published.get().remote_url, media[0].permalink);
    // The day's quota (100, read from Instagram) becomes the channel's budget.
    bool quota_seen = false;
    for (const auto& budget : published.budgets)
        if (budget.scope == "channel:channel_instagram" && budget.remaining == 99) quota_seen = true;
    EXPECT_TRUE(quota_seen);

    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());
    EXPECT_TRUE(fake.instagram_media().empty());

    // A post without media, or an image Instagram does not take, is refused.
    auto text_only = connector->publish(channel, request_for("Just words"));
    ASSERT_FALSE(text_only.ok());
    EXPECT_EQ(text_only.failure().code, "media_required");
    auto png = request_for("A PNG");
    png.media_ids = {hosted(std::string(500, 'p'), "image/png")};
    auto refused = connector->publish(channel, png);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_EQ(refused.failure().code, "media_rejected");
    EXPECT_NE(refused.failure().message.find("Media download has failed"), std::string::npos);
}

TEST_F(InstagramConnectorTest, AFirstCommentIsTheAccountsUnderItsMediaAndALostAnswerIsSettledByItsComments) {
    auto channel = account();
    auto request = request_for("Pumpkin soup is back");
    request.media_ids = {hosted(std::string(3000, 'j'), "image/jpeg")};
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const networks::CommentRequest comment{published.get().remote_id, "Recipe: link in bio #soup", new_id("publish") + ":comment",
                                           now_millis()};

    fake.comment_as_visitor(published.get().remote_id, "soupfan", "Recipe: link in bio #soup");
    auto not_ours = connector->find_comment(channel, comment);
    ASSERT_TRUE(not_ours.ok()) << not_ours.failure().message;
    EXPECT_FALSE(not_ours.get()) << "a follower's comment with the same words is not the account's";

    fake.fail_next_comment();
    auto failed = connector->comment(channel, comment);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.failure().kind, FailureClass::transient);
    fake.drop_answer_to_next_comment();
    ASSERT_FALSE(connector->comment(channel, comment).ok());
    auto found = connector->find_comment(channel, comment);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get());
    const auto comments = fake.comments();
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(found.get()->remote_id, comments[1].id);
    EXPECT_EQ(comments[1].from_name, "cafeluna") << "made by the Instagram account";
    EXPECT_EQ(comments[1].object_id, published.get().remote_id);
}

TEST_F(InstagramConnectorTest, AVideoBecomesAReelAndACarouselMixesImagesAndVideos) {
    auto channel = account();
    auto reel = request_for("Latte art, slowly");
    reel.media_ids = {hosted(std::string(4000, 'v'), "video/mp4")};
    auto published = connector->publish(channel, reel);
    ASSERT_TRUE(published.ok()) << published.failure().message;

    auto carousel = request_for("Our week");
    carousel.media_ids = {hosted(std::string(1000, 'j'), "image/jpeg", "The counter"), hosted(std::string(2000, 'v'), "video/mp4")};
    ASSERT_TRUE(connector->publish(channel, carousel).ok());
    auto media = fake.instagram_media();
    ASSERT_EQ(media.size(), 2u);
    EXPECT_EQ(media[0].media_type, "VIDEO");
    EXPECT_EQ(media[1].media_type, "CAROUSEL_ALBUM");
    EXPECT_EQ(media[1].mimes, (std::vector<std::string>{"image/jpeg", "video/mp4"}));
    EXPECT_EQ(media[1].alt_texts[0], "The counter");

    // A video Instagram cannot process is refused with its reason, and nothing is posted.
    fake.fail_next_video_processing();
    auto broken = request_for("Broken");
    broken.media_ids = {hosted(std::string(500, 'v'), "video/mp4")};
    auto refused = connector->publish(channel, broken);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "media_rejected");
    EXPECT_NE(refused.failure().message.find("could not be processed"), std::string::npos) << refused.failure().message;
    EXPECT_EQ(fake.instagram_media().size(), 2u);
}

TEST_F(InstagramConnectorTest, ALostAnswerToMediaPublishIsSettledByTheContainerAndNeverPostedTwice) {
    auto channel = account();
    auto request = request_for("Open late on Friday");
    request.media_ids = {hosted(std::string(800, 'j'), "image/jpeg")};
    fake.drop_answer_to_next_media_publish();
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    ASSERT_EQ(fake.instagram_media().size(), 1u);
    EXPECT_EQ(published.get().remote_id, fake.instagram_media()[0].id);
    EXPECT_EQ(fake.media_publish_requests(), 1) << "the container said PUBLISHED: no second publish";

    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok() && found.get().post);
    EXPECT_EQ(found.get().post->remote_id, fake.instagram_media()[0].id);
    // The same text posted long before this target's first attempt began (last week's) is
    // not this target's post.
    auto weeks_later = request;
    weeks_later.not_before = now_millis() + 10 * 60'000;
    auto not_ours = connector->find(channel, weeks_later);
    ASSERT_TRUE(not_ours.ok()) << not_ours.failure().message;
    EXPECT_FALSE(not_ours.get().post);

    EXPECT_FALSE(connector->find(channel, request_for("Never posted")).get().post);
}

TEST_F(InstagramConnectorTest, RefusalsAreClassifiedWithMetasOwnWords) {
    auto channel = account();
    auto request = request_for("Soup of the day");
    request.media_ids = {hosted(std::string(800, 'j'), "image/jpeg")};
    fake.rate_limit_next_post();
    auto limited = connector->publish(channel, request);
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    EXPECT_TRUE(limited.failure().retry_at);

    fake.revoke_tokens();
    auto revoked = connector->publish(channel, request);
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_EQ(revoked.failure().code, "token_revoked");
    EXPECT_FALSE(connector->refresh(channel).ok());
    EXPECT_TRUE(fake.instagram_media().empty());
}

}  // namespace
}  // namespace chorus::testing
