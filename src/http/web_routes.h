#pragma once
#include "http/router.h"

namespace chorus::http {

// The browser-facing pages. Until the web app lands (issue 7) this is a landing page that
// says where the API is.
void add_web_routes(Router& router);

}  // namespace chorus::http
