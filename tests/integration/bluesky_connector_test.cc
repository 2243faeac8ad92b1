// The Bluesky connector against a real Bluesky PDS on loopback (started by scripts/test):
// connecting, rich text, images, threads, quotes, link cards, deleting, sessions, and
// exactly-once publishing when the answer to a create is lost.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "bluesky_server.h"
#include "core/id.h"
#include "http_client.h"
#include "cutting_proxy.h"
#include "http/router.h"
#include "media_files.h"
#include "open_graph_page.h"
#include "process.h"
#include "reference_input.h"
#include "networks/bluesky/connector.h"
#include "networks/bluesky/tid.h"
#include "networks/http_client.h"
#include "networks/json_fields.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;
using networks::Account;
using networks::FailureClass;
using networks::PublishRequest;

constexpr const char* posts = "app.bsky.feed.post";

std::string new_key() { return new_id("publish"); }

class BlueskyConnectorTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = BlueskyServer::from_environment();
        if (!server_) GTEST_SKIP() << "no local Bluesky server (scripts/test starts one)";
        networks::BlueskyOptions options;
        options.default_service = "http://127.0.0.1:9";  // never used: every test names its server
        options.plc_url = server_->plc_url();
        options.timeout = std::chrono::seconds(10);
        options.link_pages.allow_private_addresses = true;  // the linked pages are served on loopback
        connector_ = networks::make_bluesky_connector(http_, options);
    }

    // A new account on the PDS, connected through the connector as a user would.
    Account connect(const std::string& prefix, BlueskyAccount* created = nullptr) {
        auto account = server_->create_account(prefix);
        if (created) *created = account;
        auto connection = connector_->connect_with_password({account.handle, account.app_password, server_->pds_url()});
        if (!connection.ok()) throw std::runtime_error("connect: " + connection.failure().message);
        return Account{"channel_test", "bluesky", connection.get().handle, connection.get().credentials};
    }

    static std::string did_of(const Account& account) { return networks::string_at(networks::parse_json(account.credentials), "did"); }

    networks::RemotePost publish(const Account& account, PublishRequest request) {
        auto published = connector_->publish(account, request);
        if (!published.ok()) throw std::runtime_error("publish: " + published.failure().code + ": " + published.failure().message);
        return published.get();
    }

    static PublishRequest request_for(std::string text) {
        PublishRequest request;
        request.idempotency_key = new_key();
        request.draft.text = std::move(text);
        request.options = R"({"link_card":false})";
        return request;
    }

    json::value record_of(const Account& account, const std::string& uri) {
        return server_->get_record(did_of(account), posts, record_key_of(uri)).at("value");
    }

    std::optional<BlueskyServer> server_;
    networks::HttpClient http_;
    std::shared_ptr<networks::Connector> connector_;
};

TEST_F(BlueskyConnectorTest, ConnectsWithAnAppPasswordAndFindsTheAccountsServerThroughItsDidDocument) {
    BlueskyAccount created;
    auto account = connect("conn", &created);
    const auto credentials = networks::parse_json(account.credentials);
    EXPECT_EQ(networks::string_at(credentials, "did"), created.did);
    EXPECT_EQ(account.handle, created.handle);
    // The PDS address came from the DID document in the PLC directory, not from the login.
    EXPECT_NE(networks::string_at(credentials, "pds").find("localhost"), std::string::npos);

    auto refused = connector_->connect_with_password({created.handle, "wrong-wrong-wrong-wrong", server_->pds_url()});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);
    EXPECT_EQ(refused.failure().http_status, 401);
    EXPECT_NE(refused.failure().message.find("app password"), std::string::npos) << refused.failure().message;
}

