// Organisations, members, brands and channels behave as the API reference says.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class Resources : public ::testing::TestWithParam<store::Backend> {
protected:
    TestServer server{GetParam()};
    Caller owner = server.new_owner("Acme");
};

TEST_P(Resources, BrandsCanBeCreatedReadChangedAndDeleted) {
    auto created = server.call(owner, "POST", "/api/v1/brands",
                               R"({"name":"  Café Luna ","time_zone":"Europe/Berlin","colour":"#1D9BF0","avatar_url":"https://cdn.example.com/luna.png"})");
    ASSERT_EQ(created.status, 201) << created.body;
    auto brand = created.json().as_object();
    const std::string id(brand.at("id").as_string());
    EXPECT_EQ(id.rfind("brand_", 0), 0u);
    EXPECT_EQ(brand.at("name"), "Café Luna");
    EXPECT_EQ(brand.at("colour"), "#1d9bf0");
    EXPECT_EQ(brand.at("time_zone"), "Europe/Berlin");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/brands/" + id).json(), created.json());

    auto patched = server.call(owner, "PATCH", "/api/v1/brands/" + id, R"({"time_zone":"America/New_York","avatar_url":null})");
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json().at("name"), "Café Luna") << "absent fields stay as they were";
    EXPECT_EQ(patched.json().at("time_zone"), "America/New_York");
    EXPECT_TRUE(patched.json().at("avatar_url").is_null());

    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/brands/" + id).status, 204);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/brands/" + id).status, 404);
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/brands/" + id).status, 404);
}

TEST_P(Resources, ListsArePagedByCursorWithoutGapsOrRepeats) {
    std::set<std::string> created;
    for (int i = 0; i < 7; ++i) {
        auto response = server.call(owner, "POST", "/api/v1/brands",
                                    json::serialize(json::object{{"name", "Brand " + std::to_string(i)}, {"time_zone", "UTC"}}));
        created.insert(std::string(response.json().at("id").as_string()));
    }
    std::set<std::string> seen;
    std::string cursor;
    int pages = 0;
    for (;;) {
        auto page = server.call(owner, "GET", "/api/v1/brands?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
        ASSERT_EQ(page.status, 200);
        ++pages;
        const auto body = page.json();
        for (const auto& item : body.at("items").as_array()) {
            auto [_, fresh] = seen.insert(std::string(item.at("id").as_string()));
            EXPECT_TRUE(fresh);
        }
        const auto& next = body.at("next_cursor");
        if (next.is_null()) break;
        cursor = std::string(next.as_string());
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen, created);
}

TEST_P(Resources, ChannelsBelongToABrandAndCanBeFilteredByIt) {
    auto brand_one = std::string(server.call(owner, "POST", "/api/v1/brands", R"({"name":"One","time_zone":"UTC"})").json().at("id").as_string());
    auto brand_two = std::string(server.call(owner, "POST", "/api/v1/brands", R"({"name":"Two","time_zone":"UTC"})").json().at("id").as_string());
    auto make = [&](const std::string& brand, const std::string& network) {
        return server.call(owner, "POST", "/api/v1/channels",
                           json::serialize(json::object{{"brand_id", brand}, {"network", network}, {"display_name", "Acme " + network}, {"handle", "@acme"}}));
    };
    auto first = make(brand_one, "mastodon");
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.json().at("status"), "disconnected");
    ASSERT_EQ(make(brand_two, "x").status, 201);
    auto bad = make(brand_two, "myspace");
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(bad.json().at("error").at("field"), "network");

    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels").json().at("items").as_array().size(), 2u);
    auto filtered = server.call(owner, "GET", "/api/v1/channels?brand_id=" + brand_one);
    ASSERT_EQ(filtered.json().at("items").as_array().size(), 1u);
    EXPECT_EQ(filtered.json().at("items").as_array()[0].at("network"), "mastodon");

    const std::string id(first.json().at("id").as_string());
    auto moved = server.call(owner, "PATCH", "/api/v1/channels/" + id,
                             json::serialize(json::object{{"brand_id", brand_two}, {"status", "needs_reconnect"}}));
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.json().at("brand_id"), brand_two);
    EXPECT_EQ(moved.json().at("status"), "needs_reconnect");
    EXPECT_EQ(server.call(owner, "PATCH", "/api/v1/channels/" + id, R"({"status":"great"})").status, 422);

    // Deleting a brand deletes its channels.
    ASSERT_EQ(server.call(owner, "DELETE", "/api/v1/brands/" + brand_two).status, 204);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels/" + id).status, 404);
}

TEST_P(Resources, MembersCanBeListedChangedAndRemoved) {
    auto added = server.add_member(owner, "editor");
    auto listed = server.call(owner, "GET", "/api/v1/members");
    ASSERT_EQ(listed.json().at("items").as_array().size(), 2u);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/members/" + added.user_id).json().at("role"), "editor");
    EXPECT_EQ(server.call(owner, "PATCH", "/api/v1/members/" + added.user_id, R"({"role":"admin"})").json().at("role"), "admin");
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/members/" + added.user_id).status, 204);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/members").json().at("items").as_array().size(), 1u);
}

TEST_P(Resources, OwnersCanCreateRenameAndDeleteOrganisations) {
    auto created = server.call(owner, "POST", "/api/v1/orgs", R"({"name":"Side project"})");
    ASSERT_EQ(created.status, 201);
    const std::string id(created.json().at("id").as_string());
    EXPECT_EQ(server.call(owner, "PATCH", "/api/v1/orgs/" + id, R"({"name":"Main project"})").json().at("name"), "Main project");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/orgs").json().at("items").as_array().size(), 2u);
    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/orgs/" + id).status, 204);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/orgs/" + id).status, 404);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/orgs").json().at("items").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Resources, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
