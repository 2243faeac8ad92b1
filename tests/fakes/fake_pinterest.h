#pragma once
// A contract fake of Pinterest's OAuth and REST API v5 on loopback, built from their
// documented requests and answers (developers.pinterest.com/docs/api/v5 and its OpenAPI
// description; what it covers is listed in tests/fixtures/pinterest/README.md): the
// authorization code flow with the token endpoint behind HTTP Basic; 30-day access tokens
// and continuous refresh tokens (each refresh answers a new one and retires the old);
// user_account; boards with bookmark paging; pins made from image_base64,
// multiple_image_base64 (2–5) and video_id; video registration (POST /media), the upload
// to the storage address with the signed fields, and processing (registered → processing
// → succeeded); a board's pins newest first; pin deletion; errors as {"code","message"};
// x-ratelimit-* on pin creation and 429 when the org_write budget is spent.
//
// The consent screen is the only liberty: GET /oauth/ approves at once and redirects to
// redirect_uri with the code and the state.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/router.h"
#include "loopback_server.h"

namespace chorus::fakes {

struct PinterestPin {
    std::string id;
    std::string board_id;
    std::string title;
    std::string description;
    std::string link;
    std::string alt_text;
    std::string source_type;  // image_base64, multiple_image_base64, video_id
    int images = 0;
    std::string media_id;  // a video pin's
    std::string created_at;
};

struct FakePinterestOptions {
    std::string client_id = "1499999";
    std::string client_secret = "chorus-pinterest-secret";
    int boards = 3;            // the account's boards: "Recipes", "Café life", then "Board 3", …
    int pins_per_minute = 100; // org_write on Standard access
    int processing_polls = 1;  // how many media reads answer "processing" before "succeeded"
};

class FakePinterest {
public:
    explicit FakePinterest(FakePinterestOptions options = {});
    ~FakePinterest();

    std::string base_url() const;
    std::string authorize_url() const { return base_url() + "/oauth/"; }
    static std::string board_id(int n) { return "54997598" + std::to_string(1000 + n); }  // n from 1

    // The next pin is made, then the connection closed without an answer.
    void drop_answer_to_next_pin();
    // The next video fails processing.
    void fail_next_video();
    void expire_access_tokens();
    void revoke_tokens();  // the user removed the app: refresh is refused
    void spend_pin_budget();   // the org_write window is used up for a minute
    void start_new_minute();   // and the next one begins

    std::vector<PinterestPin> pins() const;  // deleted ones left out
    int refreshes() const;
    int uploads() const;         // videos received by the storage address
    int registrations() const;   // POST /media

private:
    http::Response authorize(http::Request& request);
    http::Response token(http::Request& request);
    http::Response user_account(http::Request& request);
    http::Response boards(http::Request& request);
    http::Response board_pins(http::Request& request);
    http::Response create_pin(http::Request& request);
    http::Response delete_pin(http::Request& request);
    http::Response register_media(http::Request& request);
    http::Response media_status(http::Request& request);
    http::Response storage_upload(http::Request& request);

    struct Media {
        std::string status = "registered";
        std::string signature;
        int polls = 0;
        bool fail = false;
    };
    std::optional<http::Response> unauthorised(const http::Request& request) const;
    std::vector<std::string> board_ids() const;

    FakePinterestOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> codes_;  // code → redirect_uri
    std::map<std::string, bool> access_tokens_;  // token → still valid
    std::set<std::string> refresh_tokens_;       // the live ones
    std::map<std::string, Media> media_;
    std::vector<PinterestPin> pins_;
    int next_id_ = 0;
    int pins_this_minute_ = 0;
    bool drop_next_pin_ = false;
    bool fail_next_video_ = false;
    int refreshes_ = 0;
    int uploads_ = 0;
    int registrations_ = 0;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

}  // namespace chorus::fakes
