#include "networks/youtube/api.h"

#include <date/tz.h>

#include <cctype>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::youtube {
namespace {

namespace json = boost::json;

// quotaExceeded → quota_exceeded: Google's reasons become the failure codes users see.
std::string snake_case(std::string_view reason) {
    std::string code;
    for (const char c : reason) {
        if (std::isupper(static_cast<unsigned char>(c))) {
            if (!code.empty()) code.push_back('_');
            code.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            code.push_back(c);
        }
    }
    return code;
}

}  // namespace

Millis next_pacific_midnight(Millis now) {
    using namespace std::chrono;
    static const auto* pacific = date::locate_zone("America/Los_Angeles");
    const auto local = pacific->to_local(sys_time<milliseconds>(milliseconds(now)));
    const auto next_day = date::floor<date::days>(local) + date::days(1);
    return duration_cast<milliseconds>(pacific->to_sys(next_day, date::choose::earliest).time_since_epoch()).count();
}

Failure failure_from(const HttpResponse& response, Millis now) {
    const auto answer = parse_json(response.body);
    const auto* error = member(answer, "error");
    std::string message = error ? string_at(*error, "message") : std::string();
    std::string reason;
    if (const auto* errors = error ? member(*error, "errors") : nullptr; errors && errors->is_array() && !errors->get_array().empty())
        reason = string_at(errors->get_array().front(), "reason");
    if (message.empty()) message = "YouTube answered " + std::to_string(response.status);
    auto failure = status_failure(response, reason.empty() ? "http_" + std::to_string(response.status) : snake_case(reason), message, now);
    if (!reason.empty()) failure.message += " (" + reason + ")";

    if (reason == "quotaExceeded" || reason == "uploadLimitExceeded" || reason == "dailyLimitExceeded") {
        failure.kind = FailureClass::rate_limited;
        failure.retry_at = next_pacific_midnight(now);
    } else if (reason == "rateLimitExceeded" || reason == "userRateLimitExceeded") {
        failure.kind = FailureClass::rate_limited;
        if (!failure.retry_at) failure.retry_at = now + 60'000;
    } else if (response.status == 401) {
        failure.kind = FailureClass::auth;
        failure.code = "token_expired";
    } else if (reason == "insufficientPermissions" || reason == "forbidden" || reason == "accessNotConfigured") {
        // The token lacks the scope, or the channel no longer lets this app act for it:
        // only the user can grant it again.
        failure.kind = FailureClass::auth;
    } else if (reason == "youtubeSignupRequired") {
        failure.kind = FailureClass::validation;
        failure.code = "channel_required";
        failure.message = "This Google account has no YouTube channel; create one on YouTube, then connect it again (" + message + ")";
    }
    return failure;
}

}  // namespace chorus::networks::youtube
