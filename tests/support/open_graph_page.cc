#include "open_graph_page.h"

#include <filesystem>

#include "core/id.h"
#include "media_files.h"

namespace chorus::testing {

OpenGraphPage::OpenGraphPage() {
    const auto directory = std::filesystem::temp_directory_path() / ("chorus-og-" + random_secret(8));
    std::filesystem::create_directories(directory);
    picture_ = make_media_file(directory.string(), "og.jpg", "-f lavfi -i testsrc=size=600x315 -frames:v 1");
    std::filesystem::remove_all(directory);
    router_.add("GET", "/menu", [this](http::Request&) {
        ++reads_;
        http::Response page;
        page.content_type = "text/html; charset=utf-8";
        page.body = R"(<html><head><title>Fallback</title>
            <meta property="og:title" content="Winter menu &amp; prices">
            <meta property='og:description' content="Soup, bread and cake">
            <meta property="og:image" content="/og.jpg"></head><body>…</body></html>)";
        return page;
    });
    router_.add("GET", "/og.jpg", [this](http::Request&) {
        http::Response image;
        image.content_type = "image/jpeg";
        image.body = picture_;
        return image;
    });
    http::ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<http::Server>(options, router_);
    url_ = "http://127.0.0.1:" + std::to_string(server_->start()) + "/menu";
}

OpenGraphPage::~OpenGraphPage() { server_->stop(); }

}  // namespace chorus::testing
