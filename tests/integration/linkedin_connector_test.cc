// The LinkedIn connector against the contract fake (tests/fakes/fake_linkedin.h): connecting
// as a member, and with the Community Management API as the Pages the member administers;
// posts in little text, images with alt text, videos uploaded in parts, link cards; a lost
// answer settled by the Page's recent posts or, for members, by LinkedIn's duplicate check;
// the daily quota; refresh tokens for partner apps; LinkedIn's documented refusals.
#include <gtest/gtest.h>


#include "core/id.h"
#include "fake_linkedin.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"
#include "networks/linkedin/connector.h"
#include "networks/linkedin/little_text.h"
#include "oauth_approval.h"
#include "open_graph_page.h"

namespace chorus::testing {
namespace {

using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

constexpr const char* page_scopes = "openid profile w_member_social r_organization_social w_organization_social rw_organization_admin";

networks::LinkedInOptions options_for(const fakes::FakeLinkedIn& fake, std::string scopes = "openid profile w_member_social") {
    networks::LinkedInOptions options;
    options.app = {"chorus-linkedin-app", "chorus-linkedin-secret", fake.base_url(), fake.authorize_url()};
    options.scopes = std::move(scopes);
    options.timeout = std::chrono::seconds(5);
    options.media_poll_interval = std::chrono::milliseconds(10);
    options.link_pages.allow_private_addresses = true;  // the linked pages are served on loopback
    return options;
}

fakes::FakeLinkedInOptions with_pages(bool partner = false) {
    fakes::FakeLinkedInOptions options;
    options.community_management = true;
    options.partner_refresh_tokens = partner;
    options.video_part_bytes = 1000;
    return options;
}

PublishRequest request_for(std::string text) {
    PublishRequest request;
    request.idempotency_key = new_id("publish");
    request.draft.text = std::move(text);
    return request;
}

class LinkedInConnectorTest : public ::testing::Test {
protected:
    explicit LinkedInConnectorTest(fakes::FakeLinkedInOptions fake_options = {}, const char* scopes = "openid profile w_member_social")
        : fake(std::move(fake_options)), connector(networks::make_linkedin_connector(http, options_for(fake, scopes))) {}

    fakes::FakeLinkedIn fake;
    networks::HttpClient http;
    std::shared_ptr<networks::Connector> connector;

    networks::Outcome<std::vector<networks::Connection>> connect_all() {
        auto* oauth = connector->oauth();
        return approve_and_exchange_all(*oauth, http, *oauth->configured_client(), oauth->own_server(), "unused-verifier", "unused-verifier");
    }

    // The channel of the account with this remote id.
    Account account(const std::string& remote_id) {
        auto reached = connect_all();
        if (!reached.ok()) throw std::runtime_error("connect: " + reached.failure().message);
        for (const auto& connection : reached.get())
            if (connection.remote_account_id == remote_id) return Account{new_id("channel"), "linkedin", connection.handle, connection.credentials};
        throw std::runtime_error("the login did not reach " + remote_id);
    }

    networks::RemotePost publish(const Account& channel, const PublishRequest& request) {
        auto published = connector->publish(channel, request);
        if (!published.ok()) throw std::runtime_error("publish: " + published.failure().message);
        return published.get();
    }

