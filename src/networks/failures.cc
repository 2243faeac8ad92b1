#include "networks/failures.h"

#include <algorithm>
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
    if (error.address_refused) {
        // The administrator's rule, not the network's state: retrying cannot help.
        failure.kind = FailureClass::validation;
        failure.code = "server_address_not_public";
        failure.message = "The server's address is a private one (loopback, local network or similar). This Chorus reaches "
                          "servers on public addresses only, unless its administrator allows private ones "
                          "(--allow-private-servers).";
        return failure;
    }
    // Said in words a person uses; what libcurl said stays after "Details:" for whoever
    // diagnoses it (the web app shows it folded away).
    if (error.request_sent) {
        failure.kind = FailureClass::transient;
        failure.code = error.timed_out ? "timeout" : "connection_lost";
        failure.maybe_created = true;
        failure.message = error.timed_out ? "The network took too long to answer." : "The connection to the network broke before it answered.";
    } else {
        failure.kind = FailureClass::network_fault;
        failure.code = error.timed_out ? "connect_timeout" : "unreachable";
        failure.message = error.timed_out ? "The network's server did not answer in time." : "Chorus could not reach the network's server.";
    }
    if (!error.message.empty()) failure.message += " Details: " + error.message;
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

std::optional<std::int64_t> header_number(const HttpResponse& response, std::string_view lower_case_name) {
    const auto text = response.header(lower_case_name);
    if (!text) return std::nullopt;
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return number;
}

Millis millis_from_seconds(std::int64_t seconds) {
    // About 300,000 years either way: far beyond any date, far from overflowing with `now` added.
    constexpr std::int64_t limit = 10'000'000'000'000;
    return std::clamp(seconds, -limit, limit) * 1000;
}

std::optional<Millis> parse_retry_after(std::string_view value, Millis now) {
    long long seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc() && end == value.data() + value.size() && seconds >= 0) return now + millis_from_seconds(seconds);
    std::tm tm{};
    std::string text(value);
    if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
    return millis_from_seconds(timegm(&tm));
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
    // Z, or an offset: +02:00, -0500 (Meta), -00:00 (Pinterest).
    Millis offset = 0;
    const std::string_view zone(rest);
    if (zone != "Z") {
        const bool colon = zone.size() == 6 && zone[3] == ':';
        if ((zone.size() != 5 && !colon) || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
        const std::string digits = std::string(zone.substr(1, 2)) + std::string(zone.substr(colon ? 4 : 3, 2));
        if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        offset = (std::stoi(digits.substr(0, 2)) * 60 + std::stoi(digits.substr(2, 2))) * 60'000;
        if (zone[0] == '-') offset = -offset;
    }
    return millis_from_seconds(timegm(&tm)) + millis - offset;
}

}  // namespace chorus::networks
