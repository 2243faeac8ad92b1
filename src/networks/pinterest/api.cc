#include "networks/pinterest/api.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"
#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::pinterest {
namespace {

// x-ratelimit-reset is documented by name only: read small values as seconds from now and
// large ones as a Unix time, which covers both ways such headers are written.
std::optional<Millis> reset_at(const HttpResponse& response, Millis now) {
    const auto reset = header_number(response, "x-ratelimit-reset");
    if (!reset) return std::nullopt;
    return *reset > 1'000'000'000 ? millis_from_seconds(*reset) : now + millis_from_seconds(*reset);
}

bool mentions(std::string_view text, std::string_view word) { return to_lower_ascii(text).find(word) != std::string::npos; }

}  // namespace

Failure failure_from(const HttpResponse& response, Millis now) {
    const auto answer = parse_json(response.body);
    auto message = string_at(answer, "message");
    if (message.empty()) message = "Pinterest answered " + std::to_string(response.status);
    std::string code;
    if (response.status == 401) code = "token_invalid";
    else if (response.status == 403) code = mentions(message, "scope") ? "missing_scope" : "forbidden";
    else if (response.status == 404) code = "not_found";
    else if (response.status == 429) code = "rate_limited";
    else if (response.status == 400 || response.status == 422)
        code = mentions(message, "image") || mentions(message, "video") || mentions(message, "media") ? "media_rejected" : "invalid_request";
    auto failure = status_failure(response, code.empty() ? "http_" + std::to_string(response.status) : code, message, now);
    if (const auto* number = member(answer, "code"); number && number->is_int64())
        failure.message += " (code " + std::to_string(number->get_int64()) + ")";
    if (code == "missing_scope") failure.kind = FailureClass::auth;  // only connecting again grants it
    if (response.status == 429 && !failure.retry_at) {
        // Without a reset, a minute: the window of Standard access's categories.
        failure.retry_at = reset_at(response, now).value_or(now + 60'000);
    }
    return failure;
}

std::optional<Budget> budget_from(const HttpResponse& response, const std::string& channel_id, Millis now) {
    const auto remaining = header_number(response, "x-ratelimit-remaining");
    const auto reset = reset_at(response, now);
    if (!remaining || !reset) return std::nullopt;
    return Budget{"channel:" + channel_id, *remaining, *reset};
}

}  // namespace chorus::networks::pinterest
