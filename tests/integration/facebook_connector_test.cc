// The Facebook Pages connector against the contract fake (tests/fakes/fake_facebook.h):
// Facebook Login with its long-lived user token and the Pages it manages (across pages of
// the listing, without the ones the user may not publish on); text with a link; photos
// uploaded unpublished and attached to one post; a video Facebook downloads from the
// server's shared address; a lost answer settled by the Page's recent posts; Graph error
// bodies (revoked token, Page rate limit with its usage header, duplicate status).
#include <gtest/gtest.h>

#include "core/id.h"
#include "fake_facebook.h"
#include "networks/facebook/connector.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "oauth_approval.h"
#include "shared_media_server.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

class FacebookConnectorTest : public ::testing::Test {
protected:
    fakes::FakeFacebook fake;
    SharedMediaServer shared;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector = networks::make_facebook_connector(http, options());

    networks::FacebookOptions options() {
        networks::FacebookOptions facebook;
        facebook.app = {"chorus-meta-app", "chorus-meta-secret", fake.base_url(), fake.authorize_url()};
        facebook.media_host = &shared.links();
        facebook.timeout = std::chrono::seconds(5);
        facebook.video_timeout = std::chrono::seconds(10);
        return facebook;
    }

    networks::Outcome<std::vector<networks::Connection>> connect() {
        auto* oauth = connector->oauth();
        return approve_and_exchange_all(*oauth, http, *oauth->configured_client(), oauth->own_server(), "unused", "unused");
    }

    // The channel of the Page Café Luna.
    Account account() {
        auto pages = connect();
        if (!pages.ok() || pages.get().empty()) throw std::runtime_error("connect failed");
        const auto& page = pages.get().front();
        return Account{"channel_facebook", "facebook", page.handle, page.credentials};
    }

    static PublishRequest request_for(std::string text) {
        PublishRequest request;
        request.idempotency_key = new_id("publish");
        request.draft.text = std::move(text);
        return request;
    }

    std::string uploaded(const Account& channel, const std::string& bytes, const std::string& mime, const std::string& alt = {}) {
        networks::MediaUpload media{bytes, mime, {}};
        media.facts.kind = mime.starts_with("video/") ? networks::MediaFacts::Kind::video : networks::MediaFacts::Kind::image;
        media.facts.alt_text = alt;
        auto upload = connector->upload_media(channel, media);
        if (!upload.ok()) throw std::runtime_error("upload: " + upload.failure().message);
        return upload.get().remote_id;
    }
};

TEST_F(FacebookConnectorTest, OneLoginOffersThePagesTheUserMayPublishOnEachWithItsOwnLastingToken) {
    auto pages = connect();
    ASSERT_TRUE(pages.ok()) << pages.failure().message;
    // Three Pages over two pages of the listing; on Luna Fans the user only reads insights.
    ASSERT_EQ(pages.get().size(), 2u);
    EXPECT_EQ(pages.get()[0].remote_account_id, "104000000000001");
    EXPECT_EQ(pages.get()[0].display_name, "Café Luna");
    EXPECT_EQ(pages.get()[0].handle, "@cafeluna");
    EXPECT_EQ(pages.get()[0].kind, "Page");
    EXPECT_EQ(pages.get()[1].display_name, "Luna Roastery");
    EXPECT_EQ(pages.get()[1].handle, "Luna Roastery");  // a Page without a username goes by its name
    for (const auto& page : pages.get()) {
        EXPECT_FALSE(page.expires_at) << "Page tokens from a long-lived login do not expire";
        EXPECT_TRUE(networks::string_at(networks::parse_json(page.credentials), "page_token").starts_with("EAAP"));
    }
    EXPECT_NE(pages.get()[0].credentials, pages.get()[1].credentials);

    networks::OAuthRequest request{fake.base_url(), test_redirect_uri, "state-1", "challenge"};
    const auto address = connector->oauth()->authorization_url(*connector->oauth()->configured_client(), request);
    EXPECT_TRUE(address.starts_with(fake.authorize_url() + "?")) << address;
    EXPECT_NE(address.find("pages_manage_posts"), std::string::npos);
    EXPECT_EQ(address.find("code_challenge"), std::string::npos) << "Facebook Login takes no PKCE";

    auto wrong = options();
    wrong.app.client_secret = "not-the-secret";
    auto impostor = networks::make_facebook_connector(http, wrong);
    auto refused = approve_and_exchange_all(*impostor->oauth(), http, *impostor->oauth()->configured_client(), fake.base_url(), "v", "v");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.failure().message.find("Error validating client secret."), std::string::npos);
}

