#pragma once
// The user's side of an OAuth authorization, for connector tests: the browser visits the
// authorization address, the network's fake approves at once and redirects with a code
// and our state, and the callback exchanges the code with the verifier it was given.
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "test_server.h"

namespace chorus::testing {

inline constexpr const char* test_redirect_uri = "http://127.0.0.1:8080/api/v1/oauth/callback";

networks::Outcome<networks::Connection> approve_and_exchange(networks::OAuthFlow& flow, networks::HttpClient& http,
                                                             const networks::OAuthClient& client, const std::string& server,
                                                             const std::string& verifier, const std::string& verifier_sent);

// The same through Chorus' API, as the web app does it: POST /api/v1/channels/connect/<network>,
// the browser's visit to the network, and the callback. The connected channel's id ("" and
// a test failure when it did not connect).
std::string connect_through_api(TestServer& server, const Caller& caller, networks::HttpClient& http, const std::string& network,
                                const std::string& brand_id);

}  // namespace chorus::testing
