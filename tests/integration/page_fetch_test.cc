// Reading the page a post links to, for its card: redirects followed, sizes capped, images
// checked, and — outside tests — only public addresses, never the reserved example names.
#include <gtest/gtest.h>

#include <atomic>

#include "http/server.h"
#include "networks/page_fetch.h"

namespace chorus::networks {
namespace {

class PageFetchTest : public ::testing::Test {
protected:
    PageFetchTest() {
        router.add("GET", "/menu", [this](http::Request&) {
            ++reads;
            http::Response page;
            page.content_type = "text/html; charset=utf-8";
            page.body = R"(<html><head><meta property="og:title" content="Winter menu"><meta property="og:image" content="/og.png">)";
            return page;
        });
        router.add("GET", "/moved", [](http::Request&) {
            http::Response moved;
            moved.status = 301;
            moved.headers.emplace_back("Location", "/menu");
            return moved;
        });
        router.add("GET", "/huge", [](http::Request&) {
            http::Response page;
            page.content_type = "text/html";
            page.body = "<html><head><title>Huge</title></head>" + std::string(3u << 20, ' ');
            return page;
        });
        router.add("GET", "/og.png", [](http::Request&) {
            http::Response image;
            image.content_type = "image/png; charset=binary";
            image.body = std::string(5000, 'p');
            return image;
        });
        router.add("GET", "/not-an-image", [](http::Request&) {
            http::Response page;
            page.content_type = "text/html";
            page.body = "<html></html>";
            return page;
        });
        http::ServerOptions options;
        options.port = 0;
        server = std::make_unique<http::Server>(options, router);
        base = "http://127.0.0.1:" + std::to_string(server->start());
    }
    ~PageFetchTest() override { server->stop(); }

    PageFetcher fetcher(bool private_allowed) {
        PageFetchOptions options;
        options.timeout = std::chrono::seconds(5);
        options.allow_private_addresses = private_allowed;
        return PageFetcher(http, options);
    }

    HttpClient http;
    http::Router router;
    std::atomic<int> reads{0};
    std::unique_ptr<http::Server> server;
    std::string base;
};

TEST_F(PageFetchTest, APageIsReadThroughRedirectsAndItsImageByItsType) {
    auto pages = fetcher(true);
    auto preview = pages.preview(base + "/moved");
    ASSERT_TRUE(preview);
    EXPECT_EQ(preview->title, "Winter menu");
    EXPECT_EQ(preview->image_url, base + "/og.png") << "resolved against the page it came from";
    auto image = pages.image(preview->image_url, 10'000);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->mime, "image/png");
    EXPECT_EQ(image->bytes.size(), 5000u);
}

TEST_F(PageFetchTest, TooMuchOrTheWrongKindGivesNoCard) {
    auto pages = fetcher(true);
    EXPECT_FALSE(pages.preview(base + "/huge")) << "a page past 2 MiB is not read to the end";
    EXPECT_FALSE(pages.image(base + "/og.png", 4000)) << "an image past the network's limit";
    EXPECT_FALSE(pages.image(base + "/not-an-image", 10'000));
    EXPECT_FALSE(pages.preview(base + "/nowhere"));
    EXPECT_FALSE(pages.preview("http://127.0.0.1:1/closed"));
}

TEST_F(PageFetchTest, OutsideTestsTheServersOwnNeighbourhoodIsNeverRead) {
    auto pages = fetcher(false);
    EXPECT_FALSE(pages.preview(base + "/menu"));
    EXPECT_FALSE(pages.preview("http://localhost:" + base.substr(base.rfind(':') + 1) + "/menu"));
    EXPECT_FALSE(pages.preview("http://[::ffff:127.0.0.1]:" + base.substr(base.rfind(':') + 1) + "/menu"));
    EXPECT_EQ(reads.load(), 0) << "refused before the request was sent";
}

TEST_F(PageFetchTest, OnlyWebAddressesAreReadAndReservedNamesNotLookedUp) {
    auto pages = fetcher(true);
    for (const char* never : {"https://cafe-luna.example/winter", "http://EXAMPLE/", "https://shop.test/", "http://nothing.invalid./",
                              "file:///etc/passwd", "ftp://127.0.0.1/menu", "gopher://127.0.0.1/", "not a link"})
        EXPECT_FALSE(pages.preview(never)) << never;
    EXPECT_EQ(reads.load(), 0);
}

}  // namespace
}  // namespace chorus::networks
