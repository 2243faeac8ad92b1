// Used when CMake found no web/node_modules: the binary still serves the API, and a page
// that says how to get the web app.
#include "http/web_assets.h"

namespace chorus::http {
namespace {

constexpr std::string_view placeholder = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#8ab4f8}}</style></head>
<body><h1>Chorus is running</h1>
<p>This binary was built without the web app (its packages were not installed).
<code>scripts/serve</code> installs and builds it. The JSON API is at <code>/api/v1</code>:
see docs/API.md in the repository, or <a href="/api/v1/health">/api/v1/health</a>.</p></body></html>)HTML";

const WebAsset assets[] = {{"/index.html", "text/html; charset=utf-8", placeholder, {}, false}};

}  // namespace

std::span<const WebAsset> web_assets() { return assets; }
bool web_app_built() { return false; }

}  // namespace chorus::http
