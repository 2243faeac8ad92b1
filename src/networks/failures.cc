#include "networks/failures.h"

#include <charconv>
#include <ctime>

namespace chorus::networks {

Failure local_failure(FailureClass kind, std::string code, std::string message) {
    Failure failure;
    failure.kind = kind;
    failure.code = std::move(code);
    failure.message = std::move(message);
    return failure;
}

Failure transport_failure(const TransportError& error) {
    Failure failure;
    if (error.request_sent) {
        failure.kind = FailureClass::transient;
        failure.code = error.timed_out ? "timeout" : "connection_lost";
        failure.maybe_created = true;
    } else {
        failure.kind = FailureClass::network_fault;
        failure.code = error.timed_out ? "connect_timeout" : "unreachable";
    }
    failure.message = error.message;
    return failure;
}

Failure status_failure(const HttpResponse& response, std::string code, std::string message, Millis now) {
    Failure failure;
    failure.http_status = response.status;
    failure.code = std::move(code);
    failure.message = std::move(message);
    if (response.status == 429) {
        failure.kind = FailureClass::rate_limited;
        if (auto header = response.header("retry-after")) failure.retry_at = parse_retry_after(*header, now);
    } else if (response.status == 401) {
        failure.kind = FailureClass::auth;
    } else if (response.status >= 500) {
        failure.kind = FailureClass::transient;
        failure.maybe_created = true;
    } else {
        failure.kind = FailureClass::validation;
    }
    if (failure.code.empty()) failure.code = "http_" + std::to_string(response.status);
    if (failure.message.empty()) failure.message = "The network answered HTTP " + std::to_string(response.status);
    return failure;
}

std::optional<Millis> parse_retry_after(std::string_view value, Millis now) {
    long long seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc() && end == value.data() + value.size() && seconds >= 0) return now + seconds * 1000;
    std::tm tm{};
    std::string text(value);
    if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
    return static_cast<Millis>(timegm(&tm)) * 1000;
}

std::optional<Millis> parse_iso8601(std::string_view value) {
    std::tm tm{};
    std::string text(value);
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == nullptr) return std::nullopt;
    Millis millis = 0;
    if (*rest == '.') {
        int digits = 0;
        for (++rest; *rest >= '0' && *rest <= '9'; ++rest)
            if (digits++ < 3) millis = millis * 10 + (*rest - '0');
        for (; digits < 3; ++digits) millis *= 10;
    }
    if (*rest != 'Z' && std::string_view(rest) != "+00:00") return std::nullopt;
    return static_cast<Millis>(timegm(&tm)) * 1000 + millis;
}

}  // namespace chorus::networks