TEST_F(BlueskyConnectorTest, PostsTextWithLinkMentionAndTagFacetsAtUtf8ByteOffsets) {
    BlueskyAccount friend_account = server_->create_account("bob");
    auto account = connect("facets");
    // Multi-byte text before every facet: byte offsets differ from character offsets.
    const std::string text = "Grüße 🎉 @" + friend_account.handle + " — read https://example.com/menü?x=1 #Café and @nobody-here.test";
    auto request = request_for(text);
    request.options = R"({"langs":["de","en"],"link_card":false})";
    auto remote = publish(account, request);
    EXPECT_EQ(record_key_of(remote.remote_id), networks::bluesky::record_key_for(request.idempotency_key, 0));
    EXPECT_NE(remote.remote_url.find("/post/" + record_key_of(remote.remote_id)), std::string::npos);

    auto record = record_of(account, remote.remote_id);
    EXPECT_EQ(record.at("text"), text);
    EXPECT_EQ(record.at("langs"), (json::array{"de", "en"}));
    std::map<std::string, std::string> spans;  // feature type → the text it covers
    std::map<std::string, json::value> features;
    for (const auto& facet : record.at("facets").as_array()) {
        const auto start = facet.at("index").at("byteStart").to_number<std::size_t>();
        const auto end = facet.at("index").at("byteEnd").to_number<std::size_t>();
        const auto& feature = facet.at("features").as_array().at(0);
        const std::string type(feature.at("$type").as_string());
        spans[type] = text.substr(start, end - start);
        features[type] = feature;
    }
    EXPECT_EQ(spans["app.bsky.richtext.facet#mention"], "@" + friend_account.handle);
    EXPECT_EQ(features["app.bsky.richtext.facet#mention"].at("did"), friend_account.did);
    EXPECT_EQ(spans["app.bsky.richtext.facet#link"], "https://example.com/menü?x=1");
    EXPECT_EQ(features["app.bsky.richtext.facet#link"].at("uri"), "https://example.com/menü?x=1");
    EXPECT_EQ(spans["app.bsky.richtext.facet#tag"], "#Café");
    EXPECT_EQ(features["app.bsky.richtext.facet#tag"].at("tag"), "Café");
    // A handle that resolves to nobody stays plain text.
    EXPECT_EQ(record.at("facets").as_array().size(), 3u);
}

// The facets Chorus sends are the ones the Bluesky app would send for the same text: asked of
// @atproto/api itself (tests/reference/bluesky_facets.mjs), handles resolved through the
// same server, on a text full of the cases where Chorus once disagreed.
TEST_F(BlueskyConnectorTest, TheFacetsOfARealPostAreTheOnesTheBlueskyAppComputesForTheSameText) {
    CHORUS_REFERENCE_INPUT(node, "CHORUS_NODE");
    BlueskyAccount friend_account = server_->create_account("carol");
    auto account = connect("truth");
    const std::string text = "x\u200b#tag ##double #123 #1a \uff03fullwidth #tag!? @" + friend_account.handle + ". (@" +
                             friend_account.handle + ") @nobody-here.test @Upper.Example.Com https://example.com.\u200bok "
                             "(https://example.com/a_(b)) example.com. Example.COM HTTPS://EXAMPLE.COM m\u00fcnchen.de "
                             "http.example.com $AAPL $toolong caf\u00e9 #caf\u00e9\u2019s\u3000#\u65e5\u672c\u3002";
    auto remote = publish(account, request_for(text));
    auto record = record_of(account, remote.remote_id);
    ASSERT_EQ(record.at("text"), text);
    json::array sent;
    if (record.as_object().contains("facets"))
        for (const auto& facet : record.at("facets").as_array()) {
            const auto& feature = facet.at("features").as_array().at(0);
            const std::string type(feature.at("$type").as_string());
            const std::string kind = type.substr(type.find('#') + 1);
            sent.push_back(json::object{{"kind", kind},
                                        {"start", facet.at("index").at("byteStart")},
                                        {"end", facet.at("index").at("byteEnd")},
                                        {"value", feature.at(kind == "mention" ? "did" : kind == "link" ? "uri" : "tag")}});
        }
    const std::string script = std::string(CHORUS_REFERENCE_DIR) + "/bluesky_facets.mjs";
    auto reference = run_program(node, {script, server_->pds_url()}, text);
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    const auto expected = json::parse(reference.out);
    EXPECT_GE(expected.as_array().size(), 10u) << "the text is full of facets";
    EXPECT_EQ(json::serialize(sent), json::serialize(expected));
}

