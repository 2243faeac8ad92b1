// Mastodon channels through the API against the contract fake: the OAuth start and
// callback (state bound to the user, used once), the app registered once per instance,
// reconnecting, the instance's own character limit applied when scheduling, and a post
// published by the engine.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <thread>

#include "fake_mastodon.h"
#include "networks/http_client.h"
#include "publishing_setup.h"
#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class MastodonChannels : public ::testing::TestWithParam<store::Backend> {
protected:
    fakes::FakeMastodon instance{[] {
        fakes::FakeMastodonOptions options;
        options.max_characters = 1000;
        return options;
    }()};
    TestServer server{GetParam(), [](app::ApplicationOptions& options) {
                          options.public_url = "http://127.0.0.1:9999";
                          options.engine.workers = 2;
                          options.engine.poll_interval = std::chrono::milliseconds(50);
                      }};
    Caller owner = server.new_owner("Mastodon");
    std::string brand_id = [this] {
        auto brand = server.call(owner, "POST", "/api/v1/brands", R"({"name":"Luna","time_zone":"Europe/Berlin"})");
        return std::string(brand.json().at("id").as_string());
    }();
    networks::HttpClient http;

    HttpResponse start(const Caller& caller, const std::string& instance_address) {
        return server.call(caller, "POST", "/api/v1/channels/connect/mastodon",
                           json::serialize(json::object{{"brand_id", brand_id}, {"instance", instance_address}}));
    }

    // The user's browser at the instance: it approves and is sent back with code and state.
    std::string approve(const std::string& authorization_url) {
        networks::HttpRequest visit;
        visit.url = authorization_url;
        auto answer = std::get<networks::HttpResponse>(http.send(visit));
        EXPECT_EQ(answer.status, 302) << answer.body;
        const auto header = answer.header("location").value_or("");
        boost::urls::url location(header);
        EXPECT_EQ(location.path(), "/api/v1/oauth/callback");
        return "/api/v1/oauth/callback?" + std::string(location.encoded_query());
    }

    // Where Chorus sends the browser after the callback, as query parameters.
    std::map<std::string, std::string> callback(const Caller& caller, const std::string& target) {
        auto answer = server.call(caller, "GET", target);
        EXPECT_EQ(answer.status, 302) << answer.body;
        std::map<std::string, std::string> params;
        const auto header = answer.header("location");
        boost::urls::url location(header);
        EXPECT_EQ(location.path(), "/channels");
        for (auto param : location.params()) params[param.key] = param.value;
        return params;
    }

    std::string connect() {
        auto started = start(owner, instance.base_url());
        EXPECT_EQ(started.status, 200) << started.body;
        auto result = callback(owner, approve(std::string(started.json().at("authorization_url").as_string())));
        EXPECT_TRUE(result.count("connected")) << result["connect_error"] << ": " << result["message"];
        return result["connected"];
    }
};

TEST_P(MastodonChannels, ConnectingByOAuthMakesAChannelAndTheAppIsRegisteredOncePerInstance) {
    const auto channel_id = connect();
    auto channel = server.call(owner, "GET", "/api/v1/channels/" + channel_id).json();
    EXPECT_EQ(channel.at("network"), "mastodon");
    EXPECT_EQ(channel.at("handle"), "@luna@127.0.0.1");
    EXPECT_EQ(channel.at("display_name"), "Café Luna");
    EXPECT_EQ(channel.at("status"), "connected");
    EXPECT_EQ(channel.at("health").at("connected"), json::value(true));

    // The authorisation address carries PKCE and the callback of this server.
    auto started = start(owner, instance.base_url());
    boost::urls::url address(std::string(started.json().at("authorization_url").as_string()));
    std::map<std::string, std::string> params;
    for (auto param : address.params()) params[param.key] = param.value;
    EXPECT_EQ(params["code_challenge_method"], "S256");
    EXPECT_EQ(params["redirect_uri"], "http://127.0.0.1:9999/api/v1/oauth/callback");
    EXPECT_EQ(params["scope"], "read write");
    // Connecting the same account again reconnects its channel, with the same app.
    EXPECT_EQ(callback(owner, approve(std::string(started.json().at("authorization_url").as_string())))["connected"], channel_id);
    EXPECT_EQ(instance.app_registrations(), 1);
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/channels?brand_id=" + brand_id).json().at("items").as_array().size(), 1u);
}

TEST_P(MastodonChannels, AStateWorksOnceAndOnlyForTheUserWhoStartedIt) {
    auto started = start(owner, instance.base_url());
    const auto back = approve(std::string(started.json().at("authorization_url").as_string()));
    auto colleague = server.add_member(owner, "admin");
    auto stolen = callback(colleague, back);
    EXPECT_EQ(stolen["connect_error"], "unknown_state");
    EXPECT_TRUE(callback(owner, back).count("connected"));
    EXPECT_EQ(callback(owner, back)["connect_error"], "unknown_state") << "a state is used once";

    auto declined = callback(owner, "/api/v1/oauth/callback?error=access_denied&state=nothing");
    EXPECT_EQ(declined["connect_error"], "unknown_state");

    auto bad_instance = start(owner, "ftp://example");
    ASSERT_EQ(bad_instance.status, 422);
    EXPECT_EQ(bad_instance.json().at("error").at("field"), "instance");
    auto unreachable = start(owner, "http://127.0.0.1:9");
    ASSERT_EQ(unreachable.status, 502) << unreachable.body;
    auto editor = server.add_member(owner, "editor");
    EXPECT_EQ(start(editor, instance.base_url()).status, 403);
    EXPECT_EQ(server.call(owner, "POST", "/api/v1/channels/connect/bluesky",
                          json::serialize(json::object{{"brand_id", brand_id}, {"instance", instance.base_url()}}))
                  .json()
                  .at("error")
                  .at("code"),
              "unknown_network");
}

