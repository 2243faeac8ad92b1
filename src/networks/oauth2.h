#pragma once
// The parts of OAuth 2 (RFC 6749, PKCE RFC 7636) that every network speaks the same way:
// the authorization address, token requests with the client's credentials, reading a
// token answer and classifying a refusal. Connectors add their own endpoints and scopes.
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/http_forms.h"

namespace chorus::networks {

// An app the self-hoster registered in a network's developer portal (X, Meta, LinkedIn, …).
// The addresses are for tests and proxies; empty means the network's own.
struct NetworkApp {
    std::string client_id;
    std::string client_secret;
    std::string api_url;
    std::string authorize_url;
    std::string scopes = {};  // empty: the connector's own list (what a basic app may ask for)
};

// A token endpoint's answer (RFC 6749 §5.1).
struct TokenGrant {
    std::string access_token;
    std::string refresh_token;  // empty when the network issued none
    std::optional<Millis> expires_at;
    std::string scope;
};

// How the client proves itself at the token endpoint: HTTP Basic (RFC 6749 §2.3.1, what X
// wants from confidential clients), client_id/client_secret among the form fields, or the
// same under TikTok's name for the client id (client_key).
enum class ClientAuth { basic, form, form_client_key };

// PKCE where the network documents it (X, Mastodon); Meta's login documents none.
enum class Pkce { s256, none };

// base?response_type=code&client_id…&redirect_uri…&scope…&state…[&code_challenge…&code_challenge_method=S256]
std::string authorization_url(const std::string& base, const OAuthClient& client, const OAuthRequest& request, const std::string& scope,
                              Pkce pkce = Pkce::s256);

// POSTs the form to the token endpoint and reads the grant. A refusal of the grant or of
// the client (invalid_grant, invalid_client, unauthorized_client, or a 400/401 naming no
// error) is an auth failure: only the user can fix it by connecting again. 5xx and
// transport failures stay transient, so a refresh is retried rather than given up.
Outcome<TokenGrant> request_token(HttpClient& http, const std::string& token_url, FormFields fields, const OAuthClient& client,
                                  ClientAuth auth, std::chrono::milliseconds timeout);

// The authorization_code grant (RFC 6749 §4.1.3), with the PKCE verifier when there is one.
Outcome<TokenGrant> redeem_code(HttpClient& http, const std::string& token_url, const std::string& code, const std::string& redirect_uri,
                                const std::string& code_verifier, const OAuthClient& client, ClientAuth auth,
                                std::chrono::milliseconds timeout);

// The refresh_token grant (RFC 6749 §6) for credentials with access_token and
// refresh_token members and serialize(). Networks that rotate refresh tokens (X) send a new
// one; an answer without one leaves the one held standing.
template <class Credentials>
Outcome<Refreshed> renew_with_refresh_token(HttpClient& http, const std::string& token_url, Credentials& credentials,
                                            const OAuthClient& client, ClientAuth auth, std::chrono::milliseconds timeout) {
    auto granted = request_token(http, token_url, {{"grant_type", "refresh_token"}, {"refresh_token", credentials.refresh_token}}, client,
                                 auth, timeout);
    if (!granted.ok()) return {granted.failure(), {}};
    credentials.access_token = granted.get().access_token;
    if (!granted.get().refresh_token.empty()) credentials.refresh_token = granted.get().refresh_token;
    return {Refreshed{credentials.serialize(), granted.get().expires_at}, {}};
}

// The OAuth side of a network whose app the self-hoster registered once (X, LinkedIn,
// YouTube, Pinterest): every login uses that app, and it is never stored.
class RegisteredAppFlow : public OAuthFlow {
public:
    std::string own_server() const override { return app().api_url; }
    std::optional<OAuthClient> configured_client() const override { return client(); }
    Outcome<OAuthClient> register_client(const std::string&, const std::string&) override { return {client(), {}}; }

protected:
    virtual const NetworkApp& app() const = 0;
    OAuthClient client() const { return {app().client_id, app().client_secret}; }
};

// The scopes of a grant or a request: RFC 6749 separates them by spaces, LinkedIn (and Meta)
// by commas; either is read.
std::set<std::string> scope_set(std::string_view scope);

}  // namespace chorus::networks
