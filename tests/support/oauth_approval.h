#pragma once
// The user's side of an OAuth authorization, for connector tests: the browser visits the
// authorization address, the network's fake approves at once and redirects with a code
// and our state, and the callback exchanges the code with the verifier it was given.
#include <map>
#include <string>
#include <vector>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "test_server.h"

namespace chorus::testing {

inline constexpr const char* test_redirect_uri = "http://127.0.0.1:8080/api/v1/oauth/callback";

// Every account the login reaches (a Facebook login: its Pages).
networks::Outcome<std::vector<networks::Connection>> approve_and_exchange_all(networks::OAuthFlow& flow, networks::HttpClient& http,
                                                                              const networks::OAuthClient& client, const std::string& server,
                                                                              const std::string& verifier, const std::string& verifier_sent);
// The one account of a network whose login is one account (expects exactly one).
networks::Outcome<networks::Connection> approve_and_exchange(networks::OAuthFlow& flow, networks::HttpClient& http,
                                                             const networks::OAuthClient& client, const std::string& server,
                                                             const std::string& verifier, const std::string& verifier_sent);

// The one account of a network whose app the self-hoster registered (X, Threads, Pinterest,
// TikTok, …): the connector's own client and authorization server.
networks::Outcome<networks::Connection> connect_by_oauth(networks::Connector& connector, networks::HttpClient& http,
                                                         const std::string& verifier = "", const std::string& verifier_sent = "");

// The account a connected channel publishes for; throws with the network's reason when the
// connection failed.
networks::Account account_from(const networks::Outcome<networks::Connection>& connected, std::string channel_id, std::string network);

// For networks that rotate refresh tokens (X, Pinterest, TikTok): renews the account's
// token, expects a new refresh token and the spent one refused (an auth failure), and
// answers the renewed account.
networks::Account renew_expecting_rotation(networks::Connector& connector, const networks::Account& account);

// The same through Chorus' API, as the web app does it: POST /api/v1/channels/connect/<network>,
// the browser's visit to the network, and the callback; the parameters of the web app
// address the callback redirects to (connected=…, choose=…, or connect_error=… and message=…).
std::map<std::string, std::string> approve_through_api(TestServer& server, const Caller& caller, networks::HttpClient& http,
                                                       const std::string& network, const std::string& brand_id);

// The same through Chorus' API, as the web app does it: POST /api/v1/channels/connect/<network>,
// the browser's visit to the network, and the callback. The connected channel's id ("" and
// a test failure when it did not connect).
std::string connect_through_api(TestServer& server, const Caller& caller, networks::HttpClient& http, const std::string& network,
                                const std::string& brand_id);

}  // namespace chorus::testing
