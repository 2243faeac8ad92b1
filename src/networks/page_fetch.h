#pragma once
// Reading the page a post links to, for the networks whose servers do not unfurl links
// (Bluesky, LinkedIn): its preview and the image it names. These are fetches on a user's
// behalf, so they reach public addresses only (networks/address_policy.h), stop at a size,
// and never touch the reserved test and documentation names (.example, .invalid, .test),
// which do not exist. A page that cannot be read gives no card, never a failed post.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "networks/http_client.h"
#include "networks/link_preview.h"

namespace chorus::networks {

struct PageFetchOptions {
    std::chrono::milliseconds timeout{10'000};
    std::size_t max_page_bytes = 2u << 20;  // the tags are in the <head>; nobody needs more
    bool allow_private_addresses = false;    // for tests, whose pages are served on loopback
};

struct FetchedImage {
    std::string bytes;
    std::string mime;  // from Content-Type, without parameters
};

class PageFetcher {
public:
    PageFetcher(HttpClient& http, PageFetchOptions options) : http_(http), options_(options) {}

    std::optional<LinkPreview> preview(const std::string& url) const;
    // The image at `url` when it is one (by its Content-Type) of at most max_bytes.
    std::optional<FetchedImage> image(const std::string& url, std::size_t max_bytes) const;

private:
    std::optional<HttpResponse> fetch(const std::string& url, std::size_t max_bytes) const;

    HttpClient& http_;
    PageFetchOptions options_;
};

}  // namespace chorus::networks
