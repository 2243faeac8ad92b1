#pragma once
// A contract fake of the Facebook Pages side of Meta's Graph API (graph.facebook.com and
// graph-video.facebook.com on one address), built from the documented requests and answers
// (developers.facebook.com/docs/pages-api, /docs/video-api, /docs/facebook-login; what it
// covers is listed in tests/fixtures/facebook/README.md): Facebook Login's code exchange and
// long-lived user token (fb_exchange_token); /me/accounts listing the user's Pages with
// their tasks and Page tokens, in pages of a cursor; unpublished photo uploads (multipart
// `source`); feed posts with message, link and attached_media; videos by file_url, which
// it downloads; published_posts and videos listings; permalinks; DELETE; Graph error
// bodies (190 revoked, 32 Page rate limit with X-Business-Use-Case-Usage, 506 duplicate).
// The Instagram accounts linked to the Pages are served on the same host, as Meta does for
// the Instagram API with Facebook Login (fake_facebook_instagram.cc; coverage in
// tests/fixtures/instagram/README.md): containers (image_url, REELS video_url, carousels of
// 2–10) downloaded from the given address, status_code, media_publish once per container,
// the account's media, content_publishing_limit, DELETE.
// Comments on both (fake_facebook_comments.cc): POST /{object-id}/comments with `message`,
// as the Page on its posts and as the Instagram account on its media, and their listings
// (Facebook: id, message, from, created_time; Instagram: id, text, username, timestamp).
//
// The consent screen is the only liberty: GET /<version>/dialog/oauth approves at once.
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

// An Instagram professional account linked to a Page.
struct InstagramAccount {
    std::string id;
    std::string username;
    std::string name;
};

struct FacebookPage {
    std::string id;
    std::string name;
    std::string username;            // "" when the Page has none
    std::vector<std::string> tasks;  // the user's tasks on it
    std::optional<InstagramAccount> instagram;
};

// Instagram media as the fake made it from a container.
struct InstagramMedia {
    std::string id;
    std::string account_id;
    std::string media_type;  // IMAGE, VIDEO (a reel), CAROUSEL_ALBUM
    std::string caption;
    std::vector<std::string> urls;   // what was downloaded, in order
    std::vector<std::string> mimes;
    std::vector<std::string> alt_texts;
    std::string permalink;
    Millis created_at = 0;
};

struct FacebookPhoto {
    std::string id;
    std::string page_id;
    std::string mime;
    std::size_t bytes = 0;
    std::string alt_text;
    bool published = false;
};

struct FacebookPost {
    std::string id;       // "<page id>_<post id>", or a video's id
    std::string page_id;
    std::string kind;     // "status", "photo", "video"
    std::string message;  // a video's description
    std::string link;
    std::string title;    // videos
    std::vector<std::string> photo_ids;
    std::string video_url;
    std::string video_mime;
    Millis created_at = 0;
};

// A comment on a Page's post or an Instagram account's media, made by the Page or the account.
struct GraphComment {
    std::string id;
    std::string object_id;  // the post or media it is under
    std::string from_id;    // the Page, or the Instagram account
    std::string from_name;  // the Page's name, or the account's username
    std::string message;
    Millis created_at = 0;
};

struct FakeFacebookOptions {
    std::string client_id = "chorus-meta-app";
    std::string client_secret = "chorus-meta-secret";
    std::string version = "v24.0";
    std::size_t accounts_page_size = 2;  // /me/accounts answers in pages this long (paging.next)
};

class FakeFacebook {
public:
    explicit FakeFacebook(FakeFacebookOptions options = {});
    ~FakeFacebook();

    std::string base_url() const;
    std::string authorize_url() const { return base_url() + "/" + options_.version + "/dialog/oauth"; }
    // The user's Pages: Café Luna and Luna Roastery, where they create content, and Luna
    // Fans, where they only read insights.
    const std::vector<FacebookPage>& pages() const { return pages_; }

    // The next feed post or video is made, then the connection closes without an answer.
    void drop_answer_to_next_post();
    // The next feed post or video fails with a transient error, making nothing.
    void fail_next_post();
    // The next feed post or video is refused for the Page's rate limit (code 32).
    void rate_limit_next_post();
    // The user removed the app: every token is refused (190, subcode 458).
    void revoke_tokens();

