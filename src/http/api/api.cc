#include "http/api/api.h"

#include "http/api/routes.h"

namespace chorus::http::api {

void add_api_routes(Router& router, ApiContext& context) {
    add_health_routes(router, context);
    add_auth_routes(router, context);
    add_org_routes(router, context);
    add_brand_routes(router, context);
    add_connect_routes(router, context);
    add_check_routes(router, context);
    add_post_routes(router, context);
    add_series_routes(router, context);
    add_media_routes(router, context);
    add_queue_routes(router, context);
}

}  // namespace chorus::http::api
