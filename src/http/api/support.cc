#include "http/api/support.h"

#include <boost/json/serialize.hpp>

#include <charconv>

#include "http/router.h"

namespace chorus::http::api {

Response json_response(int status, const json::value& body) { return Response::json(status, json::serialize(body)); }

Response no_content() {
    Response response;
    response.status = 204;
    return response;
}

Result<accounts::PageRequest> page_from(const Request& request) {
    std::optional<long long> limit;
    if (auto text = request.query_param("limit")) {
        long long value = 0;
        auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec != std::errc() || end != text->data() + text->size())
            return Error::invalid("limit", "must_be_integer", "limit must be a whole number");
        limit = value;
    }
    return accounts::page_request(limit, request.query_param("cursor").value_or(""));
}

json::value time_json(Millis at) { return json::value(format_utc(at)); }

json::value optional_time_json(const std::optional<Millis>& at) {
    return at ? time_json(*at) : json::value(nullptr);
}

Result<accounts::Principal> authenticate(const Request& request, ApiContext& context) {
    if (auto authorization = request.header("authorization")) {
        constexpr std::string_view scheme = "Bearer ";
        if (authorization->rfind(scheme, 0) != 0)
            return Error{ErrorKind::unauthenticated, "invalid_token", "Use Authorization: Bearer <token>", {}, {}};
        return context.identity.authenticate_bearer(authorization->substr(scheme.size()));
    }
    auto token = request.cookie(session_cookie);
    if (!token) return Error{ErrorKind::unauthenticated, "unauthenticated", "Sign in or send an API token", {}, {}};
    auto principal = TRY(context.identity.authenticate_session(*token));
    const bool is_write = request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
    if (is_write && request.header("x-csrf-token").value_or("") != principal.csrf_token)
        return Error{ErrorKind::forbidden, "csrf_token_mismatch",
                     "Send the CSRF token from sign-in in the X-CSRF-Token header", {}, {}};
    return principal;
}

Handler authed(ApiContext& context, AuthedHandler handler) {
    return [&context, handler = std::move(handler)](Request& request) {
        auto principal = authenticate(request, context);
        if (!principal) return error_response(principal.error());
        auto response = handler(request, *principal);
        return response ? std::move(*response) : error_response(response.error());
    };
}

Handler open(std::function<Result<Response>(Request&)> handler) {
    return [handler = std::move(handler)](Request& request) {
        auto response = handler(request);
        return response ? std::move(*response) : error_response(response.error());
    };
}

json::object channel_json(const accounts::Channel& channel) {
    return {{"id", channel.id},
            {"brand_id", channel.brand_id},
            {"network", channel.network},
            {"display_name", channel.display_name},
            {"handle", channel.handle},
            {"status", channel.status},
            {"paused_at", optional_time_json(channel.paused_at)},
            {"health", json::object{{"last_success_at", optional_time_json(channel.last_success_at)},
                                    {"last_error_at", optional_time_json(channel.last_error_at)},
                                    {"last_error", channel.last_error ? json::value(*channel.last_error) : json::value(nullptr)},
                                    {"connected", channel.has_credentials},
                                    {"token_expires_at", optional_time_json(channel.token_expires_at)},
                                    {"token_renews", channel.token_renews}}},
            {"created_at", time_json(channel.created_at)},
            {"updated_at", time_json(channel.updated_at)}};
}

namespace {

json::object user_json(const accounts::User& user) {
    return {{"id", user.id},
            {"email", user.email},
            {"name", user.name},
            {"created_at", time_json(user.created_at)},
            {"must_change_password", user.must_change_password}};
}

}  // namespace

json::object session_json(const accounts::User& user, const accounts::Principal& principal) {
    return {{"user", user_json(user)},
            {"org_id", principal.org_id},
            {"role", std::string(to_string(principal.role))},
            {"csrf_token", principal.csrf_token}};
}

std::string session_cookie_header(const ApiContext& context, const std::string& value, long long max_age_seconds) {
    std::string cookie = std::string(session_cookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                         std::to_string(max_age_seconds);
    if (context.secure_cookies) cookie += "; Secure";
    return cookie;
}

Response session_response(const ApiContext& context, int status, const accounts::SignedIn& signed_in) {
    Response response = json_response(status, session_json(signed_in.user, signed_in.principal));
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(context.identity.policy().session_lifetime);
    response.headers.emplace_back("Set-Cookie", session_cookie_header(context, signed_in.session_token, lifetime.count()));
    return response;
}

Response sign_in_response(const ApiContext& context, const Result<accounts::SignedIn>& outcome, std::chrono::milliseconds slow_down) {
    if (outcome) return session_response(context, 200, *outcome);
    Response response = error_response(outcome.error());
    response.delay = slow_down;
    return response;
}

}  // namespace chorus::http::api