TEST_F(FacebookConnectorTest, PublishesTextWithALinkReadsItsAddressBackAndDeletesIt) {
    auto channel = account();
    auto request = request_for("Pumpkin soup is back on the menu 🎃");
    request.draft.link = "https://cafeluna.example/menu";
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].message, "Pumpkin soup is back on the menu 🎃");
    EXPECT_EQ(posts[0].link, "https://cafeluna.example/menu");
    EXPECT_EQ(published.get().remote_id, posts[0].id);
    EXPECT_EQ(published.get().remote_url, "https://www.facebook.com/cafeluna/posts/" + posts[0].id.substr(posts[0].id.find('_') + 1));

    ASSERT_TRUE(connector->remove(channel, published.get().remote_id).ok());
    EXPECT_TRUE(fake.posts().empty());
    EXPECT_TRUE(connector->remove(channel, published.get().remote_id).ok()) << "deleting what is gone is done";
}

TEST_F(FacebookConnectorTest, AFirstCommentIsThePagesUnderItsPostAndALostAnswerIsSettledByItsComments) {
    auto channel = account();
    auto published = connector->publish(channel, request_for("Quiz night on Friday"));
    ASSERT_TRUE(published.ok()) << published.failure().message;
    const networks::CommentRequest request{published.get().remote_id, "Sign up at the bar", new_id("publish") + ":comment", now_millis()};

    auto nothing_yet = connector->find_comment(channel, request);
    ASSERT_TRUE(nothing_yet.ok()) << nothing_yet.failure().message;
    EXPECT_FALSE(nothing_yet.get());
    // A fan writing the same words is not the Page's comment.
    fake.comment_as_visitor(published.get().remote_id, "Mia", "Sign up at the bar");
    EXPECT_FALSE(connector->find_comment(channel, request).get());

    fake.drop_answer_to_next_comment();
    auto lost = connector->comment(channel, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);
    auto found = connector->find_comment(channel, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get());
    const auto comments = fake.comments();
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(found.get()->remote_id, comments[1].id);
    EXPECT_EQ(comments[1].object_id, published.get().remote_id);
    EXPECT_EQ(comments[1].from_id, "104000000000001") << "made by the Page";
    EXPECT_EQ(comments[1].message, "Sign up at the bar");
    EXPECT_EQ(fake.comment_requests(), 1);

    auto gone = connector->comment(channel, {"104000000000001_999", "Hello", new_id("publish"), now_millis()});
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.failure().kind, FailureClass::validation) << gone.failure().code << ": " << gone.failure().message;
}

TEST_F(FacebookConnectorTest, PhotosAreUploadedUnpublishedWithAltTextAndShownByOnePost) {
    auto channel = account();
    auto request = request_for("Two new cakes");
    request.media_ids = {uploaded(channel, std::string(3000, 'j'), "image/jpeg", "A lemon tart"),
                         uploaded(channel, std::string(2000, 'p'), "image/png", "A chocolate cake")};
    auto photos = fake.photos();
    ASSERT_EQ(photos.size(), 2u);
    EXPECT_FALSE(photos[0].published) << "nothing shows on the Page before the post";
    EXPECT_EQ(photos[0].alt_text, "A lemon tart");
    EXPECT_EQ(photos[1].mime, "image/png");
    EXPECT_TRUE(fake.posts().empty());

    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "photo");
    EXPECT_EQ(posts[0].message, "Two new cakes");
    EXPECT_EQ(posts[0].photo_ids, (std::vector<std::string>{photos[0].id, photos[1].id}));

    // A file Facebook does not take is refused with its own words.
    networks::MediaUpload tiff{std::string(100, 't'), "image/tiff", {}};
    auto refused = connector->upload_media(channel, tiff);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_NE(refused.failure().message.find("Please choose a JPG, PNG or GIF"), std::string::npos);
}

