#pragma once
// What every API route needs: JSON in and out, the error shape, authentication with CSRF,
// and pagination. Only API translation units include Boost.JSON.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/brands.h"
#include "accounts/listing.h"
#include "accounts/principal.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/api/api.h"
#include "http/api/json_input.h"
#include "http/message.h"

namespace chorus::http::api {

namespace json = boost::json;

Response json_response(int status, const json::value& body);
Response no_content();

Result<accounts::PageRequest> page_from(const Request& request);

template <class T, class ToJson>
json::value page_json(const accounts::Page<T>& page, ToJson to_json) {
    json::array items;
    for (const auto& item : page.items) items.push_back(to_json(item));
    json::object out;
    out["items"] = std::move(items);
    out["next_cursor"] = page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr);
    return out;
}

json::value time_json(Millis at);
json::value optional_time_json(const std::optional<Millis>& at);

// A channel as every route shows it (never its credentials).
json::object channel_json(const accounts::Channel& channel);

// Authenticates from the session cookie or an Authorization: Bearer token; for cookie
// sessions a write must echo the CSRF token in X-CSRF-Token.
Result<accounts::Principal> authenticate(const Request& request, ApiContext& context);

// Wraps a handler that needs a signed-in caller; its Errors become API error responses.
using AuthedHandler = std::function<Result<Response>(Request&, const accounts::Principal&)>;
Handler authed(ApiContext& context, AuthedHandler handler);
// Same, for handlers that need no caller.
Handler open(std::function<Result<Response>(Request&)> handler);

constexpr std::string_view session_cookie = "chorus_session";

// A signed-in user as sign-in and /auth/me show it.
json::object session_json(const accounts::User& user, const accounts::Principal& principal);
std::string session_cookie_header(const ApiContext& context, const std::string& value, long long max_age_seconds);
// The session's JSON with its cookie: the answer of everything that signs someone in.
Response session_response(const ApiContext& context, int status, const accounts::SignedIn& signed_in);
// A password check's answer: the session, or the error held back by `slow_down`.
Response sign_in_response(const ApiContext& context, const Result<accounts::SignedIn>& outcome, std::chrono::milliseconds slow_down);

}  // namespace chorus::http::api
