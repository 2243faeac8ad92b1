#include "http/web_routes.h"

namespace chorus::http {

void add_web_routes(Router& router) {
    static const std::string page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#8ab4f8}}</style></head>
<body><h1>Chorus is running</h1>
<p>The web app is not built yet. The JSON API is at <code>/api/v1</code>:
sign in with <code>POST /api/v1/auth/login</code>, check <a href="/api/v1/health">/api/v1/health</a>.
See docs/API.md in the repository.</p></body></html>)HTML";
    router.add("GET", "/", [](Request&) {
        Response response = Response::json(200, page);
        response.content_type = "text/html; charset=utf-8";
        return response;
    }, Execution::inline_on_io);
}

}  // namespace chorus::http