    std::string upload(const Account& channel, std::string bytes, networks::MediaFacts::Kind kind, std::string alt = {}) {
        networks::MediaUpload media{std::move(bytes), kind == networks::MediaFacts::Kind::video ? "video/mp4" : "image/jpeg", {}};
        media.facts.kind = kind;
        media.facts.alt_text = std::move(alt);
        auto uploaded = connector->upload_media(channel, media);
        if (!uploaded.ok()) throw std::runtime_error("upload: " + uploaded.failure().message);
        return uploaded.get().remote_id;
    }
};

class LinkedInPagesTest : public LinkedInConnectorTest {
protected:
    LinkedInPagesTest() : LinkedInConnectorTest(with_pages(), page_scopes) {}
};

class LinkedInPartnerAppTest : public LinkedInConnectorTest {
protected:
    LinkedInPartnerAppTest() : LinkedInConnectorTest(with_pages(true), page_scopes) {}
};

TEST_F(LinkedInConnectorTest, AMemberConnectsWithTheBasicProductsAndMustReconnectWithinSixtyDays) {
    const Millis before = now_millis();
    auto reached = connect_all();
    ASSERT_TRUE(reached.ok()) << reached.failure().message;
    ASSERT_EQ(reached.get().size(), 1u) << "without the Community Management API a login is the member alone";
    const auto& member = reached.get().front();
    EXPECT_EQ(member.remote_account_id, fake.member_urn());
    EXPECT_EQ(member.handle, "Lena Luna");
    EXPECT_EQ(member.kind, "Profile");
    ASSERT_TRUE(member.expires_at);
    EXPECT_NEAR(static_cast<double>(*member.expires_at - before), 5'184'000e3, 10e3);
    EXPECT_FALSE(member.renewable) << "the token simply ends: the channels screen says to reconnect before";

    // No refresh token for apps outside LinkedIn's partner programmes: renewing says so.
    auto refreshed = connector->refresh(Account{"c", "linkedin", member.handle, member.credentials});
    ASSERT_FALSE(refreshed.ok());
    EXPECT_EQ(refreshed.failure().kind, FailureClass::auth);
    EXPECT_EQ(refreshed.failure().code, "no_refresh_token");
}

TEST_F(LinkedInPagesTest, WithTheCommunityManagementApiTheMemberAndThePagesTheyAdministerAreCandidates) {
    auto reached = connect_all();
    ASSERT_TRUE(reached.ok()) << reached.failure().message;
    std::vector<std::string> ids, handles, kinds;
    for (const auto& connection : reached.get()) {
        ids.push_back(connection.remote_account_id);
        handles.push_back(connection.handle);
        kinds.push_back(connection.kind);
    }
    // Read over two pages of organizationAcls; an analyst's Page and a requested role are left out.
    EXPECT_EQ(ids, (std::vector<std::string>{fake.member_urn(), "urn:li:organization:2001", "urn:li:organization:2002"}));
    EXPECT_EQ(handles, (std::vector<std::string>{"Lena Luna", "cafe-luna", "luna-roastery"}));
    EXPECT_EQ(kinds, (std::vector<std::string>{"Profile", "Page", "Page"}));
    EXPECT_EQ(reached.get()[1].display_name, "Café Luna");
}

TEST_F(LinkedInConnectorTest, TextIsSentAsLittleTextSoNothingIsCutAndHashtagsStayHashtags) {
    auto channel = account(fake.member_urn());
    const std::string text = "Soup (pumpkin) & bread_sticks @ 12 € <3 [new] {x} | ~ * \\ — #WinterMenu, C# fans";
    auto request = request_for(text);
    request.options = R"({"visibility":"connections","reshare_disabled":true,"link_card":false})";
    auto remote = publish(channel, request);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_FALSE(posts[0].garbled) << posts[0].commentary;
    EXPECT_EQ(posts[0].text, text);
    EXPECT_NE(posts[0].commentary.find("#WinterMenu"), std::string::npos) << "a hashtag's # is not escaped";
    EXPECT_NE(posts[0].commentary.find("C\\# fans"), std::string::npos);
    EXPECT_EQ(posts[0].visibility, "CONNECTIONS");
    EXPECT_TRUE(posts[0].reshare_disabled);
    EXPECT_EQ(remote.remote_id, posts[0].urn);
    EXPECT_EQ(remote.remote_url, "https://www.linkedin.com/feed/update/" + posts[0].urn + "/");
    EXPECT_EQ(fake.last_version_seen(), networks::LinkedInOptions{}.api_version);
    EXPECT_EQ(networks::linkedin::unescape_little_text(posts[0].commentary), text);

    // Deleting removes it; a post already gone is not an error.
    ASSERT_TRUE(connector->remove(channel, remote.remote_id).ok());
    EXPECT_TRUE(fake.posts().empty());
    ASSERT_TRUE(connector->remove(channel, remote.remote_id).ok());
}

TEST_F(LinkedInPagesTest, ImagesCarryTheirAltTextAndSeveralMakeAMultiImagePost) {
    auto page = account("urn:li:organization:2001");
    const auto soup = upload(page, std::string(3000, 's'), networks::MediaFacts::Kind::image, "A bowl of pumpkin soup");
    const auto cake = upload(page, std::string(2000, 'c'), networks::MediaFacts::Kind::image);
    const auto soup_urn = networks::string_at(networks::parse_json(soup), "urn");
    EXPECT_EQ(fake.asset(soup_urn)->owner, "urn:li:organization:2001");
    EXPECT_EQ(fake.asset(soup_urn)->bytes, 3000u);
    EXPECT_EQ(fake.asset(soup_urn)->mime, "image/jpeg");

    auto single = request_for("Soup of the day");
    single.media_ids = {soup};
    publish(page, single);
    auto both = request_for("Soup and cake");
    both.media_ids = {soup, cake};
    publish(page, both);
    const auto posts = fake.posts();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].media, std::vector<std::string>{soup_urn});
    EXPECT_EQ(posts[0].alt_texts, std::vector<std::string>{"A bowl of pumpkin soup"});
    EXPECT_EQ(posts[1].media.size(), 2u);
    EXPECT_EQ(posts[1].alt_texts, (std::vector<std::string>{"A bowl of pumpkin soup", ""}));
    EXPECT_EQ(posts[1].author, "urn:li:organization:2001");
}

