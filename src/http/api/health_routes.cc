#include "http/api/routes.h"
#include "http/api/support.h"

#include <boost/json/serialize.hpp>

namespace chorus::http::api {

void add_health_routes(Router& router, ApiContext& context) {
    // Answered on the I/O thread: a load balancer's probe must not queue behind slow work.
    const std::string body = [&] {
        json::object health{{"status", "ok"}, {"store", std::string(store::to_string(context.store.backend()))},
                            {"version", context.version}};
        json::array networks;
        for (const auto& network : context.connectable_networks) networks.push_back(json::value(network));
        health["connectable_networks"] = std::move(networks);  // the web app offers these to connect
        return json::serialize(health);
    }();
    router.add("GET", "/api/v1/health", [body](Request&) { return Response::json(200, body); }, Execution::inline_on_io);
}

}  // namespace chorus::http::api
