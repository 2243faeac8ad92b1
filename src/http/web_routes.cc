#include "http/web_routes.h"

#include <algorithm>

#include "http/web_assets.h"

namespace chorus::http {
namespace {

// The app's own screens: each answers index.html and the app routes in the browser.
// Listed, not a catch-all, so that a mistyped API path still gets the API's JSON 404.
constexpr std::string_view app_pages[] = {"/",         "/signin",      "/setup", "/compose",  "/calendar",
                                          "/channels", "/posts/{id}", "/media", "/settings", "/account", "/invite"};

// Styles: FullCalendar injects its own <style>; everything else comes from this origin.
// Images may come from the networks (avatars, link cards) over https.
constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const WebAsset* find_asset(std::string_view path) {
    const auto assets = web_assets();
    auto it = std::find_if(assets.begin(), assets.end(), [&](const WebAsset& asset) { return asset.path == path; });
    return it == assets.end() ? nullptr : &*it;
}

bool accepts_gzip(const Request& request) {
    return request.header("accept-encoding").value_or("").find("gzip") != std::string::npos;
}

Response serve(const WebAsset& asset, const Request& request) {
    Response response;
    response.content_type = std::string(asset.content_type);
    const bool gzip = !asset.gzip.empty() && accepts_gzip(request);
    response.body = std::string(gzip ? asset.gzip : asset.body);
    if (gzip) response.headers.emplace_back("Content-Encoding", "gzip");
    if (!asset.gzip.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
    response.headers.emplace_back("Cache-Control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Referrer-Policy", "same-origin");
    if (asset.content_type.starts_with("text/html")) {
        response.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
        response.headers.emplace_back("X-Frame-Options", "DENY");
    }
    return response;
}

}  // namespace

void add_web_routes(Router& router) {
    const WebAsset* index = find_asset("/index.html");
    for (auto page : app_pages)
        router.add("GET", std::string(page), [index](Request& request) { return serve(*index, request); },
                   Execution::inline_on_io);
    router.add("GET", "/assets/{name}", [](Request& request) {
        const WebAsset* asset = find_asset("/assets/" + request.param("name"));
        if (!asset) return error_body(404, "not_found", "No such file");
        return serve(*asset, request);
    }, Execution::inline_on_io);
}

}  // namespace chorus::http