TEST_F(LinkedInPagesTest, AVideoIsUploadedInTheNamedPartsFinalisedAndWaitedForUntilAvailable) {
    auto page = account("urn:li:organization:2002");
    const auto video = upload(page, std::string(2500, 'v'), networks::MediaFacts::Kind::video);
    const auto urn = networks::string_at(networks::parse_json(video), "urn");
    const auto stored = *fake.asset(urn);
    EXPECT_EQ(stored.part_etags.size(), 3u);  // 1000 + 1000 + 500
    EXPECT_EQ(stored.bytes, 2500u);
    EXPECT_EQ(stored.status, "AVAILABLE");

    auto request = request_for("Roasting day");
    request.draft.title = "Roasting, start to finish";
    request.media_ids = {video};
    publish(page, request);
    EXPECT_EQ(fake.posts().at(0).media, std::vector<std::string>{urn});
    EXPECT_EQ(fake.posts().at(0).media_title, "Roasting, start to finish");

    // A video LinkedIn cannot process is refused with its reason, not retried.
    fake.fail_next_video();
    networks::MediaUpload broken{std::string(1500, 'b'), "video/mp4", {}};
    broken.facts.kind = networks::MediaFacts::Kind::video;
    auto refused = connector->upload_media(page, broken);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_EQ(refused.failure().code, "media_rejected");
    EXPECT_NE(refused.failure().message.find("Video format is not supported"), std::string::npos);
}

TEST_F(LinkedInConnectorTest, ALinkBecomesAnArticleCardBuiltFromThePagesOwnTags) {
    const OpenGraphPage page;
    const auto& link = page.url();

    auto channel = account(fake.member_urn());
    auto request = request_for("Our new menu");
    request.draft.link = link;
    publish(channel, request);
    const auto post = fake.posts().at(0);
    EXPECT_EQ(post.article_source, link);
    EXPECT_EQ(post.article_title, "Winter menu & prices");
    EXPECT_EQ(post.article_description, "Soup, bread and cake");
    ASSERT_FALSE(post.article_thumbnail.empty());
    EXPECT_EQ(fake.asset(post.article_thumbnail)->bytes, page.picture().size());

    // The target's title wins over the page's; a page that cannot be read still makes a card.
    auto titled = request_for("Menu, again");
    titled.draft.link = "http://127.0.0.1:1/gone";
    titled.draft.title = "Our winter menu";
    publish(channel, titled);
    EXPECT_EQ(fake.posts().at(1).article_title, "Our winter menu");
    EXPECT_TRUE(fake.posts().at(1).article_thumbnail.empty());

    // Outside tests only public pages are read: a link to the server's own neighbourhood
    // (loopback here; the office network or a metadata service elsewhere) is never
    // fetched, and its card is the link alone.
    auto guarded_options = options_for(fake);
    guarded_options.link_pages = {};
    auto guarded = networks::make_linkedin_connector(http, guarded_options);
    const int reads_before = page.reads();
    auto inward = request_for("A look inside");
    inward.draft.link = link;
    ASSERT_TRUE(guarded->publish(channel, inward).ok());
    EXPECT_EQ(page.reads(), reads_before);
    EXPECT_EQ(fake.posts().at(2).article_title, link);
    EXPECT_TRUE(fake.posts().at(2).article_description.empty());
}

TEST_F(LinkedInPagesTest, APageLostAnswerIsFoundAmongItsRecentPostsAndNotRepeated) {
    auto page = account("urn:li:organization:2001");
    publish(page, request_for("An older post"));
    fake.drop_answer_to_next_create();
    auto request = request_for("Opening at 8 (not 9)");
    auto lost = connector->publish(page, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);

    auto found = connector->find(page, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, fake.posts().back().urn);
    EXPECT_EQ(fake.posts().size(), 2u);

    auto other = connector->find(page, request_for("Never published"));
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other.get().post);
}