TEST_F(BlueskyConnectorTest, PostsFourImagesWithAltTextAndAspectRatio) {
    auto account = connect("images");
    const auto directory = std::filesystem::temp_directory_path() / ("chorus-bsky-" + new_key());
    std::filesystem::create_directories(directory);
    PublishRequest request = request_for("Four pictures");
    std::vector<std::string> files;
    for (int i = 0; i < 4; ++i) {
        const auto width = 320 + 80 * i;
        files.push_back(make_media_file(directory, "image" + std::to_string(i) + ".jpg",
                                        "-f lavfi -i testsrc=size=" + std::to_string(width) + "x240 -frames:v 1"));
        networks::MediaUpload upload{files.back(), "image/jpeg", {}};
        upload.facts.width = width;
        upload.facts.height = 240;
        upload.facts.alt_text = "Test pattern number " + std::to_string(i + 1);
        auto uploaded = connector_->upload_media(account, upload);
        ASSERT_TRUE(uploaded.ok()) << uploaded.failure().message;
        request.media_ids.push_back(uploaded.get().remote_id);
    }
    std::filesystem::remove_all(directory);
    auto remote = publish(account, request);

    const auto embed = record_of(account, remote.remote_id).at("embed");
    EXPECT_EQ(embed.at("$type"), "app.bsky.embed.images");
    const auto& images = embed.at("images").as_array();
    ASSERT_EQ(images.size(), 4u);
    for (std::size_t i = 0; i < images.size(); ++i) {
        EXPECT_EQ(images[i].at("alt"), "Test pattern number " + std::to_string(i + 1));
        EXPECT_EQ(images[i].at("aspectRatio").at("width").to_number<int>(), 320 + 80 * static_cast<int>(i));
        EXPECT_EQ(images[i].at("aspectRatio").at("height").to_number<int>(), 240);
        const std::string cid(images[i].at("image").at("ref").at("$link").as_string());
        EXPECT_EQ(server_->get_blob(did_of(account), cid), files[i]) << "image " << i;
    }
}

TEST_F(BlueskyConnectorTest, PostsAThreadOfFiveAsRepliesEachToThePreviousAndDeletesIt) {
    auto account = connect("thread");
    auto request = request_for("1/5 A thread");
    request.thread = {"2/5 continues", "3/5 goes on", "4/5 nearly", "5/5 the end"};
    auto remote = publish(account, request);

    auto records = server_->list_records(did_of(account), posts);
    ASSERT_EQ(records.size(), 5u);
    const auto root_uri = records[0].at("uri");
    const auto root_cid = records[0].at("cid");
    EXPECT_EQ(records[0].at("value").at("text"), "1/5 A thread");
    EXPECT_FALSE(records[0].at("value").as_object().contains("reply"));
    for (std::size_t i = 1; i < records.size(); ++i) {
        const auto& reply = records[i].at("value").at("reply");
        EXPECT_EQ(records[i].at("value").at("text"), request.thread[i - 1]);
        EXPECT_EQ(reply.at("root").at("uri"), root_uri);
        EXPECT_EQ(reply.at("root").at("cid"), root_cid);
        EXPECT_EQ(reply.at("parent").at("uri"), records[i - 1].at("uri"));
        EXPECT_EQ(reply.at("parent").at("cid"), records[i - 1].at("cid"));
    }
    EXPECT_EQ(record_key_of(remote.remote_url), record_key_of(std::string(root_uri.as_string())));

    auto found = connector_->find(account, request);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found.get().post);
    EXPECT_EQ(found.get().post->remote_id, remote.remote_id);

    auto deleted = connector_->remove(account, remote.remote_id);
    ASSERT_TRUE(deleted.ok()) << deleted.failure().message;
    EXPECT_TRUE(server_->list_records(did_of(account), posts).empty());
    auto gone = connector_->find(account, request);
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone.get().post);
}

// The account's session, but every call goes through the proxy.
Account through(const Account& account, const fakes::CuttingProxy& proxy) {
    auto credentials = networks::parse_json(account.credentials);
    credentials.as_object()["pds"] = proxy.base_url();
    auto proxied = account;
    proxied.credentials = json::serialize(credentials);
    return proxied;
}

