// A user of organisation A can never see or change anything of organisation B, through any
// endpoint, by session or by API token; and each role can do what it should and no more.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

std::string id_of(const HttpResponse& response, const char* key = "id") {
    if (response.status != 201 && response.status != 200) throw std::runtime_error("unexpected: " + response.body);
    return std::string(response.json().at(key).as_string());
}

class Tenancy : public ::testing::TestWithParam<store::Backend> {
protected:
    TestServer server{GetParam()};
    Caller a = server.new_owner("Org A");
    Caller b = server.new_owner("Org B");
    std::string brand_a, brand_b, channel_a, channel_b, token_b, member_b;

    void SetUp() override {
        brand_a = id_of(server.call(a, "POST", "/api/v1/brands", R"({"name":"A brand","time_zone":"UTC"})"));
        brand_b = id_of(server.call(b, "POST", "/api/v1/brands", R"({"name":"B brand","time_zone":"UTC"})"));
        channel_a = id_of(server.call(a, "POST", "/api/v1/channels", channel_body(brand_a)));
        channel_b = id_of(server.call(b, "POST", "/api/v1/channels", channel_body(brand_b)));
        token_b = id_of(server.call(b, "POST", "/api/v1/tokens", R"({"name":"B token"})"));
        member_b = server.add_member(b, "editor").user_id;
    }

    static std::string channel_body(const std::string& brand) {
        return json::serialize(json::object{{"brand_id", brand}, {"network", "bluesky"}, {"display_name", "Acme"}, {"handle", "acme.bsky.social"}});
    }

    struct Probe {
        std::string method, path, body;
        int expected_status;
    };

    std::vector<Probe> probes_at_b() {
        return {
            {"GET", "/api/v1/brands/" + brand_b, "", 404},
            {"PATCH", "/api/v1/brands/" + brand_b, R"({"name":"hijacked"})", 404},
            {"DELETE", "/api/v1/brands/" + brand_b, "", 404},
            {"GET", "/api/v1/channels/" + channel_b, "", 404},
            {"PATCH", "/api/v1/channels/" + channel_b, R"({"handle":"hijacked"})", 404},
            {"DELETE", "/api/v1/channels/" + channel_b, "", 404},
            {"POST", "/api/v1/channels", channel_body(brand_b), 422},
            {"PATCH", "/api/v1/channels/" + channel_a, json::serialize(json::object{{"brand_id", brand_b}}), 422},
            {"GET", "/api/v1/members/" + member_b, "", 404},
            {"PATCH", "/api/v1/members/" + member_b, R"({"role":"viewer"})", 404},
            {"DELETE", "/api/v1/members/" + member_b, "", 404},
            {"DELETE", "/api/v1/tokens/" + token_b, "", 404},
            {"GET", "/api/v1/orgs/" + b.org_id, "", 404},
            {"PATCH", "/api/v1/orgs/" + b.org_id, R"({"name":"hijacked"})", 404},
            {"DELETE", "/api/v1/orgs/" + b.org_id, "", 404},
        };
    }

    void expect_b_untouched() {
        auto brand = server.call(b, "GET", "/api/v1/brands/" + brand_b);
        ASSERT_EQ(brand.status, 200);
        EXPECT_EQ(brand.json().at("name"), "B brand");
        auto channel = server.call(b, "GET", "/api/v1/channels/" + channel_b);
        ASSERT_EQ(channel.status, 200);
        EXPECT_EQ(channel.json().at("handle"), "acme.bsky.social");
        EXPECT_EQ(channel.json().at("brand_id"), brand_b);
        EXPECT_EQ(server.call(b, "GET", "/api/v1/members/" + member_b).json().at("role"), "editor");
        EXPECT_EQ(server.call(b, "GET", "/api/v1/tokens").json().at("items").as_array().size(), 1u);
        EXPECT_NE(server.call(b, "GET", "/api/v1/orgs/" + b.org_id).json().at("name").as_string().find("Org B"),
                  std::string::npos);
        EXPECT_EQ(server.call(a, "GET", "/api/v1/channels/" + channel_a).json().at("brand_id"), brand_a);
    }

    void expect_isolated_from_b(const Caller& caller) {
        for (const auto& probe : probes_at_b()) {
            auto response = server.call(caller, probe.method, probe.path, probe.body);
            EXPECT_EQ(response.status, probe.expected_status) << probe.method << " " << probe.path << " -> " << response.body;
        }
        expect_lists_hide_b(caller);
        expect_b_untouched();
    }

    void expect_lists_hide_b(const Caller& caller) {
        for (std::string path : {"/api/v1/brands", "/api/v1/channels", "/api/v1/members", "/api/v1/tokens",
                                 "/api/v1/orgs"}) {
            auto response = server.call(caller, "GET", path);
            ASSERT_EQ(response.status, 200) << path;
            for (const auto& secret_id : {brand_b, channel_b, token_b, member_b, b.org_id, b.user_id})
                EXPECT_EQ(response.body.find(secret_id), std::string::npos) << path << " leaks " << secret_id;
        }
        auto filtered = server.call(caller, "GET", "/api/v1/channels?brand_id=" + brand_b);
        EXPECT_EQ(filtered.json().at("items").as_array().size(), 0u);
    }
};

TEST_P(Tenancy, EveryEndpointRefusesOtherOrganisationsDataBySession) { expect_isolated_from_b(a); }

TEST_P(Tenancy, EveryEndpointRefusesOtherOrganisationsDataByApiToken) { expect_isolated_from_b(server.with_token(a)); }

