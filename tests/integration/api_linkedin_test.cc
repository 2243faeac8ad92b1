// LinkedIn channels through the API against the contract fake, on both stores: a member
// connects at once with the basic products; with the Community Management API and the
// organisation scopes configured, the member and the Pages they administer are offered and
// a photo post is published on a Page through the engine; asking for scopes the app was not
// granted brings back LinkedIn's own reason; a member's post to connections only.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/id.h"
#include "fake_linkedin.h"
#include "networks/http_client.h"
#include "oauth_approval.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

constexpr const char* page_scopes = "openid profile w_member_social r_organization_social w_organization_social rw_organization_admin";

fakes::FakeLinkedInOptions with_product(bool community_management) {
    fakes::FakeLinkedInOptions options;
    options.community_management = community_management;
    return options;
}

// A server whose LinkedIn app asks for `scopes` ("" for the connector's own list).
class LinkedInServer {
public:
    LinkedInServer(store::Backend backend, bool community_management, std::string scopes)
        : fake(with_product(community_management)),
          server(backend, [this, scopes](app::ApplicationOptions& options) {
              options.network_apps["linkedin"] = {"chorus-linkedin-app", "chorus-linkedin-secret", fake.base_url(), fake.authorize_url(),
                                                  scopes};
              options.engine.workers = 2;
              options.engine.poll_interval = std::chrono::milliseconds(50);
          }) {}

    fakes::FakeLinkedIn fake;
    TestServer server;
    Caller owner = server.new_owner("LinkedIn");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    // Publishes now on one channel, with these options for it: the settled target.
    json::value publish_now(const std::string& channel_id, const std::string& text, json::object options = {}, json::array media_ids = {}) {
        json::object body{{"brand_id", brand_id},
                          {"text", text},
                          {"targets", json::array{json::object{{"channel_id", channel_id}, {"options", std::move(options)}}}},
                          {"media_ids", std::move(media_ids)},
                          {"publish_now", true}};
        auto created = server.call(owner, "POST", "/api/v1/posts", json::serialize(body));
        EXPECT_EQ(created.status, 201) << created.body;
        if (created.status != 201) return nullptr;
        return settled_target(server, owner, std::string(created.json().at("id").as_string()));
    }
};

class LinkedInChannels : public ::testing::TestWithParam<store::Backend> {};

TEST_P(LinkedInChannels, AMemberConnectsAtOnceAndMayPostToTheirConnectionsOnly) {
    LinkedInServer linkedin(GetParam(), false, "");
    linkedin.server.app().engine().start();
    const auto channel_id = connect_through_api(linkedin.server, linkedin.owner, linkedin.http, "linkedin", linkedin.brand_id);
    ASSERT_FALSE(channel_id.empty());
    auto channel = linkedin.server.call(linkedin.owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("network"), "linkedin");
    EXPECT_EQ(channel.at("display_name"), "Lena Luna");
    EXPECT_EQ(channel.at("status"), "connected");
    // LinkedIn's member tokens last 60 days and, outside partner apps, cannot be renewed.
    const auto expires_at = channel.at("health").at("token_expires_at");
    ASSERT_FALSE(expires_at.is_null()) << json::serialize(channel);
    EXPECT_EQ(channel.at("health").at("token_renews"), false);

    const auto target = linkedin.publish_now(channel_id, "Only for the people I know (and #coffee)",
                                             {{"visibility", "connections"}});
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = linkedin.fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].author, linkedin.fake.member_urn());
    EXPECT_EQ(posts[0].visibility, "CONNECTIONS");
    EXPECT_EQ(posts[0].text, "Only for the people I know (and #coffee)");
    EXPECT_FALSE(posts[0].garbled);
    EXPECT_EQ(target.at("remote_id"), posts[0].urn);
    EXPECT_EQ(target.at("remote_url"), "https://www.linkedin.com/feed/update/" + posts[0].urn + "/");
}