TEST_F(LinkedInPagesTest, APagesFirstCommentIsItsOwnUnderThePostAndALostAnswerIsFoundAmongTheComments) {
    auto page = account("urn:li:organization:2001");
    const auto post = publish(page, request_for("Opening at 8"));
    const networks::CommentRequest request{post.remote_id, "Menu (and prices): cafeluna.example", new_id("publish") + ":comment",
                                           now_millis()};
    fake.comment_as(fake.member_urn(), post.remote_id, "Menu (and prices): cafeluna.example");
    auto not_ours = connector->find_comment(page, request);
    ASSERT_TRUE(not_ours.ok()) << not_ours.failure().message;
    EXPECT_FALSE(not_ours.get()) << "the same words by a member are not the Page's comment";

    fake.drop_answer_to_next_comment();
    auto lost = connector->comment(page, request);
    ASSERT_FALSE(lost.ok());
    EXPECT_TRUE(lost.failure().maybe_created);
    auto found = connector->find_comment(page, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get());
    const auto comments = fake.comments();
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(found.get()->remote_id, comments[1].urn);
    EXPECT_EQ(comments[1].actor, "urn:li:organization:2001");
    EXPECT_EQ(comments[1].object, post.remote_id);
    EXPECT_EQ(comments[1].text, "Menu (and prices): cafeluna.example") << "comments are not little text: nothing escaped";
    EXPECT_EQ(fake.comment_requests(), 1);
}

TEST_F(LinkedInConnectorTest, AMembersFirstCommentIsMadeButALostAnswerCannotBeCheckedWithoutThePartnerPermission) {
    auto channel = account(fake.member_urn());
    const auto post = publish(channel, request_for("Hello LinkedIn"));
    const networks::CommentRequest request{post.remote_id, "Say hi in the comments", new_id("publish") + ":comment", now_millis()};
    auto made = connector->comment(channel, request);
    ASSERT_TRUE(made.ok()) << made.failure().message;
    ASSERT_EQ(fake.comments().size(), 1u);
    EXPECT_EQ(made.get().remote_id, fake.comments()[0].urn);
    EXPECT_EQ(fake.comments()[0].actor, fake.member_urn());

    auto unverifiable = connector->find_comment(channel, request);
    ASSERT_FALSE(unverifiable.ok());
    EXPECT_EQ(unverifiable.failure().code, "cannot_verify");
    EXPECT_EQ(unverifiable.failure().kind, FailureClass::validation) << "given up on, never commented twice";
}

TEST_F(LinkedInConnectorTest, AMembersLostTextPostIsSettledByLinkedInsDuplicateCheck) {
    auto channel = account(fake.member_urn());
    fake.drop_answer_to_next_create();
    auto request = request_for("Soup is back");
    auto lost = connector->publish(channel, request);
    ASSERT_FALSE(lost.ok());
    ASSERT_TRUE(lost.failure().maybe_created);

    // Members' posts can only be read by partner apps: find() cannot look, and says so by
    // finding nothing for a text post, which is safe to publish again…
    auto found = connector->find(channel, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    EXPECT_FALSE(found.get().post);
    // …because LinkedIn refuses the same content and names the earlier post: on a later
    // attempt that is ours.
    request.attempt = 2;
    auto settled = connector->publish(channel, request);
    ASSERT_TRUE(settled.ok()) << settled.failure().message;
    EXPECT_EQ(settled.get().remote_id, fake.posts().at(0).urn);
    EXPECT_EQ(fake.posts().size(), 1u);

    // On a first attempt the same refusal is the user's own repeat, reported as such.
    auto repeat = connector->publish(channel, request_for("Soup is back"));
    ASSERT_FALSE(repeat.ok());
    EXPECT_EQ(repeat.failure().code, "duplicate_content");
    EXPECT_EQ(repeat.failure().kind, FailureClass::validation);
    EXPECT_NE(repeat.failure().message.find(fake.posts().at(0).urn), std::string::npos);

    // A lost post with media cannot be settled that way (its uploads would be new): the
    // lookup says why it cannot tell instead of guessing.
    auto with_media = request_for("With a photo");
    with_media.draft.media.resize(1);
    auto unknown = connector->find(channel, with_media);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.failure().code, "cannot_verify");
    EXPECT_NE(unknown.failure().message.find("check the profile"), std::string::npos);
}

TEST_F(LinkedInPagesTest, ADuplicateOfADeletedPostIsNotTakenForOurs) {
    auto page = account("urn:li:organization:2001");
    auto first = publish(page, request_for("Closed on Monday"));
    ASSERT_TRUE(connector->remove(page, first.remote_id).ok());
    auto again = request_for("Closed on Monday");
    again.attempt = 2;
    auto refused = connector->publish(page, again);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "duplicate_of_deleted_post");
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
    EXPECT_NE(refused.failure().message.find(first.remote_id), std::string::npos);
}

