#pragma once
// Calls to an AT Protocol server (XRPC over HTTP) with Bluesky's error and rate-limit
// conventions: errors are {"error": "ExpiredToken", "message": …}; limits arrive as the
// IETF-draft ratelimit-limit / -remaining / -reset (Unix seconds) headers.
#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks::bluesky {

struct XrpcCall {
    std::string service;  // https://pds.example
    std::string nsid;     // com.atproto.repo.createRecord
    std::vector<std::pair<std::string, std::string>> query;  // GET parameters
    bool procedure = false;                                  // POST (implied by a body), else GET
    std::optional<boost::json::value> body;                  // a JSON POST body
    std::optional<std::pair<std::string, std::string>> raw;  // a raw POST body: {bytes, content type}
    std::string token;                                       // access (or refresh) JWT
    bool creates = false;                                    // never let the transport send it twice
};

// The failure's `code` is the XRPC error name in snake_case ("expired_token",
// "record_not_found", "invalid_swap"); its message the server's own.
class Xrpc {
public:
    Xrpc(HttpClient& http, std::chrono::milliseconds timeout) : http_(http), timeout_(timeout) {}
    // budget_scope: where the ratelimit-* headers are recorded ("channel:<id>"); empty: nowhere.
    Outcome<boost::json::value> call(const XrpcCall& call, const std::string& budget_scope = {}) const;
    // A plain GET outside XRPC (DID documents, pages for link cards); non-2xx is a failure.
    Outcome<HttpResponse> fetch(const std::string& url) const;

private:
    HttpClient& http_;
    std::chrono::milliseconds timeout_;
};

// Accumulates the budgets of several calls into one outcome (the last word wins per scope).
void add_budgets(std::vector<Budget>& into, const std::vector<Budget>& more);

std::string snake_case(std::string_view error_name);

}  // namespace chorus::networks::bluesky
