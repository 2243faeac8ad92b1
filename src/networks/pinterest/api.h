#pragma once
// Pinterest's REST API v5 (api.pinterest.com/v5). Errors come as {"code": n, "message": "…"};
// the HTTP status decides the class and the message is kept. Rate limits are per user and
// app, by category (pins are created under org_write: 100 a minute on Standard access, 300
// a day on Trial), and answers carry x-ratelimit-limit/-remaining/-reset.
#include <optional>
#include <string>

#include "networks/bearer_api.h"

namespace chorus::networks::pinterest {

// What an error answer means, with Pinterest's own words.
Failure failure_from(const HttpResponse& response, Millis now);

// The channel's budget as a pin creation's answer reports it (the org_write category).
std::optional<Budget> budget_from(const HttpResponse& response, const std::string& channel_id, Millis now);

class Api : public BearerApi {
public:
    Api(HttpClient& http, std::string api_url, std::chrono::milliseconds timeout)
        : BearerApi(http, "Pinterest", std::move(api_url), timeout, &failure_from) {}
};

}  // namespace chorus::networks::pinterest
