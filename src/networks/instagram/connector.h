#pragma once
// The Instagram connector (Instagram API with Facebook Login, graph.facebook.com): an
// Instagram professional account is reached through the Facebook Page it is linked to.
// Connecting: Facebook Login (facebook/login.h); the user chooses among the Instagram
// accounts linked to the Pages they manage, and each channel keeps its Page's token, which
// does not expire. Publishing: Meta's containers (networks/meta_containers.h) — an image
// (image_url), a reel (media_type=REELS, video_url) or a carousel of 2–10 items — which
// Instagram downloads from the address a MediaHost gives, polled until FINISHED, then
// media_publish. A lost answer is settled by the container's status and the account's
// newest media, matched by caption.
#include <chrono>
#include <memory>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/media_host.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct InstagramOptions {
    // The Meta app (the same one as Facebook Pages may serve both); api_url default
    // https://graph.facebook.com, authorize_url default Facebook Login's dialog.
    NetworkApp app;
    MediaHost* media_host = nullptr;  // Instagram takes media only by address: without one, nothing can be published
    std::string api_version = "v24.0";
    std::string scopes = "instagram_basic,instagram_content_publish,instagram_manage_comments,pages_show_list,pages_read_engagement,business_management";
    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds container_poll_interval{60'000};
    int container_polls = 5;
    int recent_media_examined = 25;  // by find(), newest first
};

std::shared_ptr<Connector> make_instagram_connector(HttpClient& http, InstagramOptions options);

}  // namespace chorus::networks
