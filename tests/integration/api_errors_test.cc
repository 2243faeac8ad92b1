// Every error status of the API conventions, always in the JSON error shape; bad input is
// never a 500 and never a partial write.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>

#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

http::ServerOptions small_body_limit() {
    http::ServerOptions options;
    options.body_limit_bytes = 64 << 10;
    return options;
}

class ApiErrors : public ::testing::TestWithParam<store::Backend> {
protected:
    TestServer server{GetParam(), small_body_limit()};
    Caller owner = server.new_owner("Acme");

    static void expect_error(const HttpResponse& response, int status, const std::string& code,
                             const std::string& field = {}) {
        EXPECT_EQ(response.status, status) << response.body;
        EXPECT_EQ(response.header("content-type"), "application/json");
        auto body = json::parse(response.body);
        ASSERT_TRUE(body.is_object()) << response.body;
        const auto& error = body.at("error").as_object();
        EXPECT_EQ(error.at("code"), code) << response.body;
        EXPECT_FALSE(error.at("message").as_string().empty());
        if (!field.empty()) {
            EXPECT_EQ(error.at("field"), field) << response.body;
        }
    }
};

TEST_P(ApiErrors, MalformedJsonIs400) {
    expect_error(server.call(owner, "POST", "/api/v1/brands", "{\"name\": "), 400, "malformed_json");
    expect_error(server.call(owner, "POST", "/api/v1/brands", "[1, 2]"), 400, "malformed_json");
    expect_error(server.call(owner, "POST", "/api/v1/brands", "{\"name\":\"\xff\xfe\"}"), 400, "malformed_json");
}

TEST_P(ApiErrors, MissingOrBadCredentialsAre401) {
    expect_error(server.anonymous("GET", "/api/v1/brands"), 401, "unauthenticated");
    expect_error(http_request(server.port(), "GET", "/api/v1/brands", {}, {{"Authorization", "Bearer nonsense"}}), 401,
                 "invalid_token");
    expect_error(http_request(server.port(), "GET", "/api/v1/brands", {}, {{"Authorization", "Basic dTpw"}}), 401,
                 "invalid_token");
    expect_error(http_request(server.port(), "GET", "/api/v1/brands", {}, {{"Cookie", "chorus_session=forged"}}), 401,
                 "session_expired");
}

TEST_P(ApiErrors, NotAllowedIs403) {
    auto viewer = server.add_member(owner, "viewer");
    expect_error(server.call(viewer, "POST", "/api/v1/brands", R"({"name":"A","time_zone":"UTC"})"), 403, "forbidden");
}

TEST_P(ApiErrors, UnknownThingsAre404) {
    expect_error(server.call(owner, "GET", "/api/v1/nothing-here"), 404, "not_found");
    expect_error(server.call(owner, "GET", "/api/v1/brands/brand_01M83TMNEB3WQP07D1W31VV8H3"), 404, "not_found");
    expect_error(server.call(owner, "DELETE", "/api/v1/channels/not-even-an-id"), 404, "not_found");
}

TEST_P(ApiErrors, WrongMethodIs405WithAllow) {
    auto response = server.call(owner, "PUT", "/api/v1/brands");
    expect_error(response, 405, "method_not_allowed");
    EXPECT_EQ(response.header("allow"), "GET, POST");
}

TEST_P(ApiErrors, ConflictsAre409) {
    auto me = server.call(owner, "GET", "/api/v1/auth/me").json().at("user").at("email");
    auto body = json::serialize(json::object{{"email", me}, {"role", "editor"}});
    expect_error(server.call(owner, "POST", "/api/v1/invitations", body), 409, "already_member", "email");
}

TEST_P(ApiErrors, OversizedBodiesAre413) {
    std::string huge = "{\"name\":\"" + std::string(100 << 10, 'a') + "\",\"time_zone\":\"UTC\"}";
    expect_error(server.call(owner, "POST", "/api/v1/brands", huge), 413, "too_large");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/brands").json().at("items").as_array().size(), 0u);
}

TEST_P(ApiErrors, NonJsonBodiesAre415) {
    auto response = http_request(server.port(), "POST", "/api/v1/brands", "name=A",
                                 {{"Cookie", owner.cookie}, {"X-CSRF-Token", owner.csrf},
                                  {"Content-Type", "application/x-www-form-urlencoded"}});
    expect_error(response, 415, "unsupported_media_type");
    auto with_charset = http_request(server.port(), "POST", "/api/v1/brands", R"({"name":"A","time_zone":"UTC"})",
                                     {{"Cookie", owner.cookie}, {"X-CSRF-Token", owner.csrf},
                                      {"Content-Type", "application/json; charset=utf-8"}});
    EXPECT_EQ(with_charset.status, 201) << "a charset parameter is fine";
}

TEST_P(ApiErrors, RuleViolationsAre422AndNameTheField) {
    expect_error(server.call(owner, "POST", "/api/v1/brands", R"({"name":"A","time_zone":"Mars/Base"})"), 422,
                 "unknown_time_zone", "time_zone");
    expect_error(server.call(owner, "POST", "/api/v1/brands", R"({"name":42,"time_zone":"UTC"})"), 422, "must_be_string",
                 "name");
    expect_error(server.call(owner, "POST", "/api/v1/brands", R"({"time_zone":"UTC"})"), 422, "required", "name");
    expect_error(server.call(owner, "POST", "/api/v1/brands", R"({"name":"A","time_zone":"UTC","colour":"red"})"), 422,
                 "invalid_colour", "colour");
    expect_error(server.call(owner, "GET", "/api/v1/brands?limit=0"), 422, "out_of_range", "limit");
    expect_error(server.call(owner, "GET", "/api/v1/brands?limit=ten"), 422, "must_be_integer", "limit");
    expect_error(server.call(owner, "POST", "/api/v1/invitations", R"({"email":"x@example.com","role":"emperor"})"), 422,
                 "unknown_role", "role");
}

