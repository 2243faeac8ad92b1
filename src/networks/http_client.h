#pragma once
// Outbound HTTP for connectors: one libcurl multi handle driven by one thread, shared by
// every worker. Callers block on their own request (connectors read as straight-line code)
// while the transfers of all workers run concurrently on the multi handle, sharing its
// connection cache and DNS cache.
//
// A failed transfer says whether the request may have reached the server. That is the
// difference between "safe to retry" and "must look the post up first".
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace chorus::networks {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HeaderFields headers;
    std::string body;
    std::chrono::milliseconds timeout{30'000};
    // A request that creates something must never be sent twice by the transport. libcurl
    // silently re-sends a request whose reused keep-alive connection turns out dead, even
    // a POST; so non-idempotent requests always get a fresh connection, where it does not.
    bool idempotent = true;
    // For fetches on a user's behalf (the page a link card is made from): only public
    // addresses are connected to (networks/address_policy.h), the answer is cut off past
    // max_body_bytes (0: no limit), and up to max_redirects redirects are followed.
    bool public_only = false;
    std::size_t max_body_bytes = 0;
    int max_redirects = 0;
};

struct HttpResponse {
    int status = 0;
    HeaderFields headers;  // names lower-cased
    std::string body;
    std::optional<std::string> header(std::string_view lower_case_name) const;
};

struct TransportError {
    bool request_sent = false;  // some of the request left this machine
    bool timed_out = false;
    std::string message;
    bool address_refused = false;  // a public-only request met a private address
};

using HttpResult = std::variant<HttpResponse, TransportError>;

struct HttpClientOptions {
    long max_connections_per_host = 64;
    std::chrono::milliseconds connect_timeout{10'000};
    // Every request of this client is public_only (the servers users name: a Mastodon
    // instance, a Bluesky PDS). Its connections may then be reused: each was checked when
    // it was opened, and no request of this client opens an unchecked one.
    bool public_only = false;
};

class HttpClient {
public:
    explicit HttpClient(HttpClientOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    std::future<HttpResult> submit(HttpRequest request);
    HttpResult send(HttpRequest request) { return submit(std::move(request)).get(); }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace chorus::networks
