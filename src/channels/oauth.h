#pragma once
// Connecting accounts by OAuth 2 (authorization code + PKCE): start() registers Chorus
// with the server when the network wants that (once per Mastodon instance, remembered),
// keeps a pending authorisation under a one-time state and returns the address the user
// must visit; finish() is the callback: it checks the state belongs to the same user, is
// fresh and unused, exchanges the code and saves the channel through Connections. A login
// that reaches several accounts (a Facebook user's Pages) is kept, sealed, as a selection
// the user chooses from; choose() saves the chosen ones together.
#include <optional>
#include <string>
#include <vector>

#include "channels/connections.h"

namespace chorus::channels {

struct OAuthStart {
    std::string brand_id;
    std::string network;
    std::string server;  // the instance, e.g. https://mastodon.social
};

struct AuthorizationStarted {
    std::string authorization_url;
    Millis expires_at = 0;
};

// What the callback came to: the login's one account, saved; or a selection to choose from.
struct OAuthFinished {
    std::optional<Connected> connected;
    std::string selection_id;
};

// An account a login reaches, as the user sees it before choosing (no credentials).
struct Candidate {
    std::string remote_account_id;
    std::string handle;
    std::string display_name;
    std::string kind;
    std::optional<std::string> channel_id;  // already a channel of the brand: choosing reconnects it
};

struct Selection {
    std::string network;
    std::string brand_id;
    std::vector<Candidate> accounts;
    Millis expires_at = 0;
};

class OAuthConnections {
public:
    // redirect_uri: where the network sends the user back (<public URL>/api/v1/oauth/callback).
    OAuthConnections(store::Store& store, Connections& connections, const networks::ConnectorRegistry& connectors,
                     const SecretBox& secrets, std::string redirect_uri)
        : store_(store), connections_(connections), connectors_(connectors), secrets_(secrets), redirect_uri_(std::move(redirect_uri)) {}

    Result<AuthorizationStarted> start(const accounts::Principal& caller, const OAuthStart& input);
    Result<OAuthFinished> finish(const accounts::Principal& caller, const std::string& state, const std::string& code);
    // The callback without a code: the network's own error and description (RFC 6749 4.1.2.1)
    // are the reason the user sees, unless they simply declined.
    Result<OAuthFinished> refused(const accounts::Principal& caller, const std::string& state, const std::string& error,
                                  const std::string& description);

    Result<Selection> selection(const accounts::Principal& caller, const std::string& selection_id);
    // Saves the chosen accounts (by remote account id) as channels in one transaction; the
    // selection is used up.
    Result<std::vector<Connected>> choose(const accounts::Principal& caller, const std::string& selection_id,
                                          const std::vector<std::string>& remote_account_ids);

    const std::string& redirect_uri() const { return redirect_uri_; }

private:
    struct Pending {
        std::string brand_id, network, server, redirect_uri, sealed_verifier;
    };
    // The authorisation this state started, taken so that it works once.
    Result<Pending> take_pending(const accounts::Principal& caller, const std::string& state);
    Result<std::string> keep_selection(const accounts::Principal& caller, const std::string& brand_id, const std::string& network,
                                       const std::vector<networks::Connection>& accounts);
    Result<networks::OAuthClient> client_for(networks::OAuthFlow& flow, const std::string& network, const std::string& server);

    store::Store& store_;
    Connections& connections_;
    const networks::ConnectorRegistry& connectors_;
    const SecretBox& secrets_;
    std::string redirect_uri_;
};

// "https://Example.social/" → "https://example.social"; an error naming `field` otherwise.
Result<std::string> normalise_server(const std::string& address, const std::string& field);

}  // namespace chorus::channels
