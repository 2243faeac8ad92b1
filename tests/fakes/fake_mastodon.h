#pragma once
// A contract fake of one Mastodon instance, on loopback, built from Mastodon's documented
// API (docs.joinmastodon.org; what it covers is listed in tests/fixtures/mastodon/README.md):
// app registration, OAuth 2 authorization code with PKCE (S256), verify_credentials, the
// v2 instance's limits, v2 media (200 when processed at once, 202 then 206/200 while
// processing), statuses with Idempotency-Key (the original status for a repeat within the
// hour), account statuses, delete, X-RateLimit-* headers with ISO 8601 resets, 429 and
// 422 errors as {"error": "..."}.
//
// The OAuth consent screen is the only liberty: GET /oauth/authorize approves at once, as
// the instance's signed-in user, and redirects to redirect_uri with the code.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/router.h"
#include "loopback_server.h"

namespace chorus::fakes {

struct MastodonStatus {
    std::string id;
    std::string account_id;
    std::string text;
    std::string visibility;
    std::string spoiler_text;
    std::string language;
    bool sensitive = false;
    std::optional<std::string> in_reply_to_id;
    std::vector<std::string> media_ids;
    std::vector<std::string> poll_options;
    std::string idempotency_key;
};

struct MastodonMedia {
    std::string id;
    std::string mime;
    std::size_t size = 0;
    std::string description;
    std::string focus;
    int polls_until_ready = 0;  // GET /api/v1/media/:id answers 206 this many more times
};

struct FakeMastodonOptions {
    std::size_t max_characters = 500;
    std::size_t characters_reserved_per_url = 23;
    std::size_t max_media_attachments = 4;
    int video_processing_polls = 2;  // videos answer 202, then 206 this many times
    std::int64_t rate_limit = 300;   // per window, reported in X-RateLimit-*
};

class FakeMastodon {
public:
    explicit FakeMastodon(FakeMastodonOptions options = {});
    ~FakeMastodon();

    std::string base_url() const;
    // The instance's signed-in user, who approves every authorization request.
    std::string account_id() const { return "109876543210"; }
    std::string username() const { return "luna"; }

    // The next status creation answers 429 (nothing created) with this reset.
    void rate_limit_next_create(std::chrono::seconds reset_in);
    // The next status creation is stored, then the connection is closed without an answer.
    void drop_answer_to_next_create();
    // Every token issued so far stops working (the user revoked the app).
    void revoke_tokens();

    std::vector<MastodonStatus> statuses() const;  // in creation order
    std::optional<MastodonMedia> media(const std::string& id) const;
    int create_requests() const;
    int app_registrations() const;

private:
    http::Response register_app(http::Request& request);
    http::Response authorize(http::Request& request);
    http::Response token(http::Request& request);
    http::Response verify_credentials(http::Request& request);
    http::Response instance(http::Request& request);
    http::Response upload(http::Request& request);
    http::Response media_status(http::Request& request);
    http::Response create_status(http::Request& request);
    http::Response account_statuses(http::Request& request);
    http::Response delete_status(http::Request& request);

    // The bearer token's account, or a 401 answer.
    bool authorised(const http::Request& request, http::Response& refusal) const;
    http::Response with_limits(http::Response response);

    struct App {
        std::string client_secret;
        std::string redirect_uri;
        std::string scopes;
    };
    struct Grant {
        std::string client_id;
        std::string redirect_uri;
        std::string code_challenge;
        std::string scope;
    };

    FakeMastodonOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, App> apps_;
    std::map<std::string, Grant> grants_;
    std::map<std::string, bool> tokens_;  // token → still valid
    std::vector<MastodonStatus> statuses_;
    std::map<std::string, std::string> idempotent_;  // key → status id
    std::map<std::string, MastodonMedia> media_;
    std::int64_t next_id_ = 110000000000000000;
    std::int64_t remaining_;
    std::optional<std::chrono::seconds> rate_limit_next_;
    bool drop_next_ = false;
    int create_requests_ = 0;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
