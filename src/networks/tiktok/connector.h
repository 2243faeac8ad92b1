#pragma once
// The TikTok connector (Content Posting API, direct post). Connecting: Login Kit's
// authorization code flow for web apps (www.tiktok.com/v2/auth/authorize, the client is
// named client_key; no PKCE on the web). Access tokens last about two hours and refresh
// tokens rotate: each refresh returns a new one and the old one stops working, so the token
// keeper renews once for all nodes.
//
// Publishing follows TikTok's required order: the creator's settings first (creator_info:
// who may watch, whether comments/duets/stitches are off, the longest video allowed), then
// the post. A video goes up from here (FILE_UPLOAD, in 5–64 MB chunks, sequentially); a
// photo post (1–35 JPEGs) is downloaded by TikTok from the server's shared-media address,
// whose domain must be verified in the developer portal. Who may watch is the target's
// privacy_level option, chosen by the user among the creator's own choices (destinations()),
// never defaulted, as TikTok's guidelines demand. Unaudited apps may only post privately.
//
// TikTok has no idempotency key; its handle is the publish_id. The attempt's checkpoint
// says what is being posted before the init and keeps the publish_id right after it, so a
// retry reads that post's status instead of posting again. TikTok's API cannot delete posts.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/media_host.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct TikTokOptions {
    // api_url default https://open.tiktokapis.com (the token endpoint is <api_url>/v2/oauth/token/);
    // authorize_url default https://www.tiktok.com/v2/auth/authorize/. client_id is the app's client key.
    NetworkApp app;
    // Posting, the creator's name for the channel (user.info.profile has the username), and
    // the public videos that find() reads when a photo post's answer was lost.
    std::string scopes = "user.info.basic,user.info.profile,video.publish,video.list";
    MediaHost* media_host = nullptr;  // photo posts only: TikTok downloads photos from it
    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds upload_timeout{600'000};  // one chunk of up to 128 MB
    std::int64_t chunk_bytes = 10 * 1024 * 1024;        // TikTok takes 5–64 MB
    // status/fetch allows 30 reads a minute per token; TikTok processes 1 GB in about a minute.
    std::chrono::milliseconds status_poll_interval{5'000};
    int status_polls = 120;
    int recent_posts_examined = 20;  // by find(), newest first
};

std::shared_ptr<Connector> make_tiktok_connector(HttpClient& http, TikTokOptions options);

}  // namespace chorus::networks
