// Meta's Graph error bodies and usage headers, as the Facebook, Instagram and Threads
// connectors read them (networks/meta_graph.h), and the shared-media links that let those
// networks download attachments (media/shared_links.h); form bodies (networks/http_forms.h).
#include <gtest/gtest.h>

#include <boost/url.hpp>

#include <filesystem>

#include "core/id.h"
#include "media/shared_links.h"
#include "networks/http_forms.h"
#include "networks/meta_graph.h"

namespace chorus::testing {
namespace {

using networks::FailureClass;

networks::HttpResponse graph_answer(int status, const std::string& error, networks::HeaderFields headers = {}) {
    return networks::HttpResponse{status, std::move(headers), R"({"error":)" + error + "}"};
}

TEST(GraphErrors, DocumentedCodesMapToTheTaxonomyWithMetasWords) {
    const Millis now = 1'800'000'000'000;
    struct Case {
        int status;
        std::string error;
        FailureClass kind;
        std::string code;
    };
    for (const auto& c : std::vector<Case>{
             {400, R"({"message":"Error validating access token: Session has expired.","type":"OAuthException","code":190,"error_subcode":463})",
              FailureClass::auth, "token_invalid"},
             {400, R"({"message":"Error validating access token: The user has not authorized application.","code":190,"error_subcode":458})",
              FailureClass::auth, "token_revoked"},
             {403, R"({"message":"(#200) Requires pages_manage_posts permission","code":200})", FailureClass::auth, "permission_missing"},
             {400, R"({"message":"(#4) Application request limit reached","code":4})", FailureClass::rate_limited, "rate_limited"},
             {400, R"({"message":"(#32) Page request limit reached","code":32})", FailureClass::rate_limited, "rate_limited"},
             {400, R"({"message":"(#80001) There have been too many calls to this Page account","code":80001})", FailureClass::rate_limited,
              "rate_limited"},
             {400, R"({"message":"(#368) The action attempted has been deemed abusive","code":368})", FailureClass::validation,
              "account_restricted"},
             {400, R"({"message":"(#506) Duplicate status message","code":506})", FailureClass::validation, "duplicate_content"},
             {500, R"({"message":"An unexpected error has occurred. Please retry your request later.","code":2,"is_transient":true})",
              FailureClass::transient, "temporarily_unavailable"},
             {400, R"({"message":"Media download has failed.","code":9004,"error_subcode":2207052})", FailureClass::validation, "media_rejected"},
             {400, R"({"message":"(#100) Param text must be at most 500 characters long.","code":100})", FailureClass::validation,
              "invalid_request"},
             {400, R"({"message":"Unsupported get request. Object with ID '1' does not exist","code":100,"error_subcode":33})",
              FailureClass::validation, "not_found"},
         }) {
        auto failure = networks::graph_failure(graph_answer(c.status, c.error), now);
        EXPECT_EQ(failure.kind, c.kind) << c.error;
        EXPECT_EQ(failure.code, c.code) << c.error;
        EXPECT_EQ(failure.http_status, c.status);
        EXPECT_FALSE(failure.message.empty());
    }
    // The message for people comes along when Meta gives one.
    auto explained = networks::graph_failure(
        graph_answer(400, R"({"message":"Invalid parameter","code":100,"error_user_msg":"The photo is too small."})"), now);
    EXPECT_EQ(explained.message, "Invalid parameter (The photo is too small.)");
    EXPECT_EQ(explained.code, "media_rejected");
}

TEST(GraphErrors, UsageHeadersBecomeBudgetsAndSayWhenALimitLifts) {
    const Millis now = 1'800'000'000'000;
    networks::HttpResponse response{200,
                                    {{"x-app-usage", R"({"call_count":28,"total_time":25,"total_cputime":35})"},
                                     {"x-business-use-case-usage",
                                      R"({"1122":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":7}]})"}},
                                    "{}"};
    auto budgets = networks::graph_usage_budgets(response, "facebook", "channel:c1", now);
    ASSERT_EQ(budgets.size(), 2u);
    EXPECT_EQ(budgets[0].scope, "app:facebook");
    EXPECT_EQ(budgets[0].remaining, 65);  // the busiest counter decides
    EXPECT_EQ(budgets[1].scope, "channel:c1");
    EXPECT_EQ(budgets[1].remaining, 0);
    EXPECT_EQ(budgets[1].reset_at, now + 7 * 60'000);

    auto limited = networks::graph_failure(
        networks::HttpResponse{400, response.headers, R"({"error":{"message":"(#80001) Too many calls","code":80001}})"}, now);
    EXPECT_EQ(limited.kind, FailureClass::rate_limited);
    ASSERT_TRUE(limited.retry_at);
    EXPECT_EQ(*limited.retry_at, now + 7 * 60'000);
}

TEST(FormBodies, EscapeEverythingButUnreservedCharactersSoBracketedNamesSurvive) {
    // Graph's attached_media[0]={"media_fbid":"…"}: a query's own rules would leave the
    // brackets bare, and form decoders refuse them.
    const auto body = networks::form_encode({{"attached_media[0]", R"({"media_fbid":"123"})"}, {"message", "Soup & bread, 5 €"}});
    EXPECT_EQ(body, "attached_media%5B0%5D=%7B%22media_fbid%22%3A%22123%22%7D&message=Soup%20%26%20bread%2C%205%20%E2%82%AC");
    auto parsed = boost::urls::parse_query(body);
    ASSERT_TRUE(parsed);
    auto first = *parsed->begin();
    EXPECT_EQ(first.key.decode(), "attached_media[0]");
    EXPECT_EQ(first.value.decode(), R"({"media_fbid":"123"})");
}

TEST(SharedLinks, AnAttachmentIsReachableByItsUnguessableNameUntilItExpires) {
    const auto directory = std::filesystem::temp_directory_path() / ("chorus-links-" + random_secret(6));
    media::SharedLinks links(directory.string(), "https://chorus.example", std::chrono::hours(1));
    auto address = links.share(networks::MediaUpload{"jpeg bytes", "image/jpeg", {}});
    ASSERT_TRUE(address);
    ASSERT_TRUE(address->starts_with("https://chorus.example/shared-media/"));
    const auto name = address->substr(std::string("https://chorus.example/shared-media/").size());
    EXPECT_TRUE(name.ends_with(".jpeg"));
    EXPECT_GE(name.size(), 40u);

    const Millis now = now_millis();
    auto file = links.open(name, now);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->bytes, "jpeg bytes");
    EXPECT_EQ(file->mime, "image/jpeg");
    EXPECT_FALSE(links.open("../" + name, now));
    EXPECT_FALSE(links.open(name + "x", now));
    EXPECT_FALSE(links.share(networks::MediaUpload{"?", "application/pdf", {}}));

    // After its hour it is gone, for readers first and then from the disk.
    EXPECT_FALSE(links.open(name, now + 3'601'000));
    EXPECT_EQ(links.sweep(now), 0);
    EXPECT_EQ(links.sweep(now + 3'601'000), 1);
    EXPECT_TRUE(std::filesystem::is_empty(directory));
    std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace chorus::testing
