#include "shared_media_server.h"

#include "core/clock.h"
#include "core/id.h"

namespace chorus::testing {

SharedMediaServer::SharedMediaServer() : directory_(std::filesystem::temp_directory_path() / ("chorus-shared-" + random_secret(8))) {
    router_.add("GET", "/shared-media/{name}", [this](http::Request& request) {
        auto file = links_->open(request.param("name"), now_millis());
        if (!file) return http::Response::json(404, R"({"error":"not_found"})");
        http::Response response;
        response.content_type = file->mime;
        response.body = std::move(file->bytes);
        return response;
    });
    server_ = std::make_unique<fakes::LoopbackServer>(router_);
    links_ = std::make_unique<media::SharedLinks>(directory_.string(), server_->base_url());
}

SharedMediaServer::~SharedMediaServer() {
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

}  // namespace chorus::testing
