#include "oauth_approval.h"

#include <gtest/gtest.h>

#include <boost/url.hpp>

#include <map>
#include <stdexcept>

#include <boost/json.hpp>

#include "core/digest.h"
#include "core/id.h"
#include "networks/json_fields.h"

namespace chorus::testing {

networks::Outcome<std::vector<networks::Connection>> approve_and_exchange_all(networks::OAuthFlow& flow, networks::HttpClient& http,
                                                                              const networks::OAuthClient& client, const std::string& server,
                                                                              const std::string& verifier, const std::string& verifier_sent) {
    networks::OAuthRequest request{server, test_redirect_uri, "state-" + random_secret(8), sha256_base64url(verifier)};
    networks::HttpRequest visit;
    visit.url = flow.authorization_url(client, request);
    auto answer = std::get<networks::HttpResponse>(http.send(visit));
    if (answer.status != 302) throw std::runtime_error("authorize: " + answer.body);
    boost::urls::url location(answer.header("location").value_or(""));
    std::string code, state;
    for (auto param : location.params()) {
        if (param.key == "code") code = param.value;
        if (param.key == "state") state = param.value;
    }
    EXPECT_EQ(state, request.state);
    return flow.exchange_code(client, request, code, verifier_sent);
}

networks::Outcome<networks::Connection> approve_and_exchange(networks::OAuthFlow& flow, networks::HttpClient& http,
                                                             const networks::OAuthClient& client, const std::string& server,
                                                             const std::string& verifier, const std::string& verifier_sent) {
    auto all = approve_and_exchange_all(flow, http, client, server, verifier, verifier_sent);
    if (!all.ok()) return {all.failure(), all.budgets};
    EXPECT_EQ(all.get().size(), 1u);
    if (all.get().empty()) throw std::runtime_error("the login reached no account");
    return {all.get().front(), all.budgets};
}

networks::Outcome<networks::Connection> connect_by_oauth(networks::Connector& connector, networks::HttpClient& http,
                                                         const std::string& verifier, const std::string& verifier_sent) {
    auto* oauth = connector.oauth();
    return approve_and_exchange(*oauth, http, *oauth->configured_client(), oauth->own_server(), verifier, verifier_sent);
}

networks::Account account_from(const networks::Outcome<networks::Connection>& connected, std::string channel_id, std::string network) {
    if (!connected.ok()) throw std::runtime_error("connect: " + connected.failure().message);
    return networks::Account{std::move(channel_id), std::move(network), connected.get().handle, connected.get().credentials};
}

networks::Account renew_expecting_rotation(networks::Connector& connector, const networks::Account& account) {
    auto renewed = connector.refresh(account);
    if (!renewed.ok()) throw std::runtime_error("refresh: " + renewed.failure().message);
    const auto refresh_token = [](const std::string& credentials) {
        return networks::string_at(networks::parse_json(credentials), "refresh_token");
    };
    EXPECT_NE(refresh_token(renewed.get().credentials), refresh_token(account.credentials)) << "a renewal answers a new refresh token";
    // The spent one is refused: this is why the token keeper renews once for every node.
    auto again = connector.refresh(account);
    EXPECT_FALSE(again.ok());
    if (!again.ok()) {
        EXPECT_EQ(again.failure().kind, networks::FailureClass::auth);
    }
    auto next = account;
    next.credentials = renewed.get().credentials;
    return next;
}

std::map<std::string, std::string> approve_through_api(TestServer& server, const Caller& caller, networks::HttpClient& http,
                                                       const std::string& network, const std::string& brand_id) {
    auto started = server.call(caller, "POST", "/api/v1/channels/connect/" + network,
                               boost::json::serialize(boost::json::object{{"brand_id", brand_id}}));
    EXPECT_EQ(started.status, 200) << started.body;
    if (started.status != 200) return {};
    networks::HttpRequest visit;
    visit.url = std::string(started.json().at("authorization_url").as_string());
    auto approved = std::get<networks::HttpResponse>(http.send(visit));
    EXPECT_EQ(approved.status, 302) << approved.body;
    boost::urls::url back(approved.header("location").value_or(""));
    EXPECT_EQ(back.path(), "/api/v1/oauth/callback");
    auto answer = server.call(caller, "GET", "/api/v1/oauth/callback?" + std::string(back.encoded_query()));
    boost::urls::url location(answer.header("location"));
    std::map<std::string, std::string> params;
    for (auto param : location.params()) params[param.key] = param.value;
    return params;
}

std::string connect_through_api(TestServer& server, const Caller& caller, networks::HttpClient& http, const std::string& network,
                                const std::string& brand_id) {
    auto params = approve_through_api(server, caller, http, network, brand_id);
    EXPECT_TRUE(params.count("connected")) << params["connect_error"] << ": " << params["message"];
    return params["connected"];
}

}  // namespace chorus::testing