TEST_F(BlueskyConnectorTest, AnAnswerLostAfterTheCreateIsRecoveredByLookingTheRecordUp) {
    auto account = connect("lost");
    fakes::CuttingProxy proxy(server_->pds_url());
    auto request = request_for("The answer to this create never arrives");
    proxy.cut_answer_to_next("com.atproto.repo.createRecord");
    auto published = connector_->publish(through(account, proxy), request);
    EXPECT_EQ(proxy.answers_cut(), 1);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    EXPECT_EQ(record_key_of(published.get().remote_id), networks::bluesky::record_key_for(request.idempotency_key, 0));
    EXPECT_EQ(server_->list_records(did_of(account), posts).size(), 1u);
}

TEST_F(BlueskyConnectorTest, ARetryAfterAnUnansweredCreateNeverMakesASecondPost) {
    auto account = connect("once");
    fakes::CuttingProxy proxy(server_->pds_url());
    auto request = request_for("Exactly once, even when the answer is lost");
    // The create's answer is lost, and so is the lookup's: the outcome is unknown.
    proxy.cut_answer_to_next("com.atproto.repo.createRecord");
    proxy.cut_answer_to_next("com.atproto.repo.getRecord");
    auto first = connector_->publish(through(account, proxy), request);
    EXPECT_EQ(proxy.answers_cut(), 2);
    ASSERT_FALSE(first.ok());
    EXPECT_TRUE(first.failure().maybe_created) << first.failure().code;
    EXPECT_EQ(first.failure().kind, FailureClass::transient);

    // The engine looks the post up before anything else …
    auto found = connector_->find(account, request);
    ASSERT_TRUE(found.ok()) << found.failure().message;
    ASSERT_TRUE(found.get().post);
    // … and even a blind retry cannot make a second one: the record key is taken.
    auto again = connector_->publish(account, request);
    ASSERT_TRUE(again.ok()) << again.failure().message;
    EXPECT_EQ(again.get().remote_id, found.get().post->remote_id);

    auto records = server_->list_records(did_of(account), posts);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("value").at("text"), request.draft.text);

    // A different post whose record key happens to be taken is refused, never confused with it.
    auto impostor = request;
    impostor.draft.text = "Another post with the same key";
    auto refused = connector_->find(account, impostor);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "record_key_taken");
    auto refused_publish = connector_->publish(account, impostor);
    ASSERT_FALSE(refused_publish.ok());
    EXPECT_EQ(refused_publish.failure().code, "record_key_taken");
}

TEST_F(BlueskyConnectorTest, AThreadCutOffHalfwayIsCompletedByTheRetryWithoutRepeatingAnyPart) {
    auto account = connect("resume");
    fakes::CuttingProxy proxy(server_->pds_url());
    auto request = request_for("Part one");
    request.thread = {"Part two", "Part three"};
    proxy.cut_answer_to_next("Part two");
    proxy.cut_answer_to_next("com.atproto.repo.getRecord");
    auto first = connector_->publish(through(account, proxy), request);
    ASSERT_FALSE(first.ok());
    EXPECT_TRUE(first.failure().maybe_created);
    EXPECT_NE(first.failure().message.find("Part 2 of the thread"), std::string::npos) << first.failure().message;
    auto found = connector_->find(account, request);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found.get().post) << "the thread is not complete yet";

    auto retried = connector_->publish(account, request);
    ASSERT_TRUE(retried.ok()) << retried.failure().message;
    auto records = server_->list_records(did_of(account), posts);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].at("value").at("text"), "Part two");
    EXPECT_EQ(records[2].at("value").at("reply").at("parent").at("uri"), records[1].at("uri"));
}

