#pragma once
// A contract fake of Google's OAuth 2.0 and the YouTube Data API v3 on loopback, built from
// their documented requests and answers (developers.google.com/identity/protocols/oauth2/
// web-server, developers.google.com/youtube/v3; what it covers is listed in
// tests/fixtures/youtube/README.md): the authorization code flow with PKCE (S256),
// offline access bringing a refresh token; hour-long access tokens; channels?mine=true;
// resumable uploads (a session opened with the video's metadata, bytes in chunks that are
// multiples of 256 KiB, 308 Resume Incomplete with Range, status queries with
// "bytes */TOTAL", expired sessions answering 404); the video resource; videos.delete;
// Google's error bodies ({"error":{"code","message","errors":[{"domain","reason"}]}}),
// including the project's daily quota. Comments (fake_youtube_comments.cc):
// commentThreads.insert and commentThreads.list by videoId, refused with commentsDisabled on
// videos made for kids.
//
// The consent screen is the only liberty: GET /o/oauth2/v2/auth approves at once and
// redirects to redirect_uri with the code and the state.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/router.h"
#include "loopback_server.h"

namespace chorus::fakes {

struct YouTubeVideo {
    std::string id;
    std::string channel_id;
    std::string title;
    std::string description;
    std::string privacy;  // as YouTube set it
    bool made_for_kids = false;
    std::string mime;
    std::size_t bytes = 0;
    std::string upload_status = "uploaded";  // or rejected
};

// A top-level comment (a comment thread's first comment).
struct YouTubeComment {
    std::string id;
    std::string video_id;
    std::string author_channel_id;
    std::string text;
    std::int64_t published_at = 0;
};

struct FakeYouTubeOptions {
    std::string client_id = "chorus-youtube-app.apps.googleusercontent.com";
    std::string client_secret = "chorus-youtube-secret";
    bool has_channel = true;         // a Google account may have no YouTube channel
    bool audited_project = true;     // unaudited API projects get every upload locked to private
    int daily_uploads = 100;         // videos.insert's own bucket, per project
};

class FakeYouTube {
public:
    explicit FakeYouTube(FakeYouTubeOptions options = {});
    ~FakeYouTube();

    std::string base_url() const;
    std::string authorize_url() const { return base_url() + "/o/oauth2/v2/auth"; }
    static std::string channel_id() { return "UCcafeLuna0000000000000a"; }

    // The final chunk of the next upload is stored and the video made, then the connection
    // is closed without an answer.
    void drop_answer_to_next_final_chunk();
    // The connection is closed, unanswered and unstored, when the next chunk after the first
    // arrives: an upload cut short midway.
    void cut_next_upload_midway();
    // Every open upload session expires (answers 404).
    void expire_sessions();
    // YouTube refuses the next video once uploaded (uploadStatus rejected, duplicate).
    void reject_next_video();
    void expire_access_tokens();
    void revoke_tokens();  // the user removed the app: refresh answers invalid_grant
    // From now on uploads are locked to private, as for an API project Google has not audited.
    void lose_audit();

    // The next comment is stored, then the connection is closed without an answer.
    void drop_answer_to_next_comment();
    // A viewer's comment under a video.
    void comment_as_viewer(const std::string& video_id, const std::string& text);
    std::vector<YouTubeComment> comments() const;
    int comment_requests() const;

    std::vector<YouTubeVideo> videos() const;  // deleted ones left out
    int sessions_opened() const;
    int chunks_received() const;
    int refreshes() const;

private:
    http::Response authorize(http::Request& request);
    http::Response token(http::Request& request);
    http::Response channels(http::Request& request);
    http::Response open_session(http::Request& request);
    http::Response upload(http::Request& request);
    http::Response delete_video(http::Request& request);
    void add_comment_routes();
    http::Response insert_comment_thread(http::Request& request);
    http::Response list_comment_threads(http::Request& request);
    std::string comment_thread_json(const YouTubeComment& comment) const;

    struct Session {
        std::string channel_id;
        std::string title, description, privacy, mime;
        bool made_for_kids = false;
        std::size_t total = 0;
        std::string received;
        bool expired = false;
        std::optional<std::string> video_id;  // once complete
    };
    struct Code {
        std::string redirect_uri, challenge;
        bool offline = false;
    };
    // The refusal to answer when the request's bearer token is not a live one.
    std::optional<http::Response> unauthorised(const http::Request& request) const;
    std::string video_json(const YouTubeVideo& video) const;

    FakeYouTubeOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, Code> codes_;
    std::map<std::string, bool> access_tokens_;  // token → still valid
    std::map<std::string, bool> refresh_tokens_;
    std::map<std::string, Session> sessions_;    // upload_id → session
    std::vector<YouTubeVideo> videos_;
    std::vector<YouTubeComment> comments_;
    bool drop_next_comment_ = false;
    int comment_requests_ = 0;
    int next_id_ = 0;
    int uploads_today_ = 0;
    bool drop_next_final_ = false;
    bool cut_next_ = false;
    bool reject_next_ = false;
    int sessions_opened_ = 0;
    int chunks_received_ = 0;
    int refreshes_ = 0;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

namespace youtube {
// Google's error body: {"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}.
http::Response google_error(int status, const std::string& reason, const std::string& message, const std::string& domain,
                            const std::string& state);
}  // namespace youtube

}  // namespace chorus::fakes
