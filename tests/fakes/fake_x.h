#pragma once
// A contract fake of the X API v2, on loopback, built from X's documented requests and
// answers (docs.x.com; what it covers is listed in tests/fixtures/x/README.md): OAuth 2
// authorization code with PKCE (S256) and confidential-client Basic auth, rotating refresh
// tokens (offline.access), /2/users/me, the chunked media upload (INIT, APPEND, FINALIZE,
// STATUS) with processing for video, /2/media/metadata alt text, POST /2/tweets with
// media, replies and quotes, duplicate-content refusals, /2/users/:id/tweets with t.co
// links in the text and entities, DELETE, x-rate-limit-* and 24-hour cap headers, and
// problem-details error bodies.
//
// The consent screen is the only liberty: GET /i/oauth2/authorize approves at once, as the
// signed-in user, and redirects to redirect_uri with the code and the state.
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

struct XPost {
    std::string id;
    std::string author_id;
    std::string text;
    std::vector<std::string> media_ids;
    std::optional<std::string> in_reply_to;
    std::optional<std::string> quote_tweet_id;
    std::string reply_settings;
};

struct XMedia {
    std::string id;
    std::string media_type;
    std::string category;
    std::size_t total_bytes = 0;
    std::map<int, std::size_t> segments;  // segment_index → bytes received
    bool finalized = false;
    int polls_until_ready = 0;
    bool fails = false;
    std::string alt_text;
};

struct FakeXOptions {
    std::string client_id = "chorus-test-client";
    std::string client_secret = "chorus-test-secret";
    int video_processing_polls = 2;     // STATUS answers in_progress this many times
    std::int64_t window_limit = 200;    // x-rate-limit-* of POST /2/tweets
    std::int64_t user_day_limit = 100;  // x-user-limit-24hour-*
    std::int64_t app_day_limit = 10'000;
    bool read_access = true;  // false: the Free tier, which may not list posts
};

class FakeX {
public:
    explicit FakeX(FakeXOptions options = {});
    ~FakeX();

    std::string base_url() const;
    std::string user_id() const { return "1460000000000000001"; }
    std::string username() const { return "cafeluna"; }

    // The next post creation answers 429 with this reset (nothing created).
    void rate_limit_next_create(std::chrono::seconds reset_in);
    // The next post creation is stored, then the connection is closed without an answer.
    void drop_answer_to_next_create();
    // The next FINALIZEd video fails processing.
    void fail_next_media_processing();
    // Access tokens issued so far stop working; refresh tokens still do (they expired).
    void expire_access_tokens();
    // Every token, access and refresh, stops working (the user revoked the app).
    void revoke_tokens();

    std::vector<XPost> posts() const;  // in creation order
    std::optional<XMedia> media(const std::string& id) const;
    int create_requests() const;
    int refreshes() const;

private:
    http::Response authorize(http::Request& request);
    http::Response token(http::Request& request);
    http::Response me(http::Request& request);
    http::Response upload(http::Request& request);
    http::Response upload_status(http::Request& request);
    http::Response metadata(http::Request& request);
    http::Response create_post(http::Request& request);
    http::Response user_posts(http::Request& request);
    http::Response delete_post(http::Request& request);

    bool authorised(const http::Request& request, http::Response& refusal) const;
    http::Response with_window(http::Response response) const;
    http::Response with_day_caps(http::Response response) const;
    std::string post_json(const XPost& post) const;  // as X answers: t.co links, entities

    struct Grant {
        std::string redirect_uri;
        std::string code_challenge;
        std::string scope;
    };

    FakeXOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, Grant> codes_;
    std::map<std::string, bool> access_tokens_;   // token → valid
    std::map<std::string, bool> refresh_tokens_;  // token → valid (used ones are erased)
    std::vector<XPost> posts_;
    std::map<std::string, XMedia> media_;
    std::int64_t next_id_ = 1860000000000000000;
    std::int64_t window_remaining_;
    std::int64_t day_remaining_;
    std::int64_t app_remaining_;
    std::optional<std::chrono::seconds> rate_limit_next_;
    bool drop_next_ = false;
    bool fail_next_media_ = false;
    int create_requests_ = 0;
    int refreshes_ = 0;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
