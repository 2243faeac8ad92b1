#pragma once
// Calls to the YouTube Data API v3 and what Google's error bodies mean:
// {"error":{"code","message","errors":[{"domain","reason","message"}],"status"}}. The
// reason decides: quotaExceeded (the project's daily quota, reset at midnight Pacific
// time) and uploadLimitExceeded wait for that midnight; rateLimitExceeded and
// userRateLimitExceeded are short and retried; 401 and a missing permission need the
// channel reconnected; youtubeSignupRequired means the Google account has no channel.
#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks::youtube {

class Api {
public:
    Api(HttpClient& http, std::string api_url, std::chrono::milliseconds timeout) : http_(http), api_url_(std::move(api_url)), timeout_(timeout) {}

    const std::string& api_url() const { return api_url_; }
    // A request to path_or_url (relative to the API's address) with the bearer token.
    HttpRequest request(std::string method, const std::string& path_or_url, const std::string& token) const;
    // Sends it: whatever HTTP answer came, or the transport's failure.
    Outcome<HttpResponse> exchange(HttpRequest request);
    // Sends it: a 2xx answer, or the failure it means.
    Outcome<HttpResponse> send(HttpRequest request);
    // Sends it and reads the JSON answer (null for an empty one).
    Outcome<boost::json::value> call(HttpRequest request);

private:
    HttpClient& http_;
    std::string api_url_;
    std::chrono::milliseconds timeout_;
};

// What an error answer from Google means (any status outside 2xx and 308).
Failure failure_from(const HttpResponse& response, Millis now);

// The next midnight in America/Los_Angeles, when YouTube's daily quotas reset.
Millis next_pacific_midnight(Millis now);

}  // namespace chorus::networks::youtube
