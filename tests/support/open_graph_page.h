#pragma once
// A web page on loopback for link-card tests: /menu carries Open Graph tags (title
// "Winter menu & prices" written with an entity, description "Soup, bread and cake") and
// names /og.jpg, a real 600×315 JPEG, as its image.
#include <atomic>
#include <memory>
#include <string>

#include "http/router.h"
#include "http/server.h"

namespace chorus::testing {

class OpenGraphPage {
public:
    OpenGraphPage();
    ~OpenGraphPage();

    const std::string& url() const { return url_; }
    const std::string& picture() const { return picture_; }  // the og:image's bytes
    int reads() const { return reads_.load(); }              // requests for the page so far

private:
    std::string picture_;
    std::atomic<int> reads_{0};
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::string url_;
};

}  // namespace chorus::testing
