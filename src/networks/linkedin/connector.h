#pragma once
// The LinkedIn connector (the versioned REST Posts API). Connecting: the authorization code
// flow of a confidential client (www.linkedin.com/oauth/v2; PKCE is for native apps only),
// the member read from OpenID Connect's /v2/userinfo. With the member scopes a login is one
// channel, the member's profile; when the app also has the Community Management API and the
// organisation scopes were granted, the Pages the member administers are candidates too
// (organizationAcls), and the user chooses. Tokens last 60 days; LinkedIn issues refresh
// tokens only to apps in its partner programmes, and without one the channel must be
// connected again before the token runs out.
//
// Publishing: POST /rest/posts as the member or the organisation, the text escaped for
// LinkedIn's "little text" format; one image or video (media), 2–20 images (multiImage), or
// a link as an article card (title and image read from the page). Images and videos are
// registered first (initializeUpload), then uploaded (videos in the parts LinkedIn names,
// then finalizeUpload) and waited for until AVAILABLE. The post's URN comes in x-restli-id.
// LinkedIn has no idempotency key but refuses identical content (422 DUPLICATE_POST naming
// the earlier post): on a later attempt that refusal is the earlier attempt's post, checked
// with GET /rest/posts/{urn}; find() matches the author's recent posts where LinkedIn lets
// the app read them. No rate-limit headers: a daily post count per channel is kept in the
// shared budgets until midnight UTC, and a 429 waits for midnight.
// Options: visibility (public, connections), reshare_disabled, link_card.
#include <chrono>
#include <cstdint>
#include <memory>

#include "networks/connector.h"
#include "networks/http_client.h"
#include "networks/oauth2.h"
#include "networks/page_fetch.h"

namespace chorus::networks {

struct LinkedInOptions {
    // api_url default https://api.linkedin.com; authorize_url default
    // https://www.linkedin.com/oauth/v2/authorization, the token endpoint beside it (accessToken).
    NetworkApp app;
    std::string api_version = "202509";  // LinkedIn-Version, YYYYMM: each is served for about a year
    // What any app with "Share on LinkedIn" and "Sign In with LinkedIn using OpenID Connect"
    // may ask for. Apps with the Community Management API add
    // "r_organization_social w_organization_social rw_organization_admin" for Pages.
    std::string scopes = "openid profile w_member_social";
    std::chrono::milliseconds timeout{30'000};
    // LinkedIn does not publish its per-member daily cap; tools report about 150 posts.
    std::int64_t daily_posts = 150;
    std::chrono::milliseconds media_poll_interval{3'000};
    int media_polls = 100;          // images are usually AVAILABLE at once; videos take minutes
    int recent_posts_examined = 20;  // by find(), newest first
    PageFetchOptions link_pages;     // reading a linked page for its article card
};

std::shared_ptr<Connector> make_linkedin_connector(HttpClient& http, LinkedInOptions options);

}  // namespace chorus::networks
