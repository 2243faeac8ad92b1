#pragma once
// Wires the store, the domain services, the connectors, the publishing engine and the HTTP
// routes together. The only place that knows every module; tests build one too, to run the
// real server in-process.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/brands.h"
#include "accounts/identity.h"
#include "accounts/invitations.h"
#include "accounts/organisations.h"
#include "channels/connections.h"
#include "channels/oauth.h"
#include "channels/token_keeper.h"
#include "core/secret_box.h"
#include "http/api/api.h"
#include "http/router.h"
#include "http/server.h"
#include "media/library.h"
#include "media/shared_links.h"
#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/oauth2.h"
#include "networks/page_fetch.h"
#include "publishing/engine.h"
#include "publishing/posts.h"
#include "publishing/series.h"
#include "store/store.h"

namespace chorus::app {

struct ApplicationOptions {
    store::StoreOptions store;
    accounts::IdentityPolicy identity;
    bool secure_cookies = false;  // also when public_url is https

    // Keys sealing network credentials, oldest first (base64, 32 bytes each). Empty: a
    // key kept in <data>/secret.key, created on first start (one node only; a cluster
    // must share its keys through the config).
    std::vector<std::string> secret_keys;
    // The generic test network (tests, demos, benchmarks); channels of network "testnet"
    // are accepted only when it is set.
    std::optional<std::string> testnet_url;
    // Where Bluesky accounts log in when the user names no server, and where did:plc
    // identities are resolved to the account's own server.
    std::string bluesky_service = "https://bsky.social";
    std::string bluesky_plc_url = "https://plc.directory";
    // Servers that users name (a Mastodon instance, a Bluesky PDS, and the PDS a Bluesky
    // identity resolves to) are reached on public addresses only, so that connecting an
    // account cannot make Chorus call its own ports, the cloud's metadata service or the
    // office network. A self-hoster whose instance sits on a private network allows them.
    bool allow_private_servers = false;
    // The pages a post links to are read (for the composer's cards) on public addresses
    // only, whatever allow_private_servers says: any member may name such a page. Tests,
    // whose pages are on loopback, turn this on.
    bool allow_private_link_pages = false;
    // Where users reach this server: OAuth sends them back to <public_url>/api/v1/oauth/callback.
    std::string public_url = "http://127.0.0.1:8080";
    // Apps registered by the self-hoster at networks that connect by OAuth with one app
    // (X, Threads, …), by network name. A network without its app here cannot be connected.
    std::map<std::string, networks::NetworkApp> network_apps;
    std::chrono::milliseconds network_timeout{30'000};
    std::size_t max_upload_bytes = 512ull << 20;
    publishing::EngineOptions engine;
};

class Application {
public:
    // Opens the store and applies migrations.
    static Result<std::unique_ptr<Application>> open(const ApplicationOptions& options);
    ~Application();

    store::Store& store() { return *store_; }
    accounts::Identity& identity() { return identity_; }
    accounts::Organisations& organisations() { return organisations_; }
    publishing::Posts& posts() { return posts_; }
    publishing::Engine& engine() { return engine_; }
    channels::TokenKeeper& tokens() { return tokens_; }
    publishing::Series& series() { return series_; }
    media::MediaLibrary& media() { return media_; }
    const SecretBox& secrets() const { return secrets_; }
    http::Router& router() { return router_; }

private:
    Application(std::unique_ptr<store::Store> store, SecretBox secrets, const ApplicationOptions& options);

    std::unique_ptr<store::Store> store_;
    SecretBox secrets_;
    networks::HttpClient http_client_;
    networks::HttpClient user_servers_http_;  // public addresses only, unless allowed
    networks::PageFetcher link_pages_;        // the pages composer previews make cards of, on user_servers_http_
    networks::ConnectorRegistry connectors_;
    accounts::Identity identity_;
    accounts::Organisations organisations_;
    accounts::Invitations invitations_;
    accounts::Brands brands_;
    accounts::Channels channels_;
    channels::Connections connections_;
    channels::OAuthConnections oauth_;
    channels::TokenKeeper tokens_;
    channels::ChannelDestinations destinations_;
    publishing::Posts posts_;
    publishing::Queues queues_;
    publishing::Series series_;
    media::MediaLibrary media_;
    media::SharedLinks shared_media_;
    publishing::Engine engine_;
    http::api::ApiContext api_;
    http::Router router_;
};

std::string_view version();

}  // namespace chorus::app
