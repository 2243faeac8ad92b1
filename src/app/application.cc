#include "app/application.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "http/web_routes.h"
#include "networks/bluesky/connector.h"
#include "networks/facebook/connector.h"
#include "networks/instagram/connector.h"
#include "networks/linkedin/connector.h"
#include "networks/pinterest/connector.h"
#include "networks/tiktok/connector.h"
#include "networks/youtube/connector.h"
#include "networks/mastodon/connector.h"
#include "networks/testnet/connector.h"
#include "networks/threads/connector.h"
#include "networks/x/connector.h"
#include "store/migrations.h"

namespace chorus::app {
namespace {

std::vector<std::string> extra_networks(const ApplicationOptions& options) {
    if (options.testnet_url) return {"testnet"};
    return {};
}

// The single-node default: a key file next to the SQLite database, readable by its owner only.
Result<std::vector<std::string>> local_secret_keys(const std::string& data_dir) {
    namespace fs = std::filesystem;
    const fs::path path = fs::path(data_dir) / "secret.key";
    std::error_code error;
    fs::create_directories(data_dir, error);
    // A data directory made by an older version under umask 022 is closed to others too.
    fs::permissions(data_dir, fs::perms::owner_all, fs::perm_options::replace, error);
    if (!fs::exists(path)) {
        const auto old_mask = umask(077);
        std::ofstream(path) << SecretBox::generate_key() << "\n";
        umask(old_mask);
    }
    std::ifstream in(path);
    std::string key;
    if (!std::getline(in, key) || key.empty()) return Error::internal("cannot read the secret key in " + path.string());
    return std::vector<std::string>{key};
}

publishing::EngineOptions engine_options(const ApplicationOptions& options, publishing::Series& series, channels::TokenKeeper& tokens,
                                         const media::SharedLinks& shared_media) {
    auto engine = options.engine;
    if (!engine.periodic)
        engine.periodic = [&series, &tokens] {
            if (auto extended = series.extend_all(now_millis()); !extended)
                spdlog::warn("recurring posts: {}", extended.error().message);
            // Tokens about to expire are renewed ahead, so that no post waits on a refresh.
            tokens.refresh_expiring(now_millis());
        };
    if (!engine.node_periodic) engine.node_periodic = [&shared_media] { shared_media.sweep(now_millis()); };
    engine.workers = std::max(engine.workers, 1);
    engine.network_timeout = options.network_timeout;
    return engine;
}

networks::HttpClientOptions user_servers_client_options(const ApplicationOptions& options) {
    networks::HttpClientOptions client;
    client.public_only = !options.allow_private_servers;
    return client;
}

}  // namespace

std::string_view version() { return CHORUS_VERSION; }

Application::Application(std::unique_ptr<store::Store> store, SecretBox secrets, const ApplicationOptions& options)
    : store_(std::move(store)),
      secrets_(std::move(secrets)),
      user_servers_http_(user_servers_client_options(options)),
      link_pages_(user_servers_http_, {std::chrono::seconds(5), 2u << 20, options.allow_private_link_pages}),
      identity_(*store_, options.identity),
      organisations_(*store_, identity_),
      invitations_(*store_, identity_),
      brands_(*store_),
      channels_(*store_, extra_networks(options)),
      connections_(*store_, channels_, connectors_, secrets_),
      oauth_(*store_, connections_, connectors_, secrets_, options.public_url + "/api/v1/oauth/callback"),
      tokens_(*store_, connectors_, secrets_),
      destinations_(*store_, channels_, connectors_, secrets_, tokens_),
      posts_(*store_),
      queues_(*store_),
      series_(*store_),
      media_(*store_, {(std::filesystem::path(options.store.data_dir) / "media").string(), options.max_upload_bytes, {}}),
      shared_media_((std::filesystem::path(options.store.data_dir) / "media" / "shared").string(), options.public_url),
      engine_(*store_, connectors_, secrets_, media_, tokens_, engine_options(options, series_, tokens_, shared_media_)),
      api_{*store_, identity_, organisations_, invitations_, brands_, channels_, connections_, oauth_, destinations_, posts_,
           queues_, series_, media_, shared_media_,
           [this] { engine_.wake(); },
           // Reached over https (directly or through a proxy): the session cookie is Secure.
           std::string(version()), options.secure_cookies || options.public_url.starts_with("https://"), {},
           &link_pages_, options.public_url} {
    networks::BlueskyOptions bluesky;
    bluesky.default_service = options.bluesky_service;
    bluesky.plc_url = options.bluesky_plc_url;
    bluesky.timeout = options.network_timeout;
    connectors_.add(networks::make_bluesky_connector(user_servers_http_, bluesky));
    networks::MastodonOptions mastodon;
    mastodon.timeout = options.network_timeout;
    connectors_.add(networks::make_mastodon_connector(user_servers_http_, mastodon));
    // Networks whose app the self-hoster registered (CHORUS_<NETWORK>_CLIENT_ID, …).
    auto configure = [&](const char* network, auto connector_options, auto make) {
        auto app = options.network_apps.find(network);
        if (app == options.network_apps.end()) return;
        connector_options.app = app->second;
        connector_options.timeout = options.network_timeout;
        if (!app->second.scopes.empty()) connector_options.scopes = app->second.scopes;
        if constexpr (requires { connector_options.media_host; })
            connector_options.media_host = &shared_media_;  // downloaded by the network from <public_url>/shared-media/…
        connectors_.add(make(http_client_, connector_options));
    };
    configure("x", networks::XOptions{}, networks::make_x_connector);
    configure("threads", networks::ThreadsOptions{}, networks::make_threads_connector);
    configure("facebook", networks::FacebookOptions{}, networks::make_facebook_connector);
    configure("instagram", networks::InstagramOptions{}, networks::make_instagram_connector);
    configure("linkedin", networks::LinkedInOptions{}, networks::make_linkedin_connector);
    configure("youtube", networks::YouTubeOptions{}, networks::make_youtube_connector);
    configure("pinterest", networks::PinterestOptions{}, networks::make_pinterest_connector);
    configure("tiktok", networks::TikTokOptions{}, networks::make_tiktok_connector);
    if (options.testnet_url)
        connectors_.add(networks::make_testnet_connector(http_client_, {*options.testnet_url, options.network_timeout}));
    api_.connectable_networks = connectors_.networks();
    http::api::add_api_routes(router_, api_);
    http::add_web_routes(router_);
}

Application::~Application() { engine_.stop(); }

Result<std::unique_ptr<Application>> Application::open(const ApplicationOptions& options) {
    auto keys = options.secret_keys.empty() ? TRY(local_secret_keys(options.store.data_dir)) : options.secret_keys;
    auto secrets = TRY(SecretBox::from_keys(keys));
    auto store = TRY(store::open_store(options.store));
    TRY(store::migrate(*store));
    return std::unique_ptr<Application>(new Application(std::move(store), std::move(secrets), options));
}

}  // namespace chorus::app
