#pragma once
// The Pinterest connector (API v5). Connecting: the authorization code flow of a
// confidential client (www.pinterest.com/oauth, the token endpoint with HTTP Basic); the
// login's account is the channel. Access tokens last 30 days; refresh tokens are
// "continuous": each refresh returns a new one valid 60 days, so the old one must never be
// used again (the token keeper renews once for all nodes).
//
// Publishing: a pin on a board the target names (option board_id; the boards come from
// destinations()). An image goes with the pin (image_base64), 2–5 images as a carousel
// (multiple_image_base64), a video is registered (POST /media), uploaded to the address
// Pinterest gives with the fields it gives, and waited for until it succeeds; its media id
// is the attempt's checkpoint, so a retry does not upload it again. Pinterest has no
// idempotency key: find() matches the board's newest pins by title, description and link,
// created after the first attempt began.
#include <chrono>
#include <memory>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct PinterestOptions {
    // api_url default https://api.pinterest.com (the token endpoint is <api_url>/v5/oauth/token);
    // authorize_url default https://www.pinterest.com/oauth/.
    NetworkApp app;
    // Reading the boards and the account, creating and deleting pins.
    std::string scopes = "boards:read,pins:read,pins:write,user_accounts:read";
    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds upload_timeout{600'000};  // a video of up to 2 GB
    std::chrono::milliseconds media_poll_interval{3'000};
    int media_polls = 200;        // Pinterest takes minutes over long videos
    int recent_pins_examined = 25;  // by find(), newest first
};

std::shared_ptr<Connector> make_pinterest_connector(HttpClient& http, PinterestOptions options);

}  // namespace chorus::networks
