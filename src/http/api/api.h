#pragma once
// The JSON API under /api/v1: a thin layer that parses input, authenticates, calls the
// domain and maps results and Errors to the API's conventions (see docs/API.md).
#include <functional>
#include <string>
#include <vector>

#include "accounts/brands.h"
#include "accounts/identity.h"
#include "accounts/invitations.h"
#include "accounts/organisations.h"
#include "channels/connections.h"
#include "channels/destinations.h"
#include "channels/oauth.h"
#include "http/router.h"
#include "media/library.h"
#include "media/shared_links.h"
#include "networks/page_fetch.h"
#include "publishing/posts.h"
#include "publishing/queue.h"
#include "publishing/series.h"
#include "store/store.h"

namespace chorus::http::api {

struct ApiContext {
    store::Store& store;
    accounts::Identity& identity;
    accounts::Organisations& organisations;
    accounts::Invitations& invitations;
    accounts::Brands& brands;
    accounts::Channels& channels;
    channels::Connections& connections;
    channels::OAuthConnections& oauth;
    channels::ChannelDestinations& destinations;
    publishing::Posts& posts;
    publishing::Queues& queues;
    publishing::Series& series;
    media::MediaLibrary& media;
    const media::SharedLinks& shared_media;  // attachments put up for networks that download them
    std::function<void()> publishing_due_now;  // wakes the engine after "publish now"
    std::string version;
    bool secure_cookies = false;  // set when served over HTTPS (behind a proxy)
    std::vector<std::string> connectable_networks;  // networks with a connector on this server
    const networks::PageFetcher* link_pages = nullptr;  // reads linked pages for the composer's cards
    std::string public_url;  // where users reach this server: invitation links point there
};

void add_api_routes(Router& router, ApiContext& context);

}  // namespace chorus::http::api
