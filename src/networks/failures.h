#pragma once
// The common part of turning an HTTP exchange into the failure taxonomy. Connectors call
// these first and then refine with what their network's error bodies say.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "networks/connector.h"
#include "networks/http_client.h"

namespace chorus::networks {

// A failure decided on this side, not answered by the network (nothing was sent).
Failure local_failure(FailureClass kind, std::string code, std::string message);

// A transport failure: sent-but-unanswered is transient and maybe created; never sent is a
// network fault and certainly not created; a private address a public-only client refused
// is validation (server_address_not_public).
Failure transport_failure(const TransportError& error);

// An HTTP error status with the network's own message. 429 → rate_limited (Retry-After
// honoured), 401 → auth, other 4xx → validation, 5xx → transient and maybe created (a
// server can fail after it has stored the post).
Failure status_failure(const HttpResponse& response, std::string code, std::string message, Millis now);

// An ISO 8601 time ("2026-11-23T15:40:00.000Z", "2026-11-23T16:40:00+01:00"; fraction optional),
// as UTC; nullopt when unreadable.
std::optional<Millis> parse_iso8601(std::string_view value);

// A header holding a whole number (x-rate-limit-remaining); nullopt when absent or not one.
std::optional<std::int64_t> header_number(const HttpResponse& response, std::string_view lower_case_name);

// Seconds a network gave (a header, a JSON field) as milliseconds, saturated: a hostile
// server's huge number is a far future, never an overflow.
Millis millis_from_seconds(std::int64_t seconds);

// Retry-After as delta-seconds or an HTTP-date; nullopt when absent or unreadable.
std::optional<Millis> parse_retry_after(std::string_view value, Millis now);

}  // namespace chorus::networks