TEST_P(Tenancy, SignInAndSwitchRefuseOrganisationsTheUserIsNotIn) {
    auto email = std::string(server.call(a, "GET", "/api/v1/auth/me").json().at("user").at("email").as_string());
    auto login = server.anonymous("POST", "/api/v1/auth/login",
                                  json::serialize(json::object{{"email", email}, {"password", TestServer::password}, {"org_id", b.org_id}}));
    EXPECT_EQ(login.status, 422);
    EXPECT_EQ(server.call(a, "POST", "/api/v1/auth/switch", json::serialize(json::object{{"org_id", b.org_id}})).status, 404);
    EXPECT_EQ(server.call(a, "GET", "/api/v1/auth/me").json().at("org_id"), a.org_id);
}

TEST_P(Tenancy, RolesGrantWhatTheyShouldAndNoMore) {
    auto viewer = server.add_member(a, "viewer");
    auto contributor = server.add_member(a, "contributor");
    auto editor = server.add_member(a, "editor");
    auto admin = server.add_member(a, "admin");
    const std::string new_brand = R"({"name":"N","time_zone":"UTC"})";

    for (const auto* reader : {&viewer, &contributor, &editor, &admin}) {
        EXPECT_EQ(server.call(*reader, "GET", "/api/v1/brands").status, 200);
        EXPECT_EQ(server.call(*reader, "GET", "/api/v1/members").status, 200);
        EXPECT_EQ(server.call(*reader, "POST", "/api/v1/tokens", R"({"name":"mine"})").status, 201);
    }
    for (const auto* weak : {&viewer, &contributor, &editor}) {
        EXPECT_EQ(server.call(*weak, "POST", "/api/v1/brands", new_brand).status, 403);
        EXPECT_EQ(server.call(*weak, "PATCH", "/api/v1/brands/" + brand_a, R"({"name":"x"})").status, 403);
        EXPECT_EQ(server.call(*weak, "POST", "/api/v1/channels", channel_body(brand_a)).status, 403);
        EXPECT_EQ(server.call(*weak, "DELETE", "/api/v1/channels/" + channel_a).status, 403);
        EXPECT_EQ(server.call(*weak, "PATCH", "/api/v1/members/" + viewer.user_id, R"({"role":"admin"})").status, 403);
    }
    EXPECT_EQ(server.call(admin, "POST", "/api/v1/brands", new_brand).status, 201);
    EXPECT_EQ(server.call(admin, "POST", "/api/v1/channels", channel_body(brand_a)).status, 201);
    EXPECT_EQ(server.call(admin, "PATCH", "/api/v1/members/" + viewer.user_id, R"({"role":"contributor"})").status, 200);
    // Ownership and the organisation itself belong to owners.
    EXPECT_EQ(server.call(admin, "PATCH", "/api/v1/members/" + viewer.user_id, R"({"role":"owner"})").status, 403);
    EXPECT_EQ(server.call(admin, "PATCH", "/api/v1/members/" + a.user_id, R"({"role":"viewer"})").status, 403);
    EXPECT_EQ(server.call(admin, "DELETE", "/api/v1/members/" + a.user_id).status, 403);
    EXPECT_EQ(server.call(admin, "PATCH", "/api/v1/orgs/" + a.org_id, R"({"name":"mine now"})").status, 403);
    EXPECT_EQ(server.call(admin, "DELETE", "/api/v1/orgs/" + a.org_id).status, 403);
    EXPECT_EQ(server.call(admin, "POST", "/api/v1/invitations", R"({"email":"boss@example.com","role":"owner"})").status, 403);
    EXPECT_EQ(server.call(a, "PATCH", "/api/v1/orgs/" + a.org_id, R"({"name":"Renamed A"})").status, 200);
}

TEST_P(Tenancy, AnOrganisationAlwaysKeepsAnOwner) {
    auto response = server.call(a, "PATCH", "/api/v1/members/" + a.user_id, R"({"role":"admin"})");
    EXPECT_EQ(response.status, 409);
    EXPECT_EQ(response.json().at("error").at("code"), "last_owner");
    EXPECT_EQ(server.call(a, "DELETE", "/api/v1/members/" + a.user_id).status, 409);
    auto second_owner = server.add_member(a, "owner");
    EXPECT_EQ(server.call(a, "PATCH", "/api/v1/members/" + a.user_id, R"({"role":"admin"})").status, 200);
    EXPECT_EQ(server.call(second_owner, "GET", "/api/v1/members/" + a.user_id).json().at("role"), "admin");
}

TEST_P(Tenancy, RoleChangesAndRemovalsTakeEffectOnTheNextRequest) {
    auto admin = server.add_member(a, "admin");
    auto admin_token = server.with_token(admin);
    EXPECT_EQ(server.call(admin_token, "POST", "/api/v1/brands", R"({"name":"N","time_zone":"UTC"})").status, 201);
    ASSERT_EQ(server.call(a, "PATCH", "/api/v1/members/" + admin.user_id, R"({"role":"viewer"})").status, 200);
    EXPECT_EQ(server.call(admin, "POST", "/api/v1/brands", R"({"name":"N","time_zone":"UTC"})").status, 403);
    EXPECT_EQ(server.call(admin_token, "POST", "/api/v1/brands", R"({"name":"N","time_zone":"UTC"})").status, 403);
    ASSERT_EQ(server.call(a, "DELETE", "/api/v1/members/" + admin.user_id).status, 204);
    EXPECT_EQ(server.call(admin, "GET", "/api/v1/brands").status, 401);
    EXPECT_EQ(server.call(admin_token, "GET", "/api/v1/brands").status, 401);
}

TEST_P(Tenancy, AMemberMayLeaveOnTheirOwn) {
    auto viewer = server.add_member(a, "viewer");
    EXPECT_EQ(server.call(viewer, "DELETE", "/api/v1/members/" + viewer.user_id).status, 204);
    EXPECT_EQ(server.call(a, "GET", "/api/v1/members/" + viewer.user_id).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, Tenancy, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
