// POST /api/v1/check: what the composer calls on every keystroke.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class CheckApi : public ::testing::Test {
protected:
    TestServer server{store::Backend::sqlite};
    Caller owner = server.new_owner("Acme");
};

TEST_F(CheckApi, AnswersOneCheckPerNetworkInTheOrderAsked) {
    json::object body{{"text", "Hello @alice.bsky.social " + std::string(300, 'a')},
                      {"networks", json::array{"x", "bluesky", "mastodon"}},
                      {"media", json::array{json::object{{"kind", "image"}, {"size_bytes", 2'000'000}, {"alt_text", "a cat"}}}}};
    auto response = server.call(owner, "POST", "/api/v1/check", json::serialize(body));
    ASSERT_EQ(response.status, 200) << response.body;
    const auto checks = response.json().at("checks").as_array();
    ASSERT_EQ(checks.size(), 3u);
    EXPECT_EQ(checks[0].at("network"), "x");
    EXPECT_FALSE(checks[0].at("valid").as_bool());
    EXPECT_EQ(checks[0].at("problems").as_array()[0].at("code"), "too_long");
    EXPECT_TRUE(checks[0].at("problems").as_array()[0].as_object().contains("range"));
    EXPECT_FALSE(checks[0].as_object().contains("facets")) << "facets only where the network has them";
    EXPECT_EQ(checks[1].at("network"), "bluesky");
    EXPECT_EQ(checks[1].at("facets").as_array()[0].at("type"), "mention");
    bool image_too_large = false;
    for (const auto& p : checks[1].at("problems").as_array()) image_too_large |= p.at("code") == "image_too_large";
    EXPECT_TRUE(image_too_large) << "Bluesky takes images up to 1 MB";
    EXPECT_TRUE(checks[2].at("valid").as_bool());
}

TEST_F(CheckApi, BadRequestsNameTheField) {
    auto unknown = server.call(owner, "POST", "/api/v1/check", R"({"text":"hi","networks":["x","myspace"]})");
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(unknown.json().at("error").at("field"), "networks[1]");
    auto none = server.call(owner, "POST", "/api/v1/check", R"({"text":"hi","networks":[]})");
    EXPECT_EQ(none.json().at("error").at("field"), "networks");
    auto media = server.call(owner, "POST", "/api/v1/check", R"({"text":"hi","networks":["x"],"media":[{"kind":"hologram"}]})");
    EXPECT_EQ(media.json().at("error").at("field"), "media[0].kind");
    auto size = server.call(owner, "POST", "/api/v1/check", R"({"text":"hi","networks":["x"],"media":[{"kind":"image","size_bytes":-1}]})");
    EXPECT_EQ(size.json().at("error").at("field"), "media[0].size_bytes");
    EXPECT_EQ(server.anonymous("POST", "/api/v1/check", R"({"text":"hi","networks":["x"]})").status, 401);
}

TEST_F(CheckApi, InvalidUtf8CannotArriveThroughJsonButEscapedOddCharactersAreChecked) {
    auto response = server.call(owner, "POST", "/api/v1/check", "{\"text\":\"bad \\ufeff char\",\"networks\":[\"x\"]}");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.json().at("checks").as_array()[0].at("problems").as_array()[0].at("code"), "invalid_character");
}

// The composer's link card: the page's own title, description and image, read by the
// server; never a page on a private address unless the administrator allows them.
TEST_F(CheckApi, ALinkPreviewIsThePagesOwnCardAndAPageThatCannotBeReadIsACardWithoutTitle) {
    server.app().router().add("GET", "/pages/winter-menu", [](http::Request&) {
        http::Response page;
        page.content_type = "text/html; charset=utf-8";
        page.body = R"(<html><head><meta property="og:title" content="Winter menu &amp; prices">)"
                    R"(<meta property="og:description" content="Spiced latte, orange cake"><meta property="og:image" content="/og.png">)";
        return page;
    });
    const std::string page = "http://127.0.0.1:" + std::to_string(server.port()) + "/pages/winter-menu";
    auto card = server.call(owner, "GET", "/api/v1/link-preview?url=" + page);
    ASSERT_EQ(card.status, 200) << card.body;
    EXPECT_EQ(card.json().at("url"), page);
    EXPECT_EQ(card.json().at("title"), "Winter menu & prices");
    EXPECT_EQ(card.json().at("description"), "Spiced latte, orange cake");
    EXPECT_EQ(card.json().at("image_url"), "http://127.0.0.1:" + std::to_string(server.port()) + "/og.png");
    auto missing = server.call(owner, "GET", "/api/v1/link-preview?url=http://127.0.0.1:" + std::to_string(server.port()) + "/pages/none");
    ASSERT_EQ(missing.status, 200) << missing.body;
    EXPECT_TRUE(missing.json().at("title").is_null());
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/link-preview?url=ftp://x").json().at("error").at("field"), "url");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/link-preview").json().at("error").at("code"), "required");
    EXPECT_EQ(server.anonymous("GET", "/api/v1/link-preview?url=" + page).status, 401);

    auto viewer = server.add_member(owner, "viewer");
    EXPECT_EQ(server.call(viewer, "GET", "/api/v1/link-preview?url=" + page).status, 403) << "only those who write posts";

    // Even a server that allows private Mastodon or Bluesky servers reads linked pages on
    // public addresses only: any member may name such a page.
    TestServer public_only(store::Backend::sqlite, [](app::ApplicationOptions& options) { options.allow_private_link_pages = false; });
    auto stranger = public_only.new_owner("Elsewhere");
    auto refused = public_only.call(stranger, "GET", "/api/v1/link-preview?url=" + page);
    ASSERT_EQ(refused.status, 200) << refused.body;
    EXPECT_TRUE(refused.json().at("title").is_null()) << "a loopback page is not read by a public-only server";
}

}  // namespace
}  // namespace chorus::testing
