#pragma once
// A fake network's HTTP server: a free port on 127.0.0.1, one handler thread (the fakes
// answer on the I/O thread or under one lock), and a short drain so tests end quickly.
#include <cstdint>
#include <memory>
#include <string>

#include "http/router.h"
#include "http/server.h"

namespace chorus::fakes {

class LoopbackServer {
public:
    // Starts serving at once: add the router's routes first.
    explicit LoopbackServer(http::Router& router, int io_threads = 1);
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::unique_ptr<http::Server> server_;
    std::uint16_t port_ = 0;
};

}  // namespace chorus::fakes
