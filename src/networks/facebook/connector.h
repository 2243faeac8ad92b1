#pragma once
// The Facebook Pages connector (Graph API, graph.facebook.com). Connecting: Facebook Login
// (facebook/login.h); the user chooses which of the Pages they manage become channels, and
// each channel keeps its Page token, which does not expire. Publishing: photos are uploaded
// unpublished (POST /{page}/photos, published=false) and attached to one feed post
// (POST /{page}/feed with attached_media), so one or ten photos make one post; a video is
// posted with POST /{page}/videos on the video host, which downloads it from the address a
// MediaHost gives. The feed has no idempotency key: an ambiguous failure is settled by
// matching the Page's recent posts (published_posts, or videos) by text.
#include <chrono>
#include <memory>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/media_host.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct FacebookOptions {
    // api_url default https://graph.facebook.com; authorize_url default
    // https://www.facebook.com/<api_version>/dialog/oauth.
    NetworkApp app;
    MediaHost* media_host = nullptr;  // for videos; without one, text and photos only
    std::string api_version = "v24.0";
    // Videos go to Meta's video host; empty: https://graph-video.facebook.com, or api_url
    // when that is set (a test's fake serves both).
    std::string video_api_url;
    std::string scopes = "pages_show_list,pages_manage_posts,pages_read_engagement,pages_manage_engagement,publish_video";
    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds video_timeout{120'000};  // Meta downloads the video while we wait
    int recent_posts_examined = 25;  // by find(), newest first
};

std::shared_ptr<Connector> make_facebook_connector(HttpClient& http, FacebookOptions options);

}  // namespace chorus::networks
