#pragma once
// LinkedIn's versioned REST API (api.linkedin.com/rest): every call names the monthly
// version it was written against (LinkedIn-Version: YYYYMM, each supported about a year)
// and Rest.li protocol 2.0.0, and URNs in paths and queries are percent-encoded. Errors come
// as {"status","code"|"serviceErrorCode","message"} or, for refused input, with
// errorDetails.inputErrors[].code (DUPLICATE_POST). LinkedIn sends no rate-limit headers:
// a 429 means a daily quota is spent, and the quotas reset at midnight UTC.
#include <boost/json/value.hpp>

#include <chrono>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks::linkedin {

class Rest {
public:
    Rest(HttpClient& http, std::string api_url, std::string version, std::chrono::milliseconds timeout)
        : http_(http), api_url_(std::move(api_url)), version_(std::move(version)), timeout_(timeout) {}

    // A request to api_url + path (or to an absolute address LinkedIn gave, such as an
    // upload URL) with the bearer token and the versioned headers.
    HttpRequest request(std::string method, const std::string& path_or_url, const std::string& token) const;
    HttpRequest json_request(std::string method, const std::string& path, const std::string& token, const boost::json::value& body) const;

    // The response when its status is 2xx, else the failure it says.
    Outcome<HttpResponse> send(HttpRequest request);
    // The same, reading the answer as JSON (an empty 2xx body reads as null).
    Outcome<boost::json::value> call(HttpRequest request);

    const std::string& api_url() const { return api_url_; }

private:
    HttpClient& http_;
    std::string api_url_;
    std::string version_;
    std::chrono::milliseconds timeout_;
};

// The failure an error response says, in the shared taxonomy, with LinkedIn's own words.
Failure failure_from(const HttpResponse& response, Millis now);

// The post a DUPLICATE_POST refusal names ("Content is a duplicate of urn:li:share:…"), or "".
std::string duplicate_of(const Failure& failure);

// An URN as a path segment or query value (urn%3Ali%3Ashare%3A123).
std::string encode_urn(const std::string& urn);

// The next midnight UTC after `now`, when LinkedIn's daily quotas start again.
Millis next_utc_midnight(Millis now);

}  // namespace chorus::networks::linkedin
