#pragma once
// The server's public side, as far as a network that downloads media sees it (Threads,
// Facebook videos, Instagram): the shared-media route over a SharedLinks directory of its own.
#include <filesystem>
#include <memory>

#include "http/router.h"
#include "loopback_server.h"
#include "media/shared_links.h"

namespace chorus::testing {

class SharedMediaServer {
public:
    SharedMediaServer();
    ~SharedMediaServer();
    media::SharedLinks& links() { return *links_; }

private:
    std::filesystem::path directory_;
    http::Router router_;
    std::unique_ptr<media::SharedLinks> links_;
    std::unique_ptr<fakes::LoopbackServer> server_;
};

}  // namespace chorus::testing
