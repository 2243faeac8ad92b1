#pragma once
// A contract fake of TikTok's Login Kit (OAuth v2) and Content Posting API on loopback, built
// from their documented requests and answers (developers.tiktok.com; what it covers is
// listed in tests/fixtures/tiktok/README.md): the web authorization code flow with the
// client named client_key; two-hour access tokens and rotating refresh tokens; user/info
// with the fields asked for; creator_info (who may watch, what the creator turned off, the
// longest video); direct post of a video by FILE_UPLOAD (chunk rules of the media transfer
// guide, sequential PUTs with Content-Range, 206 then 201) and of photos by PULL_FROM_URL
// (downloaded from the addresses given, which must be verified); status/fetch through
// PROCESSING_UPLOAD / PROCESSING_DOWNLOAD to PUBLISH_COMPLETE or FAILED with fail_reason;
// public post ids only for public posts; video/list of public posts; the error envelope
// {"data":{}, "error":{"code","message","log_id"}}; 6 post inits a minute per token.
//
// The consent screen is the only liberty: the authorization address approves at once and
// redirects to redirect_uri with the code and the state.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/router.h"
#include "loopback_server.h"
#include "networks/http_client.h"

namespace chorus::fakes {

struct TikTokPost {
    std::string publish_id;
    std::string post_id;  // public posts only
    std::string kind;     // "video" or "photo"
    std::string title;
    std::string description;
    std::string privacy_level;
    bool disable_comment = false;
    bool disable_duet = false;
    bool disable_stitch = false;
    bool brand_content = false;
    bool brand_organic = false;
    std::size_t video_bytes = 0;
    int chunks = 0;
    int photos = 0;
    std::string status;  // PROCESSING_UPLOAD, PROCESSING_DOWNLOAD, PUBLISH_COMPLETE, FAILED
    std::string fail_reason;
    long long create_time = 0;  // Unix seconds
};

struct FakeTikTokOptions {
    std::string client_key = "awchorustiktok01";
    std::string client_secret = "chorus-tiktok-secret";
    // An unaudited app's creators may only post privately (SELF_ONLY).
    bool audited = true;
    bool comment_disabled = false;  // the creator's own settings
    int max_video_seconds = 600;
    int inits_per_minute = 6;
    int processing_polls = 1;  // status reads answering PROCESSING_* before the outcome
    // Photo addresses must start with a prefix verified in the developer portal; empty:
    // every address counts as verified.
    std::string verified_url_prefix = {};
    // The scopes the user leaves ticked on the consent screen; empty: all asked for.
    std::string granted_scopes = {};
};

class FakeTikTok {
public:
    explicit FakeTikTok(FakeTikTokOptions options = {});
    ~FakeTikTok();

    std::string base_url() const;
    std::string authorize_url() const { return base_url() + "/v2/auth/authorize/"; }

    // The next post init is carried out, then the connection closed without an answer.
    void drop_answer_to_next_init();
    // The next post fails after its media arrived, with this fail_reason.
    void fail_next_post(std::string reason);
    // The next post init is refused with this error code and status (documented ones:
    // spam_risk_too_many_posts 403, spam_risk_user_banned_from_posting 403, …).
    void refuse_next_init(int status, std::string code, std::string message);
    // Chunk n (from 1) of the next upload is refused with a 500 and not stored.
    void fail_upload_chunk(int n);
    void expire_access_tokens();
    void revoke_tokens();  // the user removed the app: refresh is refused
    void spend_init_budget();
    void start_new_minute();

    std::vector<TikTokPost> posts();  // published ones (processing is finished first)
    int inits() const;
    int refreshes() const;
    int creator_queries() const;

private:
    http::Response authorize(http::Request& request);
    http::Response token(http::Request& request);
    http::Response user_info(http::Request& request);
    http::Response creator_info(http::Request& request);
    http::Response video_init(http::Request& request);
    http::Response content_init(http::Request& request);
    http::Response upload(http::Request& request);
    http::Response status_fetch(http::Request& request);
    http::Response video_list(http::Request& request);

    struct Upload {
        std::string publish_id;
        std::string token;
        long long size = 0;
        long long chunk_size = 0;
        long long chunks = 0;
        long long received = 0;
        int next_chunk = 1;
    };
    struct Grant {
        bool valid = true;
        std::string scopes;
    };
    // The token's grant, or the error answer (access_token_invalid, scope_not_authorized).
    std::optional<http::Response> refused(const http::Request& request, const char* scope) const;
    std::optional<http::Response> refused_init(const http::Request& request);
    bool media_arrived(const TikTokPost& post) const;
    void finish(TikTokPost& post);
    void advance(TikTokPost& post);
    void finish_processing();  // TikTok goes on processing whether anyone asks or not

    FakeTikTokOptions options_;
    mutable std::mutex mutex_;
    struct Code {
        std::string redirect_uri;
        std::string scopes;  // as granted on the consent screen
    };
    std::map<std::string, Code> codes_;
    std::map<std::string, Grant> access_tokens_;
    std::map<std::string, std::string> refresh_tokens_;  // the live ones → their scopes
    std::map<std::string, TikTokPost> posts_;            // by publish_id, in init order of ids
    std::vector<std::string> order_;
    std::map<std::string, Upload> uploads_;              // by upload_id
    std::map<std::string, int> polls_;                   // publish_id → status reads while processing
    int next_id_ = 0;
    int inits_this_minute_ = 0;
    int inits_ = 0;
    int refreshes_ = 0;
    int creator_queries_ = 0;
    bool drop_next_init_ = false;
    std::string fail_next_post_;
    std::optional<http::Response> refuse_next_init_;
    int fail_chunk_ = 0;

    networks::HttpClient downloader_;  // fetches photos from the addresses posts give
    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
