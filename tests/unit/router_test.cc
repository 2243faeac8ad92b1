#include <gtest/gtest.h>

#include "http/router.h"
#include "http/server.h"

namespace chorus::http {
namespace {

Request request_for(std::string method, std::string path) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    return request;
}

Router sample_router() {
    Router router;
    router.add("GET", "/api/v1/brands/{id}", [](Request& r) { return Response::json(200, "brand " + r.param("id")); });
    router.add("DELETE", "/api/v1/brands/{id}", [](Request&) { return Response::json(204, ""); });
    router.add("GET", "/api/v1/health", [](Request&) { return Response::json(200, "ok"); }, Execution::inline_on_io);
    return router;
}

TEST(Router, FillsPathParameters) {
    auto router = sample_router();
    Request request = request_for("GET", "/api/v1/brands/brand_123");
    EXPECT_EQ(router.dispatch(request).body, "brand brand_123");
}

TEST(Router, UnknownPathIs404InTheErrorShape) {
    auto router = sample_router();
    Request request = request_for("GET", "/api/v1/nothing");
    auto response = router.dispatch(request);
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.body, R"({"error":{"code":"not_found","message":"No such endpoint: /api/v1/nothing"}})");
}

TEST(Router, KnownPathWithOtherMethodIs405WithAllow) {
    auto router = sample_router();
    Request request = request_for("PUT", "/api/v1/brands/x");
    auto response = router.dispatch(request);
    EXPECT_EQ(response.status, 405);
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].second, "GET, DELETE");
}

TEST(Router, KnowsWhichRoutesRunOnTheIoThread) {
    auto router = sample_router();
    EXPECT_EQ(router.execution_of(request_for("GET", "/api/v1/health")), Execution::inline_on_io);
    EXPECT_EQ(router.execution_of(request_for("GET", "/api/v1/brands/1")), Execution::blocking);
}

TEST(ErrorBody, EscapesWhatItQuotes) {
    auto response = error_body(422, "bad", "a \"quoted\"\nline\x01", "field.path");
    EXPECT_EQ(response.body,
              R"({"error":{"code":"bad","message":"a \"quoted\"\nline\u0001","field":"field.path"}})");
}

TEST(Request, ReadsCookiesAndHeaders) {
    Request request;
    request.headers = {{"cookie", "a=1; chorus_session=xyz; b=2"}, {"x-csrf-token", "t"}};
    EXPECT_EQ(request.cookie("chorus_session").value_or(""), "xyz");
    EXPECT_FALSE(request.cookie("missing"));
    EXPECT_EQ(request.header("x-csrf-token").value_or(""), "t");
}

TEST(ClientAddress, OnlyATrustedProxyMayNameTheClient) {
    const std::vector<std::string> proxies{"10.0.0.2", "10.0.0.3"};
    EXPECT_EQ(client_address("192.0.2.9", "203.0.113.7", proxies), "192.0.2.9") << "not a proxy: its header is not read";
    EXPECT_EQ(client_address("10.0.0.2", std::nullopt, proxies), "10.0.0.2");
    EXPECT_EQ(client_address("10.0.0.2", "203.0.113.7", proxies), "203.0.113.7");
    EXPECT_EQ(client_address("10.0.0.2", "6.6.6.6, 203.0.113.7", proxies), "203.0.113.7") << "the client wrote the left one";
    EXPECT_EQ(client_address("10.0.0.2", "203.0.113.7, 10.0.0.3", proxies), "203.0.113.7") << "two proxies in a row";
    EXPECT_EQ(client_address("10.0.0.2", "203.0.113.7, nonsense", proxies), "10.0.0.2") << "nothing left of garbage is believed";
    EXPECT_EQ(client_address("::ffff:10.0.0.2", " 2001:db8::1 ", proxies), "2001:db8::1") << "an IPv4 proxy seen over IPv6";
}

}  // namespace
}  // namespace chorus::http
