// The bytes a client sends, read as the server reads a request (Beast's parser with the
// server's limits, then the target, the headers, the cookies and the log's escaping).
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>

#include "core/utf8.h"
#include "http/message.h"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1 << 20);
    boost::beast::error_code ec;
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    while (!rest.empty() && !ec && !parser.is_done()) {
        const auto used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
        if (ec == bhttp::error::need_more) ec = {};
        if (used == 0) break;
        rest.remove_prefix(used);
    }
    if (parser.got_some() && !parser.is_done()) parser.put_eof(ec);  // what a closed connection does
    if (!parser.is_header_done()) return 0;
    chorus::http::Request request;
    const auto& message = parser.get();
    request.method = std::string(message.method_string());
    for (const auto& field : message) request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    if (!chorus::http::parse_target(message.target(), request)) return 0;
    (void)request.cookie("chorus_session");
    (void)request.query_param("cursor");
    const auto logged = chorus::escaped_for_log(request.path);
    if (chorus::first_invalid_utf8_byte(logged)) __builtin_trap();  // the log gets valid UTF-8, always
    for (char c : logged)
        if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();  // and no control character
    return 0;
}
