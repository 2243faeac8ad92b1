#pragma once
// One function per group of endpoints; api.cc puts them together.
#include "http/api/api.h"

namespace chorus::http::api {

void add_health_routes(Router& router, ApiContext& context);
void add_auth_routes(Router& router, ApiContext& context);      // sign-in, sessions, API tokens
void add_org_routes(Router& router, ApiContext& context);       // organisations, members, invitations
void add_brand_routes(Router& router, ApiContext& context);     // brands and channels
void add_connect_routes(Router& router, ApiContext& context);   // connecting channels by OAuth
void add_check_routes(Router& router, ApiContext& context);     // network rules for the composer
void add_post_routes(Router& router, ApiContext& context);      // posts, scheduling, publishing
void add_series_routes(Router& router, ApiContext& context);    // recurring posts
void add_media_routes(Router& router, ApiContext& context);     // the media library
void add_queue_routes(Router& router, ApiContext& context);     // channels' posting slots and queues

}  // namespace chorus::http::api
