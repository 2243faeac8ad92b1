// The ceiling for bench/http_throughput: the smallest Beast server that answers HTTP/1.1 with
// keep-alive, built the same way as chorus's (one coroutine per connection, one I/O thread),
// minus everything chorus does per request. chorus's numbers are reported as a ratio to it.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

asio::awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        stream.expires_after(std::chrono::seconds(30));
        auto [read_error, n] = co_await http::async_read(stream, buffer, request, asio::as_tuple(asio::use_awaitable));
        if (read_error) break;
        http::response<http::string_body> response{http::status::ok, 11};
        response.set(http::field::content_type, "application/json");
        response.body() = R"({"status":"ok","store":"none","version":"hello"})";
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        auto [write_error, m] = co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
        if (write_error || !response.keep_alive()) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
    }
}

int main(int argc, char** argv) {
    const unsigned short port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 0;
    asio::io_context io;
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    std::printf("listening on %u\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    asio::signal_set stop(io, SIGINT, SIGTERM);
    stop.async_wait([&](auto, int) { io.stop(); });
    asio::co_spawn(io, listen(acceptor), asio::detached);
    io.run();
}