TEST_P(LinkedInChannels, WithTheCommunityManagementApiTheAdministeredPagesAreOfferedAndPublishedTo) {
    LinkedInServer linkedin(GetParam(), true, page_scopes);
    auto params = approve_through_api(linkedin.server, linkedin.owner, linkedin.http, "linkedin", linkedin.brand_id);
    ASSERT_TRUE(params.count("choose")) << params["connect_error"] << ": " << params["message"];
    auto offered = linkedin.server.call(linkedin.owner, "GET", "/api/v1/oauth/selections/" + params["choose"]);
    ASSERT_EQ(offered.status, 200) << offered.body;
    std::vector<std::string> names;
    const auto offer = offered.json();
    for (const auto& account : offer.at("accounts").as_array())
        names.push_back(std::string(account.at("display_name").as_string()) + "/" + std::string(account.at("kind").as_string()));
    // Not the Page where the member is an analyst, nor the one whose role is only requested.
    EXPECT_EQ(names, (std::vector<std::string>{"Lena Luna/Profile", "Café Luna/Page", "Luna Roastery/Page"})) << offered.body;
    EXPECT_EQ(offered.body.find("access_token"), std::string::npos) << "no token leaves the server";

    auto chosen = linkedin.server.call(linkedin.owner, "POST", "/api/v1/oauth/selections/" + params["choose"],
                                       R"({"accounts":["urn:li:organization:2001"]})");
    ASSERT_EQ(chosen.status, 201) << chosen.body;
    const auto page = chosen.json().at("channels").at(0);
    EXPECT_EQ(page.at("handle"), "cafe-luna");
    const auto channel_id = std::string(page.at("id").as_string());

    linkedin.server.app().engine().start();
    const auto media_id = upload_test_jpeg(linkedin.server, linkedin.owner, linkedin.brand_id, "A cup of flat white");
    const auto target = linkedin.publish_now(channel_id, "Flat white, finally", {}, {json::value(media_id)});
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    const auto posts = linkedin.fake.posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].author, "urn:li:organization:2001");
    ASSERT_EQ(posts[0].media.size(), 1u);
    EXPECT_EQ(posts[0].alt_texts, std::vector<std::string>{"A cup of flat white"});
    const auto image = linkedin.fake.asset(posts[0].media[0]);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->status, "AVAILABLE");
    EXPECT_EQ(image->mime, "image/jpeg");

    // A Page posts publicly: asking for connections only fails with the reason, and nothing is posted.
    const auto refused = linkedin.publish_now(channel_id, "Just for friends",
                                              {{"visibility", "connections"}});
    EXPECT_EQ(refused.at("status"), "failed") << json::serialize(refused);
    EXPECT_EQ(refused.at("error").at("code"), "invalid_option");
    EXPECT_EQ(linkedin.fake.posts().size(), 1u);
}

TEST_P(LinkedInChannels, AskingForScopesTheAppWasNotGrantedBringsBackLinkedInsReason) {
    LinkedInServer linkedin(GetParam(), false, page_scopes);
    auto params = approve_through_api(linkedin.server, linkedin.owner, linkedin.http, "linkedin", linkedin.brand_id);
    EXPECT_FALSE(params.count("connected"));
    EXPECT_EQ(params["connect_error"], "authorization_refused");
    EXPECT_NE(params["message"].find("linkedin refused the authorisation"), std::string::npos) << params["message"];
    EXPECT_NE(params["message"].find("_organization"), std::string::npos) << "LinkedIn names the scope: " << params["message"];
    EXPECT_NE(params["message"].find("unauthorized_scope_error"), std::string::npos) << params["message"];
    auto channels = linkedin.server.call(linkedin.owner, "GET", "/api/v1/channels?brand_id=" + linkedin.brand_id).json();
    EXPECT_TRUE(channels.at("items").as_array().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, LinkedInChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
