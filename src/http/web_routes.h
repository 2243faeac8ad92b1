#pragma once
#include "http/router.h"

namespace chorus::http {

// The web app: its screens' addresses answer index.html, its hashed files are served from
// the binary (gzipped when the browser accepts it) with a strict Content-Security-Policy.
void add_web_routes(Router& router);

}  // namespace chorus::http
