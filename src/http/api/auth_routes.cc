#include <boost/json/serialize.hpp>

#include "http/api/routes.h"
#include "http/api/support.h"

namespace chorus::http::api {
namespace {

json::object token_json(const accounts::ApiToken& token) {
    json::object out{{"id", token.id},
                     {"name", token.name},
                     {"created_at", time_json(token.created_at)},
                     {"last_used_at", optional_time_json(token.last_used_at)}};
    if (!token.secret.empty()) out["token"] = token.secret;  // shown once, at creation
    return out;
}

}  // namespace

void add_auth_routes(Router& router, ApiContext& context) {
    router.add("POST", "/api/v1/auth/login", [&context](Request& request) {
        auto body = json_body(request);
        if (!body) return error_response(body.error());
        auto email = optional_string(*body, "email");
        auto password = optional_string(*body, "password");
        auto org_id = optional_string(*body, "org_id");
        for (auto* field : {&email, &password, &org_id})
            if (!*field) return error_response(field->error());
        std::chrono::milliseconds slow_down{0};
        auto signed_in = context.identity.login(
            {email->value_or(""), password->value_or(""), request.remote_address, org_id->value_or("")}, slow_down);
        return sign_in_response(context, signed_in, slow_down);
    });

    // The first-run page: an installation without any user (started with --first-owner web)
    // creates its owner and organisation here, once, and is signed in.
    router.add("GET", "/api/v1/setup", [&context](Request&) {
        return json_response(200, json::object{{"needed", !context.identity.any_user_exists()}});
    });
    router.add("POST", "/api/v1/setup", open([&context](Request& request) -> Result<Response> {
        auto body = TRY(json_body(request));
        accounts::NewUser owner;
        owner.email = TRY(required_string(body, "email"));
        owner.password = TRY(required_string(body, "password"));
        owner.name = TRY(optional_string(body, "name")).value_or("");
        const auto organisation = TRY(required_string(body, "organisation"));
        TRY(context.organisations.set_up_first_owner(organisation, owner));
        std::chrono::milliseconds ignored{0};
        auto signed_in = TRY(context.identity.login({owner.email, owner.password, request.remote_address, ""}, ignored));
        return session_response(context, 201, signed_in);
    }));

    router.add("POST", "/api/v1/auth/logout", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                          -> Result<Response> {
        if (!caller.via_session)
            return Error::invalid("authorization", "not_a_session", "API tokens are revoked with DELETE /api/v1/tokens/{id}");
        TRY(context.identity.logout(request.cookie(session_cookie).value_or("")));
        Response response = no_content();
        response.headers.emplace_back("Set-Cookie", session_cookie_header(context, "", 0));
        return response;
    }));

    router.add("GET", "/api/v1/auth/me", authed(context, [&context](Request&, const accounts::Principal& caller)
                                                    -> Result<Response> {
        auto user = TRY(context.identity.user(caller.user_id));
        json::object out = session_json(user, caller);
        if (!caller.via_session) out.erase("csrf_token");
        return json_response(200, out);
    }));

    router.add("POST", "/api/v1/auth/switch", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                         -> Result<Response> {
        if (!caller.via_session)
            return Error::invalid("authorization", "not_a_session", "An API token belongs to one organisation");
        auto body = TRY(json_body(request));
        auto org_id = TRY(required_string(body, "org_id"));
        auto principal = TRY(context.identity.switch_organisation(request.cookie(session_cookie).value_or(""), org_id));
        auto user = TRY(context.identity.user(principal.user_id));
        return json_response(200, session_json(user, principal));
    }));

    router.add("POST", "/api/v1/auth/password", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                           -> Result<Response> {
        auto body = TRY(json_body(request));
        auto current = TRY(required_string(body, "current_password"));
        auto replacement = TRY(required_string(body, "new_password"));
        const std::string session = caller.via_session ? request.cookie(session_cookie).value_or("") : std::string();
        const bool revoke = TRY(optional_bool(body, "revoke_api_tokens"));
        TRY(context.identity.change_password(caller, session, current, replacement, revoke));
        return no_content();
    }));

    router.add("GET", "/api/v1/tokens", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                   -> Result<Response> {
        auto page = TRY(page_from(request));
        auto tokens = TRY(context.identity.tokens(caller, page));
        return json_response(200, page_json(tokens, token_json));
    }));

    router.add("POST", "/api/v1/tokens", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                    -> Result<Response> {
        auto body = TRY(json_body(request));
        auto name = TRY(required_string(body, "name"));
        auto token = TRY(context.identity.create_token(caller, name));
        return json_response(201, token_json(token));
    }));

    router.add("DELETE", "/api/v1/tokens/{id}", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                           -> Result<Response> {
        TRY(context.identity.revoke_token(caller, request.param("id")));
        return no_content();
    }));
}

}  // namespace chorus::http::api