TEST_F(BlueskyConnectorTest, QuotesAPostByItsWebAddressWithAndWithoutImages) {
    auto author = connect("author");
    auto quoted = publish(author, request_for("Worth quoting"));
    auto account = connect("quoter");

    auto request = request_for("Look at this");
    request.options = json::serialize(json::object{{"quote", quoted.remote_url}});
    auto remote = publish(account, request);
    const auto embed = record_of(account, remote.remote_id).at("embed");
    EXPECT_EQ(embed.at("$type"), "app.bsky.embed.record");
    EXPECT_EQ(embed.at("record").at("uri"), quoted.remote_id);

    const auto directory = std::filesystem::temp_directory_path() / ("chorus-bsky-" + new_key());
    std::filesystem::create_directories(directory);
    networks::MediaUpload upload{make_media_file(directory, "q.png", "-f lavfi -i testsrc=size=64x64 -frames:v 1"), "image/png", {}};
    std::filesystem::remove_all(directory);
    auto uploaded = connector_->upload_media(account, upload);
    ASSERT_TRUE(uploaded.ok());
    auto with_media = request_for("And a picture");
    with_media.options = json::serialize(json::object{{"quote", quoted.remote_id}});
    with_media.media_ids = {uploaded.get().remote_id};
    auto combined = record_of(account, publish(account, with_media).remote_id).at("embed");
    EXPECT_EQ(combined.at("$type"), "app.bsky.embed.recordWithMedia");
    EXPECT_EQ(combined.at("record").at("record").at("uri"), quoted.remote_id);
    EXPECT_EQ(combined.at("media").at("images").as_array().size(), 1u);

    auto missing = request_for("Quoting nothing");
    missing.options = json::serialize(json::object{{"quote", quoted.remote_url.substr(0, quoted.remote_url.rfind('/') + 1) + "3zzzzzzzzzzzz"}});
    auto refused = connector_->publish(account, missing);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, "quote_not_found");
    EXPECT_EQ(refused.failure().kind, FailureClass::validation);
}

TEST_F(BlueskyConnectorTest, BuildsALinkCardFromThePagesOpenGraphTags) {
    const OpenGraphPage page;
    const auto& link = page.url();

    auto account = connect("cards");
    // Chorus's link detection, like Bluesky's, does not link bare IP addresses: the target's
    // link field names the page.
    auto request = request_for("Our new menu");
    request.options = "{}";
    request.draft.link = link;
    auto remote = publish(account, request);
    const auto embed = record_of(account, remote.remote_id).at("embed");
    EXPECT_EQ(embed.at("$type"), "app.bsky.embed.external");
    EXPECT_EQ(embed.at("external").at("uri"), link);
    EXPECT_EQ(embed.at("external").at("title"), "Winter menu & prices");
    EXPECT_EQ(embed.at("external").at("description"), "Soup, bread and cake");
    const std::string thumb(embed.at("external").at("thumb").at("ref").at("$link").as_string());
    EXPECT_EQ(server_->get_blob(did_of(account), thumb), page.picture());
}

TEST_F(BlueskyConnectorTest, RenewsItsSessionAndLogsInAgainWhenTheRefreshTokenIsSpent) {
    BlueskyAccount created;
    auto account = connect("session", &created);
    auto refreshed = connector_->refresh(account);
    ASSERT_TRUE(refreshed.ok()) << refreshed.failure().message;
    ASSERT_TRUE(refreshed.get().expires_at);
    EXPECT_GT(*refreshed.get().expires_at, now_millis());
    const auto renewed = networks::parse_json(refreshed.get().credentials);
    // Refresh tokens are single-use: a new one comes with every renewal.
    EXPECT_NE(networks::string_at(renewed, "refresh_jwt"), networks::string_at(networks::parse_json(account.credentials), "refresh_jwt"));

    // The old refresh token was consumed: refreshing from it again falls back to the app password.
    auto again = connector_->refresh(account);
    ASSERT_TRUE(again.ok()) << again.failure().message;
    account.credentials = again.get().credentials;
    EXPECT_TRUE(connector_->publish(account, request_for("Still here")).ok());

    // An access token the server does not accept is an auth failure (refresh, then reconnect).
    auto broken = networks::parse_json(account.credentials);
    broken.as_object()["access_jwt"] = "not-a-token";
    auto stale = account;
    stale.credentials = json::serialize(broken);
    auto refused = connector_->publish(stale, request_for("With a bad token"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, FailureClass::auth);

    // With the app password revoked and no usable refresh token, the user must reconnect.
    server_->revoke_app_passwords(created);
    broken.as_object()["refresh_jwt"] = "spent";
    stale.credentials = json::serialize(broken);
    auto dead = connector_->refresh(stale);
    ASSERT_FALSE(dead.ok());
    EXPECT_EQ(dead.failure().kind, FailureClass::auth);
}

}  // namespace
}  // namespace chorus::testing
