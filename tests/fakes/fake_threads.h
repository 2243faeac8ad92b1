#pragma once
// A contract fake of Meta's Threads API, on loopback, built from the documented requests and
// answers (developers.facebook.com/docs/threads; what it covers is listed in
// tests/fixtures/threads/README.md): the OAuth code flow with the short-lived token, its
// exchange for a 60-day token (th_exchange_token) and renewal (th_refresh_token); /me;
// containers (TEXT, IMAGE, VIDEO, CAROUSEL of items, replies by reply_to_id) whose media it
// downloads from the given public address, with video processing (IN_PROGRESS, then
// FINISHED or ERROR); threads_publish, once per container; the account's posts and
// replies; permalinks; DELETE; the publishing quota; Graph error bodies.
//
// The consent screen is the only liberty: GET /oauth/authorize approves at once and
// redirects to redirect_uri with the code and the state.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "http/router.h"
#include "loopback_server.h"
#include "networks/http_client.h"

namespace chorus::fakes {

struct ThreadsMedia {
    std::string media_type;  // IMAGE or VIDEO
    std::string url;
    std::string mime;        // as downloaded
    std::size_t bytes = 0;
    std::string alt_text;
};

struct ThreadsPost {
    std::string id;
    std::string media_type;  // TEXT_POST, IMAGE, VIDEO, CAROUSEL_ALBUM
    std::string text;
    std::vector<ThreadsMedia> media;
    std::optional<std::string> reply_to;
    std::string reply_control;
    std::string topic_tag;
    std::string permalink;
    Millis created_at = 0;
};

struct FakeThreadsOptions {
    std::string client_id = "chorus-threads-app";
    std::string client_secret = "chorus-threads-secret";
    int video_processing_polls = 2;  // a video container answers IN_PROGRESS this many times
    int quota_total = 250;
};

class FakeThreads {
public:
    explicit FakeThreads(FakeThreadsOptions options = {});
    ~FakeThreads();

    std::string base_url() const;
    std::string user_id() const { return "17841400000000001"; }
    std::string username() const { return "cafeluna"; }

    // The next threads_publish publishes, then the connection closes without an answer.
    void drop_answer_to_next_publish();
    // The next threads_publish fails with a transient server error, publishing nothing.
    void fail_next_publish();
    // The next threads_publish is refused for the app's rate limit.
    void rate_limit_next_publish();
    // The next video container fails processing.
    void fail_next_video_processing();
    // Every token issued so far expires: it works for nothing, not even its renewal.
    void expire_tokens();
    // The user removed the app: every token is refused.
    void revoke_tokens();

    std::vector<ThreadsPost> posts() const;  // in creation order, deleted ones gone
    int publish_requests() const;
    int containers_created() const;
    int renewals() const;

private:
    http::Response authorize(http::Request& request);
    http::Response code_exchange(http::Request& request);
    http::Response long_lived_exchange(http::Request& request);
    http::Response renew(http::Request& request);
    http::Response read_node(http::Request& request);
    http::Response create_container(http::Request& request);
    http::Response publish(http::Request& request);
    http::Response list(http::Request& request, bool replies);
    http::Response publishing_limit(http::Request& request);
    http::Response delete_node(http::Request& request);

    struct Container {
        std::string id;
        std::string media_type;  // TEXT, IMAGE, VIDEO, CAROUSEL
        std::string text;
        std::vector<ThreadsMedia> media;
        std::vector<std::string> children;
        bool is_carousel_item = false;
        std::optional<std::string> reply_to;
        std::string reply_control;
        std::string topic_tag;
        std::string status = "FINISHED";
        std::string error_message;
        int polls_until_ready = 0;
        std::string published_id;
    };

    // The token behind a request, or the Graph error refusing it.
    bool authorised(const http::Request& request, http::Response& refusal) const;
    std::optional<ThreadsMedia> download(const std::string& media_type, const std::string& url, const std::string& alt_text);
    std::string post_json(const ThreadsPost& post, bool with_reply) const;

    struct Token {
        bool long_lived = false;
        bool valid = true;
    };

    FakeThreadsOptions options_;
    mutable std::mutex mutex_;
    networks::HttpClient downloader_;
    std::map<std::string, std::string> codes_;  // code → redirect_uri
    std::map<std::string, Token> tokens_;
    std::map<std::string, Container> containers_;
    std::vector<ThreadsPost> posts_;
    std::int64_t next_id_ = 18000000000000000;
    bool drop_next_ = false;
    bool fail_next_ = false;
    bool rate_limit_next_ = false;
    bool fail_next_video_ = false;
    int publish_requests_ = 0;
    int renewals_ = 0;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
