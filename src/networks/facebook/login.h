#pragma once
// Facebook Login, which the Facebook Pages and Instagram connectors share (an Instagram
// professional account is reached through the Facebook Page it is linked to). The code
// flow of a confidential client (no PKCE), at www.facebook.com/<version>/dialog/oauth; the
// code buys a short-lived user token, exchanged at once for a long-lived one
// (fb_exchange_token), and /me/accounts then lists the Pages the user manages, each with
// its own Page token. A Page token obtained from a long-lived user token does not expire:
// it stops working when the user loses the Page or removes the app (error 190), and then
// only connecting again helps.
#include <chrono>
#include <string>

#include <boost/json/array.hpp>

#include "networks/connector.h"
#include "networks/meta_graph.h"
#include "networks/oauth2.h"

namespace chorus::networks {

class FacebookLogin {
public:
    // graph: the versioned Graph API (https://graph.facebook.com/v24.0); authorize_url: the
    // dialog's address, empty for Facebook's own with that version.
    FacebookLogin(GraphClient& graph, NetworkApp app, std::string api_version, std::string scopes)
        : graph_(graph), app_(std::move(app)), api_version_(std::move(api_version)), scopes_(std::move(scopes)) {}

    OAuthClient client() const { return {app_.client_id, app_.client_secret}; }
    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const;

    // The code exchanged for a long-lived user token.
    Outcome<std::string> user_token(const OAuthClient& client, const OAuthRequest& request, const std::string& code);

    // Every Page the user manages (all pages of the listing), with `fields`.
    Outcome<boost::json::array> pages(const std::string& user_token, const std::string& fields);

private:
    GraphClient& graph_;
    NetworkApp app_;
    std::string api_version_;
    std::string scopes_;
};

// The OAuthFlow of a connector that connects through Facebook Login (Facebook Pages,
// Instagram): the app is the self-hoster's, the authorization server Facebook's; what the
// login reaches is the connector's own (exchange_code).
class FacebookLoginFlow : public OAuthFlow {
public:
    // network: the connector's, for the usage budgets ("facebook", "instagram").
    FacebookLoginFlow(HttpClient& http, const NetworkApp& app, const std::string& api_version, const std::string& scopes,
                      const std::string& network, std::chrono::milliseconds timeout)
        : api_url_(app.api_url.empty() ? std::string("https://graph.facebook.com") : app.api_url),
          graph_(http, api_url_ + "/" + api_version, network, timeout),
          login_(graph_, app, api_version, scopes) {}

    std::string own_server() const override { return api_url_; }
    std::optional<OAuthClient> configured_client() const override { return login_.client(); }
    Outcome<OAuthClient> register_client(const std::string&, const std::string&) override { return {login_.client(), {}}; }
    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        return login_.authorization_url(client, request);
    }

protected:
    const std::string api_url_;  // https://graph.facebook.com, or the test double's
    GraphClient graph_;          // the versioned Graph API
    FacebookLogin login_;
};

// Whether the user may publish on the Page: Meta lists the user's tasks on it, and
// publishing needs CREATE_CONTENT. A listing without tasks is taken at its word.
bool may_publish_on(const boost::json::value& page);

}  // namespace chorus::networks
