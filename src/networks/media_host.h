#pragma once
// Some networks do not take uploads: they download the media from an address they are given
// (Threads, Instagram, and Pinterest or Facebook when asked to). A MediaHost makes one
// attachment reachable from the internet for a while and says where; the application's
// (media/shared_links) serves it under the server's public address.
#include <optional>
#include <string>

#include "networks/connector.h"

namespace chorus::networks {

class MediaHost {
public:
    virtual ~MediaHost() = default;
    // An address the network can download the bytes from until it is done with them, or
    // nullopt when they could not be put up (the reason is logged by the host).
    virtual std::optional<std::string> share(const MediaUpload& media) = 0;
};

}  // namespace chorus::networks