TEST_P(ApiErrors, OddInputIsRefusedByItsFieldNotStoredOrIgnored) {
    expect_error(server.call(owner, "POST", "/api/v1/brands", "{\"name\":\"Lu\\u0000na\",\"time_zone\":\"UTC\"}"), 422,
                 "nul_character", "name");
    auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"UTC"})");
    ASSERT_EQ(brand.status, 201) << brand.body;
    const std::string brand_id(brand.json().at("id").as_string());
    auto channel = server.call(owner, "POST", "/api/v1/channels",
                               "{\"brand_id\":\"" + brand_id + "\",\"network\":\"mastodon\",\"display_name\":\"Luna\",\"handle\":\"@luna@example.social\"}");
    ASSERT_EQ(channel.status, 201) << channel.body;
    const std::string channel_id(channel.json().at("id").as_string());
    const auto post = [&](const std::string& extra) {
        return server.call(owner, "POST", "/api/v1/posts",
                           "{\"brand_id\":\"" + brand_id + "\",\"targets\":[{\"channel_id\":\"" + channel_id + "\"" +
                               (extra.rfind("T", 0) == 0 ? "," + extra.substr(1) : "") + "}]" + (extra.rfind("T", 0) == 0 ? "" : "," + extra) + "}");
    };
    expect_error(post("\"text\":\"soup\\u0000\""), 422, "nul_character", "text");
    expect_error(post("T\"text\":\"a\\u0000\""), 422, "nul_character", "targets[0].text");
    expect_error(post("\"text\":\"soup\",\"scheduled_at\":\"0000-01-01T10:00\""), 422, "out_of_range", "scheduled_at");
    expect_error(server.call(owner, "GET", "/api/v1/posts?status=bogus"), 422, "unknown_status", "status");
    expect_error(server.call(owner, "GET", "/api/v1/media?kind=bogus"), 422, "unknown_kind", "kind");
    expect_error(server.call(owner, "GET", "/api/v1/posts?cursor=%27%3B%20DROP"), 422, "invalid_cursor", "cursor");
    EXPECT_TRUE(server.call(owner, "GET", "/api/v1/posts?brand_id=" + brand_id).json().at("items").as_array().empty()) << "nothing written";
}

TEST_P(ApiErrors, ThrottledSignInIs429WithRetryAfter) {
    const std::string body = R"({"email":"victim@example.com","password":"wrong password"})";
    for (int i = 0; i < 5; ++i) server.anonymous("POST", "/api/v1/auth/login", body);
    auto response = server.anonymous("POST", "/api/v1/auth/login", body);
    expect_error(response, 429, "too_many_attempts");
    EXPECT_FALSE(response.header("retry-after").empty());
}

TEST_P(ApiErrors, AFailedUpdateWritesNothing) {
    auto created = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Before","time_zone":"UTC"})");
    const std::string id(created.json().at("id").as_string());
    expect_error(server.call(owner, "PATCH", "/api/v1/brands/" + id, R"({"name":"After","time_zone":"Nowhere/Land"})"),
                 422, "unknown_time_zone", "time_zone");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/brands/" + id).json().at("name"), "Before");
}

TEST_P(ApiErrors, GarbageInputNeverCausesA500) {
    std::mt19937 random(12345);
    const std::vector<std::string> fragments = {"{", "}", "[", "]", "\"name\"", ":", ",", "null", "true", "1e999", "-0",
                                                "\"\\u0000\"", "\"time_zone\"", "\"UTC\"", "\"brand_id\"", "\"role\"",
                                                "\"owner\"", "{}", "\"\xc3\x28\"", "9999999999999999999999"};
    const std::vector<std::pair<std::string, std::string>> endpoints = {
        {"POST", "/api/v1/brands"},   {"POST", "/api/v1/channels"}, {"POST", "/api/v1/invitations"},
        {"POST", "/api/v1/invitations/accept"}, {"POST", "/api/v1/invitations/preview"},
        {"POST", "/api/v1/tokens"},   {"POST", "/api/v1/orgs"},     {"POST", "/api/v1/auth/switch"},
        {"PATCH", "/api/v1/orgs/" + owner.org_id}, {"PATCH", "/api/v1/members/" + owner.user_id}};
    for (int i = 0; i < 300; ++i) {
        std::string body;
        int parts = static_cast<int>(random() % 8);
        for (int p = 0; p < parts; ++p) body += fragments[random() % fragments.size()];
        const auto& [method, path] = endpoints[random() % endpoints.size()];
        auto response = server.call(owner, method, path, body);
        ASSERT_LT(response.status, 500) << method << " " << path << " " << body << " -> " << response.body;
        ASSERT_TRUE(json::parse(response.body).is_object()) << response.body;
    }
}

TEST_P(ApiErrors, MalformedHttpIsDroppedAndTheServerKeepsServing) {
    raw_exchange(server.port(), "THIS IS NOT HTTP\r\n\r\n");
    raw_exchange(server.port(), "GET /api/v1/health HTTP/1.1\r\nContent-Length: banana\r\n\r\n");
    auto answer = raw_exchange(server.port(), "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(answer.find("400"), std::string::npos) << answer;
    EXPECT_EQ(server.anonymous("GET", "/api/v1/health").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiErrors, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