TEST_P(MastodonChannels, TheInstancesOwnLimitDecidesAndThePostIsPublishedOnce) {
    server.app().engine().start();
    const auto channel_id = connect();
    auto make = [&](const std::string& text, const json::object& when) {
        json::object body{{"brand_id", brand_id},
                          {"text", text},
                          {"targets", json::array{json::object{{"channel_id", channel_id}, {"options", json::object{{"visibility", "unlisted"}}}}}}};
        for (const auto& [key, value] : when) body[key] = value;
        return server.call(owner, "POST", "/api/v1/posts", json::serialize(body));
    };
    // 800 characters: too long for a default instance, fine for this one (1000).
    auto too_long = make(std::string(1001, 'a'), json::object{{"scheduled_at", "2031-01-01T10:00"}});
    ASSERT_EQ(too_long.status, 422) << too_long.body;
    EXPECT_EQ(too_long.json().at("error").at("field"), "targets[0].text");
    auto created = make(std::string(800, 'a'), json::object{{"publish_now", true}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = settled_target(server, owner, std::string(created.json().at("id").as_string()));
    ASSERT_EQ(target.at("status"), "published") << json::serialize(target);
    auto statuses = instance.statuses();
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0].visibility, "unlisted");
    EXPECT_EQ(target.at("remote_id"), statuses[0].id);
    EXPECT_EQ(target.at("remote_url"), instance.base_url() + "/@luna/" + statuses[0].id);
}

TEST_P(MastodonChannels, TheComposerCheckOfAChannelUsesItsInstancesLimit) {
    const auto channel_id = connect();
    auto check = [&](std::size_t length) {
        auto answer = server.call(owner, "POST", "/api/v1/check",
                                  json::serialize(json::object{{"text", std::string(length, 'a')},
                                                               {"channel_ids", json::array{channel_id}},
                                                               {"networks", json::array{"mastodon"}}}));
        EXPECT_EQ(answer.status, 200) << answer.body;
        return answer.json().at("checks").as_array();
    };
    auto checks = check(800);
    ASSERT_EQ(checks.size(), 2u);
    EXPECT_FALSE(checks[0].at("valid").as_bool()) << "a network name alone gets the default 500";
    EXPECT_FALSE(checks[0].as_object().contains("channel_id"));
    EXPECT_EQ(checks[1].at("channel_id"), channel_id);
    EXPECT_EQ(checks[1].at("limit"), 1000);
    EXPECT_TRUE(checks[1].at("valid").as_bool());
    EXPECT_FALSE(check(1001)[1].at("valid").as_bool());

    auto stranger = server.new_owner("Elsewhere");
    auto foreign = server.call(stranger, "POST", "/api/v1/check",
                               json::serialize(json::object{{"text", "hi"}, {"channel_ids", json::array{channel_id}}}));
    ASSERT_EQ(foreign.status, 422) << foreign.body;
    EXPECT_EQ(foreign.json().at("error").at("field"), "channel_ids[0]");
}

TEST_P(MastodonChannels, ServersOnPrivateAddressesAreRefusedUnlessTheAdministratorAllowsThem) {
    // The fixture's server allows them (its fakes listen on loopback); a default one does not.
    TestServer guarded{GetParam(), [](app::ApplicationOptions& options) { options.allow_private_servers = false; }};
    auto admin = guarded.new_owner("Guarded");
    auto brand = guarded.call(admin, "POST", "/api/v1/brands", R"({"name":"Sol","time_zone":"UTC"})");
    const std::string guarded_brand(brand.json().at("id").as_string());

    auto mastodon = guarded.call(admin, "POST", "/api/v1/channels/connect/mastodon",
                                 json::serialize(json::object{{"brand_id", guarded_brand}, {"instance", instance.base_url()}}));
    ASSERT_EQ(mastodon.status, 422) << mastodon.body;
    EXPECT_EQ(mastodon.json().at("error").at("field"), "instance");
    EXPECT_EQ(mastodon.json().at("error").at("code"), "server_address_not_public");
    EXPECT_EQ(instance.app_registrations(), 0) << "nothing may reach the private address";

    // A Bluesky login naming a server on loopback (no server needs to listen: nothing is sent).
    auto bluesky = guarded.call(admin, "POST", "/api/v1/channels",
                                json::serialize(json::object{{"brand_id", guarded_brand},
                                                             {"network", "bluesky"},
                                                             {"identifier", "alice.test"},
                                                             {"app_password", "aaaa-bbbb-cccc-dddd"},
                                                             {"service", "http://127.0.0.1:9"}}));
    ASSERT_EQ(bluesky.status, 422) << bluesky.body;
    EXPECT_EQ(bluesky.json().at("error").at("field"), "service");
    EXPECT_EQ(bluesky.json().at("error").at("code"), "server_address_not_public");

    // The fixture's server, which allows private addresses, connects the same instance.
    EXPECT_FALSE(connect().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, MastodonChannels, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
