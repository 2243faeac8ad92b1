#pragma once
// The X connector (API v2): OAuth 2 authorization code with PKCE (required by X) and
// rotating refresh tokens; posts with POST /2/tweets, threads as reply chains; media by the
// chunked upload (INIT, APPEND, FINALIZE, then STATUS until processed) with alt text set
// through /2/media/metadata; delete; x-rate-limit-* and the 24-hour post caps read into
// the shared budgets. X has no idempotency key: after an ambiguous failure the account's
// recent posts are matched (find), and a "duplicate content" refusal is checked the same
// way before it is reported. Options: reply_settings, quote_tweet_id.
#include <chrono>
#include <memory>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct XOptions {
    NetworkApp app;  // api_url default https://api.x.com, authorize_url default https://x.com/i/oauth2/authorize
    // offline.access: the only way to get a refresh token; media.write: the v2 upload.
    std::string scopes = "tweet.read tweet.write users.read offline.access media.write";
    std::chrono::milliseconds timeout{30'000};
    std::size_t chunk_bytes = 4u << 20;  // X takes up to 5 MB per APPEND
    // X says how long to wait between STATUS polls (check_after_secs); never longer than this.
    std::chrono::milliseconds longest_status_wait{30'000};
    int media_poll_limit = 60;
    int recent_posts_examined = 20;  // by find(), newest first
};

std::shared_ptr<Connector> make_x_connector(HttpClient& http, XOptions options);

}  // namespace chorus::networks
