#include "front_proxy.h"

namespace chorus::testing {

FrontProxy::FrontProxy(std::function<std::uint16_t()> upstream_port) : upstream_port_(std::move(upstream_port)) {
    router_.add("GET", "/shared-media/{name}", [this](http::Request& request) {
        networks::HttpRequest forward;
        forward.url = "http://127.0.0.1:" + std::to_string(upstream_port_()) + "/shared-media/" + request.param("name");
        auto result = http_.send(forward);
        const auto* answer = std::get_if<networks::HttpResponse>(&result);
        if (!answer) return http::Response::json(502, R"({"error":"upstream"})");
        http::Response response;
        response.status = answer->status;
        response.content_type = answer->header("content-type").value_or("application/octet-stream");
        response.body = answer->body;
        return response;
    });
    server_ = std::make_unique<fakes::LoopbackServer>(router_);
}

}  // namespace chorus::testing
