#pragma once
// The Mastodon connector, for any instance: OAuth 2 with PKCE and an app registered per
// instance, the instance's own limits read at connect time, statuses with Idempotency-Key
// (the server answers a repeat within about an hour with the original), v2 media with
// processing polled until ready, threads as reply chains, X-RateLimit-* budgets. Options
// (networks/options.cc): visibility, spoiler_text, sensitive, language, poll. Native
// scheduled_at is never used: Chorus owns the schedule.
#include <chrono>
#include <memory>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks {

struct MastodonOptions {
    std::string client_name = "Chorus";
    std::string website = "https://github.com/chorus-social/chorus";
    std::string scopes = "read write";
    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds media_poll_interval{1'000};
    int media_poll_limit = 120;  // then the upload counts as failed for now
};

std::shared_ptr<Connector> make_mastodon_connector(HttpClient& http, MastodonOptions options);

}  // namespace chorus::networks
