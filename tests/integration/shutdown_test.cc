// Stopping the server lets a request in flight finish, refuses new connections and does not
// wait for idle keep-alive connections.
#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <future>
#include <thread>

#include "test_server.h"

namespace chorus::testing {
namespace {

using namespace std::chrono_literals;

TEST(GracefulShutdown, ARequestInFlightIsAnsweredBeforeTheServerStops) {
    TestServer server(store::Backend::sqlite);
    std::promise<void> entered;
    server.app().router().add("GET", "/test/slow", [&entered](http::Request&) {
        entered.set_value();
        std::this_thread::sleep_for(400ms);
        return http::Response::json(200, R"({"slow":true})");
    });
    auto in_flight = std::async(std::launch::async, [&] { return server.anonymous("GET", "/test/slow"); });
    entered.get_future().wait();
    const auto stop_started = std::chrono::steady_clock::now();
    server.stop();
    const auto stop_took = std::chrono::steady_clock::now() - stop_started;
    auto response = in_flight.get();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"slow":true})");
    EXPECT_EQ(response.header("connection"), "close");
    EXPECT_GE(stop_took, 200ms) << "stop waited for the request";
    EXPECT_THROW(server.anonymous("GET", "/api/v1/health"), std::exception) << "no longer accepting";
}

TEST(GracefulShutdown, IdleKeepAliveConnectionsDoNotHoldTheStopBack) {
    TestServer server(store::Backend::sqlite);
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket idle(io);
    idle.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    std::this_thread::sleep_for(50ms);
    const auto started = std::chrono::steady_clock::now();
    server.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(GracefulShutdown, ARequestThatOutlastsTheDrainTimeoutIsCutOff) {
    http::ServerOptions options;
    options.drain_timeout = std::chrono::seconds(1);
    TestServer server(store::Backend::sqlite, options);
    std::promise<void> entered;
    server.app().router().add("GET", "/test/stuck", [&entered](http::Request&) {
        entered.set_value();
        std::this_thread::sleep_for(3s);
        return http::Response::json(200, "{}");
    });
    auto in_flight = std::async(std::launch::async, [&] {
        try {
            return server.anonymous("GET", "/test/stuck").status;
        } catch (const std::exception&) {
            return -1;
        }
    });
    entered.get_future().wait();
    const auto started = std::chrono::steady_clock::now();
    server.stop();
    // Bounded by the drain timeout plus what the stuck handler still had to do.
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(in_flight.get(), -1) << "the client sees the connection closed instead of waiting forever";
}

}  // namespace
}  // namespace chorus::testing
