#pragma once
// Attachments put up for networks that download media themselves (networks/media_host.h).
// Each share is a copy under <media>/shared named "<expiry>-<random>.<ext>": the random part
// (160 bits) makes the address unguessable, the expiry in the name makes it stop working on
// its own and lets sweep() delete it, and no table is needed, so any node sharing the media
// directory can serve it.
#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "networks/media_host.h"

namespace chorus::media {

struct SharedFile {
    std::string bytes;
    std::string mime;
};

class SharedLinks final : public networks::MediaHost {
public:
    // public_url: where the internet reaches this server; addresses are <public_url>/shared-media/<name>.
    SharedLinks(std::string directory, std::string public_url, std::chrono::seconds lifetime = std::chrono::hours(24))
        : directory_(std::move(directory)), public_url_(std::move(public_url)), lifetime_(lifetime) {}

    std::optional<std::string> share(const networks::MediaUpload& media) override;
    // The file behind a name from share(), while it has not expired.
    std::optional<SharedFile> open(const std::string& name, Millis now) const;
    // Deletes what has expired; returns how many files went.
    int sweep(Millis now) const;

    static constexpr std::string_view route_prefix = "/shared-media/";

private:
    std::string directory_;
    std::string public_url_;
    std::chrono::seconds lifetime_;
};

}  // namespace chorus::media
