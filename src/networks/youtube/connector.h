#pragma once
// The YouTube connector (Data API v3). Connecting: Google's OAuth 2.0 authorization code
// flow with PKCE, access_type=offline and prompt=consent so that every login (reconnects
// too) brings a refresh token; the login's YouTube channels (channels?mine=true, one per
// Google account or brand account chosen at Google's account picker) are the candidates.
// Access tokens last an hour and are renewed with the refresh token.
//
// Publishing is uploading: a post is one video, sent with the resumable upload protocol
// together with its title, description and status (privacy, made for kids). The session is
// kept as the attempt's checkpoint before any byte goes, so an upload cut short by a crash,
// a timeout or a lost answer is asked about and resumed, never made twice; find() asks the
// session. YouTube sends no quota headers: a quotaExceeded refusal waits for midnight
// Pacific time, when the project's quota resets.
// Options: privacy (public, unlisted, private), made_for_kids.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/oauth2.h"

namespace chorus::networks {

struct YouTubeOptions {
    // api_url default https://www.googleapis.com (the Data API and its uploads);
    // authorize_url default https://accounts.google.com/o/oauth2/v2/auth. The token endpoint
    // is https://oauth2.googleapis.com/token, or <api_url>/token when api_url is given (a
    // proxy or a test double serving both).
    NetworkApp app;
    // Uploading, reading the channel and deleting its videos (and, later, its comments).
    std::string scopes = "https://www.googleapis.com/auth/youtube.force-ssl";
    std::chrono::milliseconds timeout{30'000};
    std::size_t chunk_bytes = 8u << 20;                  // a multiple of 256 KiB, as Google requires
    std::chrono::milliseconds chunk_timeout{300'000};    // 8 MiB over a slow uplink
};

std::shared_ptr<Connector> make_youtube_connector(HttpClient& http, YouTubeOptions options);

}  // namespace chorus::networks