TEST_F(FacebookConnectorTest, AVideoIsDownloadedByFacebookFromTheSharedAddressWithItsTitle) {
    auto channel = account();
    auto request = request_for("How we roast our beans");
    request.draft.title = "Roasting day";
    request.media_ids = {uploaded(channel, std::string(5000, 'v'), "video/mp4")};
    auto published = connector->publish(channel, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].kind, "video");
    EXPECT_EQ(posts[0].message, "How we roast our beans");
    EXPECT_EQ(posts[0].title, "Roasting day");
    EXPECT_EQ(posts[0].video_mime, "video/mp4");
    EXPECT_NE(posts[0].video_url.find("/shared-media/"), std::string::npos);
    // Graph gives a video's permalink relative to facebook.com.
    EXPECT_EQ(published.get().remote_url, "https://www.facebook.com/cafeluna/videos/" + posts[0].id + "/");

    // Photos and a video in one post are refused before anything is sent.
    auto mixed = request_for("Both");
    mixed.media_ids = {uploaded(channel, std::string(100, 'j'), "image/jpeg"), request.media_ids.front()};
    auto refused = connector->publish(channel, mixed);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "media_mixed");
}

TEST_F(FacebookConnectorTest, ALostAnswerIsSettledByThePagesRecentPostsAndNeverPostedTwice) {
    auto channel = account();
    auto request = request_for("Open late on Friday");
    fake.drop_answer_to_next_post();
    auto lost = connector->publish(channel, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);
    ASSERT_EQ(fake.posts().size(), 1u);

    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, fake.posts()[0].id);
    EXPECT_NE(found.get().post->remote_url.find("/cafeluna/posts/"), std::string::npos);

    // The same text posted long before this target's first attempt began (last week's) is
    // not this target's post.
    auto weeks_later = request;
    weeks_later.not_before = now_millis() + 10 * 60'000;
    auto not_ours = connector->find(channel, weeks_later);
    ASSERT_TRUE(not_ours.ok()) << not_ours.failure().message;
    EXPECT_FALSE(not_ours.get().post);

    // A video's answer lost the same way is found among the Page's videos.
    auto video = request_for("Latte art, slowly");
    video.media_ids = {uploaded(channel, std::string(800, 'v'), "video/mp4")};
    fake.drop_answer_to_next_post();
    ASSERT_FALSE(connector->publish(channel, video).ok());
    auto found_video = connector->find(channel, video);
    ASSERT_TRUE(found_video.ok() && found_video.get().post);
    EXPECT_EQ(found_video.get().post->remote_id, fake.posts()[1].id);

    // Meta's "unexpected error" does not prove nothing was made: it is looked up before a
    // retry, and here it made nothing.
    fake.fail_next_post();
    auto failed = connector->publish(channel, request_for("Closed on Monday"));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.failure().kind, FailureClass::transient);
    EXPECT_TRUE(failed.failure().maybe_created);
    auto looked_up = connector->find(channel, request_for("Closed on Monday"));
    ASSERT_TRUE(looked_up.ok());
    EXPECT_FALSE(looked_up.get().post);
    EXPECT_EQ(fake.posts().size(), 2u);
}

TEST_F(FacebookConnectorTest, RefusalsAreClassifiedWithFacebooksOwnWords) {
    auto channel = account();

    // The Page's request limit: rate-limited until Meta's estimate, and the budget says so.
    fake.rate_limit_next_post();
    const Millis before = now_millis();
    auto limited = connector->publish(channel, request_for("Soup of the day"));
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    ASSERT_TRUE(limited.failure().retry_at);
    EXPECT_NEAR(static_cast<double>(*limited.failure().retry_at - before), 17 * 60e3, 5e3);
    ASSERT_FALSE(limited.budgets.empty());
    EXPECT_EQ(limited.budgets.front().scope, "channel:channel_facebook");
    EXPECT_EQ(limited.budgets.front().remaining, 0);

    // The same status twice in a row.
    ASSERT_TRUE(connector->publish(channel, request_for("Soup of the day")).ok());
    auto duplicate = connector->publish(channel, request_for("Soup of the day"));
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.failure().kind, FailureClass::validation);
    EXPECT_EQ(duplicate.failure().code, "duplicate_content");
    EXPECT_NE(duplicate.failure().message.find("Duplicate status message"), std::string::npos);

    // The user removed the app: the token is revoked, and there is nothing to refresh it with.
    fake.revoke_tokens();
    auto revoked = connector->publish(channel, request_for("Anyone there?"));
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_EQ(revoked.failure().code, "token_revoked");
    auto refreshed = connector->refresh(channel);
    ASSERT_FALSE(refreshed.ok());
    EXPECT_EQ(refreshed.failure().kind, FailureClass::auth);
}

}  // namespace
}  // namespace chorus::testing