    // The next media_publish publishes, then the connection closes without an answer.
    void drop_answer_to_next_media_publish();
    // The next video container fails processing.
    void fail_next_video_processing();

    // The next comment is made, then the connection closes without an answer.
    void drop_answer_to_next_comment();
    // The next comment fails with a transient error, making nothing.
    void fail_next_comment();
    // Someone else comments under a post or media (a fan repeating the first comment's words).
    void comment_as_visitor(const std::string& object_id, const std::string& name, const std::string& message);
    std::vector<GraphComment> comments() const;  // in creation order
    int comment_requests() const;

    std::vector<FacebookPost> posts() const;  // in creation order, deleted ones gone
    std::vector<InstagramMedia> instagram_media() const;
    int media_publish_requests() const;
    std::vector<FacebookPhoto> photos() const;
    int post_requests() const;

private:
    http::Response authorize(http::Request& request);
    http::Response access_token(http::Request& request);
    http::Response accounts(http::Request& request);
    http::Response read_node(http::Request& request);
    http::Response delete_node(http::Request& request);
    http::Response upload_photo(http::Request& request);
    http::Response post_feed(http::Request& request);
    http::Response post_video(http::Request& request);
    http::Response list(http::Request& request, bool videos);

    void add_comment_routes();
    http::Response create_comment(http::Request& request);
    http::Response list_comments(http::Request& request);
    std::optional<GraphComment> commenter(const FacebookPage& page, const std::string& object_id) const;

    void add_instagram_routes();
    http::Response create_container(http::Request& request);
    http::Response media_publish(http::Request& request);
    http::Response list_instagram_media(http::Request& request);
    http::Response publishing_limit(http::Request& request);
    // GET /{id} and DELETE /{id} for containers and Instagram media; nullopt: not one of them.
    std::optional<http::Response> read_instagram_node(const FacebookPage& page, const std::string& id);
    std::optional<http::Response> delete_instagram_node(const FacebookPage& page, const std::string& id);
    // The Page whose token the request carries, when it is linked to the Instagram account the path names.
    const FacebookPage* instagram_page(const http::Request& request, http::Response& refusal) const;

    enum class TokenKind { short_user, long_user, page };
    struct Token {
        TokenKind kind;
        std::string page_id;  // page tokens
    };
    // The Page the request acts on through its Page token, or the Graph error refusing it.
    const FacebookPage* page_for(const http::Request& request, http::Response& refusal) const;
    // The same, when the Page is also the one the request's path names ({id}).
    const FacebookPage* page_acting_on(const http::Request& request, http::Response& refusal) const;
    const FacebookPage* find_page(const std::string& id) const;
    // A post's fault, if one is armed: the refusal to answer with.
    std::optional<http::Response> armed_fault();
    http::Response created(const FacebookPost& post, const std::string& id_to_answer);
    std::string post_json(const FacebookPost& post) const;

    FakeFacebookOptions options_;
    std::vector<FacebookPage> pages_;
    mutable std::mutex mutex_;
    networks::HttpClient downloader_;
    std::map<std::string, std::string> codes_;  // code → redirect_uri
    std::map<std::string, Token> tokens_;
    bool revoked_ = false;
    std::vector<FacebookPhoto> photos_;
    std::vector<FacebookPost> posts_;
    std::int64_t next_id_ = 122100000000000000;
    struct Container {
        std::string id;
        std::string account_id;
        std::string media_type;  // IMAGE, REELS, VIDEO (carousel item), CAROUSEL
        std::string caption;
        std::vector<std::string> urls, mimes, alt_texts;
        std::vector<std::string> children;
        bool is_carousel_item = false;
        std::string status_code = "FINISHED";
        std::string error_message;
        int polls_until_ready = 0;
    };
    std::map<std::string, Container> containers_;
    std::vector<InstagramMedia> instagram_media_;
    std::vector<GraphComment> comments_;
    bool drop_next_comment_ = false;
    bool fail_next_comment_ = false;
    int comment_requests_ = 0;
    bool drop_next_media_publish_ = false;
    bool fail_next_video_ = false;
    int media_publish_requests_ = 0;
    bool drop_next_ = false;
    bool fail_next_ = false;
    bool rate_limit_next_ = false;
    int post_requests_ = 0;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
