#pragma once
// A blocking HTTP/1.1 client for tests: one request per connection unless a Connection is
// kept. Only test code includes Beast through this.
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

// Lets tests write EXPECT_EQ(response.json().at("id"), some_std_string).
namespace boost::json {
inline bool operator==(const value& json, const std::string& text) { return json.is_string() && json.as_string() == text; }
inline bool operator==(const value& json, const char* text) { return json.is_string() && json.as_string() == text; }
}  // namespace boost::json

namespace chorus::testing {

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    boost::json::value json() const;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& body = {}, const HeaderList& headers = {});

// Sends raw bytes and returns whatever the server answers before closing (for malformed
// requests that a well-behaved client cannot send).
std::string raw_exchange(std::uint16_t port, const std::string& bytes);

// Sends the start of a request whose body is longer than what is sent, keeps the
// connection open as a slow client would, and returns the answer the server gives before
// `wait` runs out ("" when none came).
std::string answer_to_unfinished_request(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds wait);

}  // namespace chorus::testing
