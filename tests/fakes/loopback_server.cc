#include "loopback_server.h"

namespace chorus::fakes {

LoopbackServer::LoopbackServer(http::Router& router, int io_threads) {
    http::ServerOptions options;
    options.port = 0;
    options.io_threads = io_threads;
    options.worker_threads = 1;
    options.drain_timeout = std::chrono::seconds(1);
    server_ = std::make_unique<http::Server>(options, router);
    port_ = server_->start();
}

LoopbackServer::~LoopbackServer() { server_->stop(); }

}  // namespace chorus::fakes
