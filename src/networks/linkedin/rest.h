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

#include "networks/bearer_api.h"

namespace chorus::networks::linkedin {

// The failure an error response says, in the shared taxonomy, with LinkedIn's own words.
Failure failure_from(const HttpResponse& response, Millis now);

// Requests carry the version and the protocol; answers are read with failure_from.
class Rest : public BearerApi {
public:
    Rest(HttpClient& http, std::string api_url, const std::string& version, std::chrono::milliseconds timeout)
        : BearerApi(http, "LinkedIn", std::move(api_url), timeout, &failure_from,
                    {{"LinkedIn-Version", version}, {"X-Restli-Protocol-Version", "2.0.0"}}) {}
};

// The post a DUPLICATE_POST refusal names ("Content is a duplicate of urn:li:share:…"), or "".
std::string duplicate_of(const Failure& failure);

// An URN as a path segment or query value (urn%3Ali%3Ashare%3A123).
std::string encode_urn(const std::string& urn);

// The next midnight UTC after `now`, when LinkedIn's daily quotas start again.
Millis next_utc_midnight(Millis now);

}  // namespace chorus::networks::linkedin
