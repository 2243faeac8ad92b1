#pragma once
// The Threads connector (Meta's Threads API, graph.threads.net). Connecting: Meta's OAuth
// code flow (no PKCE documented), the short-lived token exchanged at once for a 60-day one,
// renewed with itself (th_refresh_token) a week ahead. Publishing: a container
// (POST /{user}/threads: TEXT, IMAGE, VIDEO, or CAROUSEL of item containers), polled until
// FINISHED, then POST /{user}/threads_publish. Threads downloads media from a public
// address, so attachments are put up by a MediaHost. A thread is a reply chain
// (reply_to_id). Threads has no idempotency key, but a container publishes once: a lost
// answer to threads_publish is settled by the container's status, and a later attempt
// matches the account's recent posts and replies by text, resuming a thread where it stopped.
// Options: reply_control, topic_tag, quote_post_id.
#include <chrono>
#include <memory>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/media_host.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct ThreadsOptions {
    NetworkApp app;  // api_url default https://graph.threads.net, authorize_url default https://threads.net/oauth/authorize
    MediaHost* media_host = nullptr;  // without one, only text can be published
    std::string api_version = "v1.0";
    std::string scopes = "threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies,threads_delete";
    std::chrono::milliseconds timeout{30'000};
    // Meta: "query a container's status once per minute, for no more than 5 minutes"; a
    // container that is ready on the first look is published at once.
    std::chrono::milliseconds container_poll_interval{60'000};
    int container_polls = 5;
    int recent_posts_examined = 25;  // by find(), newest first
    // Long-lived tokens last 60 days and are renewed with themselves; a week ahead leaves
    // room for a server that was down for days.
    std::chrono::milliseconds renew_ahead{7 * 24 * 3'600'000LL};
};

std::shared_ptr<Connector> make_threads_connector(HttpClient& http, ThreadsOptions options);

}  // namespace chorus::networks
