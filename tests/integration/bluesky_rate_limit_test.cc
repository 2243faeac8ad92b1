// Bluesky's rate-limit signals (the local PDS runs without limits, so a loopback server
// answers as bsky.social documents it): 429 RateLimitExceeded with ratelimit-* headers,
// and ratelimit-remaining on ordinary answers, become the engine's budgets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>

#include "core/clock.h"
#include "http/router.h"
#include "http/server.h"
#include "networks/bluesky/connector.h"
#include "networks/http_client.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

TEST(BlueskyRateLimits, A429AndTheRemainingBudgetReachTheEngine) {
    const auto reset = now_millis() / 1000 + 300;
    std::atomic<bool> limited = true;
    http::Router router;
    router.add("POST", "/xrpc/com.atproto.repo.createRecord", [&](http::Request&) {
        auto response = http::Response::json(limited ? 429 : 200, limited ? R"({"error":"RateLimitExceeded","message":"Rate Limit Exceeded"})"
                                                                           : R"({"uri":"at://did:plc:abc/app.bsky.feed.post/3kabc","cid":"bafy"})");
        response.headers = {{"ratelimit-limit", "5000"},
                            {"ratelimit-remaining", limited ? "0" : "4997"},
                            {"ratelimit-reset", std::to_string(reset)},
                            {"ratelimit-policy", "5000;w=3600"}};
        return response;
    });
    http::ServerOptions options;
    options.port = 0;
    http::Server server(options, router);
    const auto port = server.start();

    networks::HttpClient http;
    auto connector = networks::make_bluesky_connector(http, {});
    networks::Account account{"channel_b", "bluesky", "luna.test",
                              json::serialize(json::object{{"did", "did:plc:abc"},
                                                           {"handle", "luna.test"},
                                                           {"pds", "http://127.0.0.1:" + std::to_string(port)},
                                                           {"access_jwt", "token"}})};
    networks::PublishRequest request;
    request.idempotency_key = "publish_01KAAAAAAAAAAAAAAAAAAAAAAA";
    request.draft.text = "Hello";
    request.options = R"({"link_card":false})";

    auto refused = connector->publish(account, request);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().kind, networks::FailureClass::rate_limited);
    EXPECT_EQ(refused.failure().code, "rate_limit_exceeded");
    EXPECT_EQ(refused.failure().retry_at, reset * 1000);
    EXPECT_FALSE(refused.failure().maybe_created);
    ASSERT_EQ(refused.budgets.size(), 1u);
    EXPECT_EQ(refused.budgets[0].scope, "channel:channel_b");
    EXPECT_EQ(refused.budgets[0].remaining, 0);
    EXPECT_EQ(refused.budgets[0].reset_at, reset * 1000);

    limited = false;
    auto published = connector->publish(account, request);
    ASSERT_TRUE(published.ok()) << published.failure().message;
    ASSERT_EQ(published.budgets.size(), 1u);
    EXPECT_EQ(published.budgets[0].remaining, 4997);
    server.stop();
}

}  // namespace
}  // namespace chorus::testing
