#pragma once
// An Error is a value: a stable machine code, a human sentence and, when one applies,
// the input field it concerns. The HTTP layer turns its kind into a status without
// knowing which domain produced it.
#include <chrono>
#include <optional>
#include <string>

namespace chorus {

enum class ErrorKind {
    malformed,               // 400: the request cannot be parsed
    unauthenticated,         // 401
    forbidden,               // 403
    not_found,               // 404
    method_not_allowed,      // 405
    conflict,                // 409
    too_large,               // 413
    unsupported_media_type,  // 415
    invalid,                 // 422: well-formed but breaks a rule
    rate_limited,            // 429
    bad_gateway,             // 502: a social network failed or could not be reached
    unavailable,             // 503
    internal,                // 500: our fault, never the caller's input
};

struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string code;     // snake_case, stable: clients branch on it
    std::string message;  // a sentence for a person
    std::string field;    // dotted path of the offending input field, empty when none
    std::optional<std::chrono::seconds> retry_after;

    static Error invalid(std::string field, std::string code, std::string message) {
        return {ErrorKind::invalid, std::move(code), std::move(message), std::move(field), {}};
    }
    static Error not_found(std::string what) {
        return {ErrorKind::not_found, "not_found", std::move(what) + " was not found", {}, {}};
    }
    static Error forbidden(std::string message) {
        return {ErrorKind::forbidden, "forbidden", std::move(message), {}, {}};
    }
    static Error conflict(std::string code, std::string message, std::string field = {}) {
        return {ErrorKind::conflict, std::move(code), std::move(message), std::move(field), {}};
    }
    static Error internal(std::string message) {
        return {ErrorKind::internal, "internal_error", std::move(message), {}, {}};
    }
};

int http_status(ErrorKind kind);

}  // namespace chorus
