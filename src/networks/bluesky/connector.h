#pragma once
// The Bluesky connector: app-password sessions, posts as app.bsky.feed.post records whose
// record keys come from the idempotency key (networks/bluesky/tid.h), images and video as
// blobs, link cards, quotes and threads. Options a target may carry (networks/options.cc):
//   langs     up to 3 language tags ("en", "pt-BR")
//   quote     the post to quote: an at:// URI or a bsky.app post address
//   link_card false to post a link without its preview card (default: a card for the
//             first link when the post has no media and no quote)
#include <chrono>
#include <memory>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/page_fetch.h"

namespace chorus::networks {

struct BlueskyOptions {
    std::string default_service = "https://bsky.social";  // where accounts log in when no server is given
    std::string plc_url = "https://plc.directory";
    std::string web_url = "https://bsky.app";  // permalinks
    std::chrono::milliseconds timeout{30'000};
    PageFetchOptions link_pages;  // reading a linked page for its card
};

std::shared_ptr<Connector> make_bluesky_connector(HttpClient& http, BlueskyOptions options);

}  // namespace chorus::networks
