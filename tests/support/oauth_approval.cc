#include "oauth_approval.h"

#include <gtest/gtest.h>

#include <boost/url.hpp>

#include <stdexcept>

#include "core/digest.h"
#include "core/id.h"

namespace chorus::testing {

networks::Outcome<networks::Connection> approve_and_exchange(networks::OAuthFlow& flow, networks::HttpClient& http,
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

}  // namespace chorus::testing