TEST_F(LinkedInConnectorTest, TheDailyQuotaIsCountedHereAndA429WaitsForMidnightUtc) {
    auto channel = account(fake.member_urn());
    auto published = connector->publish(channel, request_for("First of the day"));
    ASSERT_TRUE(published.ok());
    ASSERT_EQ(published.budgets.size(), 1u);
    const auto midnight = (now_millis() / 86'400'000 + 1) * 86'400'000;
    EXPECT_EQ(published.budgets[0].scope, "channel:" + channel.channel_id);
    EXPECT_EQ(published.budgets[0].remaining, networks::LinkedInOptions{}.daily_posts - 1);
    EXPECT_EQ(published.budgets[0].reset_at, midnight);
    EXPECT_TRUE(published.budgets[0].counted_here);

    fake.spend_daily_quota(fake.member_urn(), 1000);
    auto limited = connector->publish(channel, request_for("One too many"));
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.failure().kind, FailureClass::rate_limited);
    EXPECT_EQ(limited.failure().retry_at, midnight) << "no Retry-After: LinkedIn's quotas reset at midnight UTC";
    EXPECT_FALSE(limited.failure().maybe_created);
    ASSERT_EQ(limited.budgets.size(), 1u);
    EXPECT_EQ(limited.budgets[0].remaining, 0);
    EXPECT_FALSE(limited.budgets[0].counted_here);
}

TEST_F(LinkedInPartnerAppTest, PartnerAppsRenewTheTokenAndARevokedAppNeedsReconnecting) {
    auto page = account("urn:li:organization:2001");
    EXPECT_FALSE(networks::string_at(networks::parse_json(page.credentials), "refresh_token").empty());
    fake.expire_access_tokens();
    auto expired = connector->publish(page, request_for("After expiry"));
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.failure().kind, FailureClass::auth);
    EXPECT_EQ(expired.failure().code, "token_expired");

    auto refreshed = connector->refresh(page);
    ASSERT_TRUE(refreshed.ok()) << refreshed.failure().message;
    ASSERT_TRUE(refreshed.get().expires_at);
    page.credentials = refreshed.get().credentials;
    EXPECT_EQ(networks::string_at(networks::parse_json(page.credentials), "author"), "urn:li:organization:2001");
    ASSERT_TRUE(connector->publish(page, request_for("After expiry")).ok());
    EXPECT_EQ(fake.refreshes(), 1);

    fake.revoke_tokens();
    auto revoked = connector->refresh(page);
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.failure().kind, FailureClass::auth);
    EXPECT_NE(revoked.failure().message.find("revoked"), std::string::npos) << revoked.failure().message;
}

TEST_F(LinkedInPagesTest, DocumentedRefusalsKeepLinkedInsOwnWords) {
    auto page = account("urn:li:organization:2001");
    auto to_connections = request_for("Only for friends");
    to_connections.options = R"({"visibility":"connections"})";
    auto refused = connector->publish(page, to_connections);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "invalid_option");

    auto stale_media = request_for("With an image that never arrived");
    stale_media.media_ids = {R"({"urn":"urn:li:image:D4E10AQ000","alt":""})"};
    auto rejected = connector->publish(page, stale_media);
    ASSERT_FALSE(rejected.ok());
    EXPECT_EQ(rejected.failure().kind, FailureClass::validation);
    EXPECT_EQ(rejected.failure().code, "media_rejected");
    EXPECT_NE(rejected.failure().message.find("not found or not available"), std::string::npos) << rejected.failure().message;

    // The composer keeps text within 3,000 characters; LinkedIn's own refusal names the field.
    auto too_long = connector->publish(page, request_for(std::string(3001, 'a')));
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.failure().kind, FailureClass::validation);
    EXPECT_EQ(too_long.failure().http_status, 422);
    EXPECT_NE(too_long.failure().message.find("longer than 3000"), std::string::npos) << too_long.failure().message;
    EXPECT_NE(too_long.failure().message.find("/commentary"), std::string::npos) << too_long.failure().message;

    // A sunset API version is the server's to fix, and says so.
    auto options = options_for(fake, page_scopes);
    options.api_version = "202301";
    auto outdated = networks::make_linkedin_connector(http, options)->publish(page, request_for("From an old Chorus"));
    ASSERT_FALSE(outdated.ok());
    EXPECT_EQ(outdated.failure().code, "unsupported_api_version");
    EXPECT_NE(outdated.failure().message.find("upgrade Chorus"), std::string::npos);
    EXPECT_TRUE(fake.posts().empty());
}

}  // namespace
}  // namespace chorus::testing
