#pragma once
// The HTTP layer's own request and response: plain structs, so that routes and handlers
// compile without Beast and can be tested without a socket.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"

namespace chorus::http {

using Fields = std::vector<std::pair<std::string, std::string>>;
struct UploadedForm;  // http/form_upload.h

struct Request {
    std::string method;  // "GET", "POST", …
    std::string path;    // percent-decoded, without the query
    Fields query;        // decoded query parameters, in order
    Fields headers;      // names lower-cased
    std::string body;
    // For form upload routes instead of `body`: the fields, and the file on disk.
    std::shared_ptr<UploadedForm> form;
    std::string remote_address;
    std::map<std::string, std::string> path_params;  // filled by the router

    std::optional<std::string> header(std::string_view name) const;  // name in lower case
    std::optional<std::string> query_param(std::string_view name) const;
    std::optional<std::string> cookie(std::string_view name) const;
    const std::string& param(const std::string& name) const { return path_params.at(name); }
};

// Fills path (percent-decoded) and query from an origin-form target ("/a/b?x=1"); false
// when the target is not one.
bool parse_target(std::string_view target, Request& request);

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    Fields headers;
    std::string body;
    // Hold the answer back this long (login throttling) without holding a thread.
    std::chrono::milliseconds delay{0};
    // Close the connection (after the delay) without answering. Only the test networks'
    // fault injection uses it: "the request arrived, the answer never did".
    bool drop_connection = false;

    static Response json(int status, std::string body) {
        Response r;
        r.status = status;
        // Whatever was stored, an answer stays readable JSON: an invalid byte becomes U+FFFD.
        r.body = first_invalid_utf8_byte(body) ? with_valid_utf8(body) : std::move(body);
        return r;
    }
};

}  // namespace chorus::http
