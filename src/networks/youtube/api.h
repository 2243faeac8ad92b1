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

#include "networks/bearer_api.h"

namespace chorus::networks::youtube {

// What an error answer from Google means (any status outside 2xx and 308).
Failure failure_from(const HttpResponse& response, Millis now);

// The Data API and its uploads, read with failure_from.
class Api : public BearerApi {
public:
    Api(HttpClient& http, std::string api_url, std::chrono::milliseconds timeout)
        : BearerApi(http, "YouTube", std::move(api_url), timeout, &failure_from) {}
};

// The next midnight in America/Los_Angeles, when YouTube's daily quotas reset.
Millis next_pacific_midnight(Millis now);

}  // namespace chorus::networks::youtube
