#include "networks/linkedin/rest.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::linkedin {
namespace {

namespace json = boost::json;

constexpr Millis day_millis = 86'400'000;

// The first refused input, if the body lists any: its code, what LinkedIn says about it,
// and the field it names ("/content/media/id").
struct InputError {
    std::string code, description, field;
};
InputError input_error(const json::value& answer) {
    const auto* details = member(answer, "errorDetails");
    const auto* inputs = details ? member(*details, "inputErrors") : nullptr;
    if (!inputs || !inputs->is_array() || inputs->get_array().empty()) return {};
    const auto& first = inputs->get_array().front();
    const auto* input = member(first, "input");
    const auto* path = input ? member(*input, "inputPath") : nullptr;
    return {string_at(first, "code"), string_at(first, "description"), path ? string_at(*path, "fieldPath") : std::string()};
}

// LinkedIn prefixes some messages with the Java exception that carried them.
std::string readable(std::string message) {
    if (auto at = message.find("Exception: "); at != std::string::npos) message = message.substr(at + 11);
    return message;
}

}  // namespace

Failure failure_from(const HttpResponse& response, Millis now) {
    const auto answer = parse_json(response.body);
    auto message = readable(string_at(answer, "message"));
    const auto input = input_error(answer);
    if (!input.description.empty() && input.code != "DUPLICATE_POST")
        message += (message.empty() ? "" : ": ") + input.description + (input.field.empty() ? "" : " (" + input.field + ")");
    const auto code = string_at(answer, "code");
    std::string ours;
    if (input.code == "DUPLICATE_POST") ours = "duplicate_content";
    else if (response.status == 401) ours = code == "EXPIRED_ACCESS_TOKEN" ? "token_expired" : code == "REVOKED_ACCESS_TOKEN" ? "token_revoked" : "token_invalid";
    else if (response.status == 403) ours = "forbidden";
    else if (response.status == 404) ours = "not_found";
    else if (response.status == 426 || code == "VERSION_MISSING" || code == "NONEXISTENT_VERSION") ours = "unsupported_api_version";
    else if (response.status == 429) ours = "daily_limit";
    else if (input.field.starts_with("/content")) ours = "media_rejected";
    else if (!input.code.empty()) ours = "invalid_request";
    if (message.empty()) message = code;
    auto failure = status_failure(response, ours, message, now);
    if (response.status == 429 && !failure.retry_at) failure.retry_at = next_utc_midnight(now);
    if (ours == "unsupported_api_version")
        failure.message = "LinkedIn no longer accepts the API version Chorus asked for (" + failure.message + "); upgrade Chorus";
    return failure;
}

std::string duplicate_of(const Failure& failure) {
    if (failure.code != "duplicate_content") return {};
    const auto at = failure.message.find("urn:li:");
    if (at == std::string::npos) return {};
    auto end = failure.message.find_first_of(" \"',;)", at);
    auto urn = failure.message.substr(at, end == std::string::npos ? std::string::npos : end - at);
    while (!urn.empty() && urn.back() == '.') urn.pop_back();
    return urn;
}

std::string encode_urn(const std::string& urn) {
    return boost::urls::encode(urn, boost::urls::unreserved_chars);
}

Millis next_utc_midnight(Millis now) { return (now / day_millis + 1) * day_millis; }

}  // namespace chorus::networks::linkedin
