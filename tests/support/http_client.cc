#include "http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

namespace chorus::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

boost::json::value HttpResponse::json() const { return boost::json::parse(body); }

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& body, const HeaderList& headers) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    stream.expires_after(std::chrono::seconds(30));
    bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    bool has_type = false;
    for (const auto& [name, value] : headers) {
        request.set(name, value);
        has_type = has_type || beast::iequals(name, "content-type");
    }
    if (!body.empty() && !has_type) request.set(bhttp::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    bhttp::write(stream, request);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    bhttp::read(stream, buffer, parser);
    HttpResponse response;
    response.status = static_cast<int>(parser.get().result_int());
    for (const auto& field : parser.get()) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        response.headers[name] = std::string(field.value());
    }
    response.body = parser.get().body();
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return response;
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(socket, asio::buffer(bytes));
    socket.shutdown(asio::ip::tcp::socket::shutdown_send);
    std::string answer;
    beast::error_code ec;
    char chunk[4096];
    for (;;) {
        auto n = socket.read_some(asio::buffer(chunk), ec);
        answer.append(chunk, n);
        if (ec) break;
    }
    return answer;
}

std::string answer_to_unfinished_request(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds wait) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(socket, asio::buffer(bytes));
    std::string answer;
    char chunk[4096];
    socket.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
        if (!ec) answer.append(chunk, n);
    });
    io.run_for(wait);
    return answer;
}

}  // namespace chorus::testing
