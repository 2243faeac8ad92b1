// Connecting channels by OAuth: the start (JSON, for the web app and scripts) and the
// callback the network sends the user's browser back to (a redirect into the web app).
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
        const auto code = request.query_param("error") ? std::string() : request.query_param("code").value_or("");
        auto connected = oauth.finish(caller, request.query_param("state").value_or(""), code);
        boost::urls::url location("/channels");
        if (connected) {
            location.params().append({"connected", connected->channel.id});
        } else {
            location.params().append({"connect_error", connected.error().code});
            location.params().append({"message", connected.error().message});
        }
        return redirect_to(std::string(location.buffer()));
    }));
}

}  // namespace chorus::http::api
