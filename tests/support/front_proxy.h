#pragma once
// The public address in front of Chorus, as networks that download media see it: passes
// /shared-media/ through to the server (whose port is known only once it runs).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/router.h"
#include "loopback_server.h"
#include "networks/http_client.h"

namespace chorus::testing {

class FrontProxy {
public:
    explicit FrontProxy(std::function<std::uint16_t()> upstream_port);
    std::string base_url() const { return server_->base_url(); }

private:
    std::function<std::uint16_t()> upstream_port_;
    networks::HttpClient http_;
    http::Router router_;
    std::unique_ptr<fakes::LoopbackServer> server_;
};

}  // namespace chorus::testing
