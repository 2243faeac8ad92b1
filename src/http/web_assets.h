#pragma once
// The web app, built by Vite and compiled into the binary (web/scripts/embed.mjs), so that
// `chorus` alone is the whole product.
#include <span>
#include <string_view>

namespace chorus::http {

struct WebAsset {
    std::string_view path;          // "/index.html", "/assets/index-3f2a.js"
    std::string_view content_type;
    std::string_view body;
    std::string_view gzip;          // empty when gzip would not be smaller
    bool immutable = false;         // content-hashed name: cache forever
};

std::span<const WebAsset> web_assets();
// False when the binary was built without the web app's packages (a placeholder page).
bool web_app_built();

}  // namespace chorus::http
