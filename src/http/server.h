#pragma once
// The HTTP/1.1 server: Boost.Beast over Asio with one C++20 coroutine per connection,
// keep-alive, limits on header and body size, a timeout on every read and write, and a
// graceful stop that lets in-flight requests finish. Beast stays inside server.cc.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/router.h"

namespace chorus::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port
    std::size_t body_limit_bytes = 1 << 20;
    std::size_t header_limit_bytes = 16 << 10;
    std::chrono::seconds request_timeout{30};  // to receive one whole request (slow clients)
    std::chrono::seconds upload_timeout{600};  // the same, for routes with their own body limit
    std::chrono::seconds idle_timeout{75};     // keep-alive connection waiting for the next one
    std::chrono::seconds drain_timeout{10};    // how long stop() waits for in-flight requests
    int io_threads = 1;
    int worker_threads = 4;                    // run blocking handlers (store access)
    // Reverse proxies (their addresses) whose X-Forwarded-For names the client: sign-in
    // throttling and the access log then see the client, not the proxy. Nobody else's is read.
    std::vector<std::string> trusted_proxies;
};

// The client of a request that came from `peer`: the peer itself, or, when the peer is a
// trusted proxy, the rightmost address of X-Forwarded-For that is not one (proxies append).
std::string client_address(const std::string& peer, const std::optional<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

struct AccessRecord {
    std::string method;
    std::string path;
    int status = 0;
    std::size_t response_bytes = 0;
    double duration_ms = 0;
    std::string remote_address;
};

class Server {
public:
    Server(ServerOptions options, const Router& router, std::function<void(const AccessRecord&)> access_log = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts serving on background threads; returns the bound port. Throws
    // std::system_error when the address cannot be bound.
    std::uint16_t start();
    // Stops accepting, closes idle connections, waits up to drain_timeout for requests in
    // flight to be answered, then closes the rest. Safe to call more than once.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace chorus::http
