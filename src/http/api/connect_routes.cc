// Connecting channels by OAuth: the start (JSON, for the web app and scripts), the callback
// the network sends the user's browser back to (a redirect into the web app), and choosing
// among the accounts a login reaches (a Facebook user's Pages).
#include <boost/json.hpp>
#include <boost/url.hpp>

#include "http/api/routes.h"
#include "http/api/support.h"

namespace chorus::http::api {
namespace {

Response redirect_to(const std::string& location) {
    Response response;
    response.status = 302;
    response.headers.emplace_back("Location", location);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

}  // namespace

void add_connect_routes(Router& router, ApiContext& context) {
    auto& oauth = context.oauth;
    router.add("POST", "/api/v1/channels/connect/{network}", authed(context, [&oauth](Request& request, const accounts::Principal& caller)
                                                                        -> Result<Response> {
        const auto body = TRY(json_body(request));
        channels::OAuthStart input;
        input.network = request.param("network");
        input.brand_id = TRY(optional_string(body, "brand_id")).value_or("");
        input.server = TRY(optional_string(body, "instance")).value_or("");
        auto started = TRY(oauth.start(caller, input));
        return json_response(200, json::object{{"authorization_url", started.authorization_url},
                                               {"expires_at", time_json(started.expires_at)}});
    }));
    // The browser arrives here from the network; the outcome goes back to the web app's
    // channels screen, which shows the new channel or the reason.
    router.add("GET", "/api/v1/oauth/callback", authed(context, [&oauth](Request& request, const accounts::Principal& caller)
                                                           -> Result<Response> {
        const auto state = request.query_param("state").value_or("");
        const auto error = request.query_param("error");
        auto connected = error ? oauth.refused(caller, state, *error, request.query_param("error_description").value_or(""))
                               : oauth.finish(caller, state, request.query_param("code").value_or(""));
        boost::urls::url location("/channels");
        if (connected && connected->connected) {
            location.params().append({"connected", connected->connected->channel.id});
        } else if (connected) {
            location.params().append({"choose", connected->selection_id});
        } else {
            location.params().append({"connect_error", connected.error().code});
            location.params().append({"message", connected.error().message});
        }
        return redirect_to(std::string(location.buffer()));
    }));
    router.add("GET", "/api/v1/oauth/selections/{id}", authed(context, [&oauth](Request& request, const accounts::Principal& caller)
                                                                   -> Result<Response> {
        const auto selection = TRY(oauth.selection(caller, request.param("id")));
        json::array accounts;
        for (const auto& account : selection.accounts)
            accounts.push_back(json::object{{"remote_account_id", account.remote_account_id},
                                            {"handle", account.handle},
                                            {"display_name", account.display_name},
                                            {"kind", account.kind},
                                            {"channel_id", account.channel_id ? json::value(*account.channel_id) : json::value(nullptr)}});
        return json_response(200, json::object{{"network", selection.network},
                                               {"brand_id", selection.brand_id},
                                               {"expires_at", time_json(selection.expires_at)},
                                               {"accounts", std::move(accounts)}});
    }));
    router.add("POST", "/api/v1/oauth/selections/{id}", authed(context, [&oauth](Request& request, const accounts::Principal& caller)
                                                                    -> Result<Response> {
        const auto body = TRY(json_body(request));
        const auto chosen = TRY(optional_string_array(body, "accounts")).value_or(std::vector<std::string>{});
        const auto connected = TRY(oauth.choose(caller, request.param("id"), chosen));
        json::array channels;
        for (const auto& one : connected) channels.push_back(channel_json(one.channel));
        return json_response(201, json::object{{"channels", std::move(channels)}});
    }));
}

}  // namespace chorus::http::api
