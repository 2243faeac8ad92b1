#include "http/api/routes.h"
#include "http/api/support.h"

namespace chorus::http::api {
namespace {

json::object org_json(const accounts::Organisation& org) {
    return {{"id", org.id},
            {"name", org.name},
            {"role", std::string(to_string(org.role))},
            {"created_at", time_json(org.created_at)},
            {"updated_at", time_json(org.updated_at)}};
}

json::object member_json(const accounts::Member& member) {
    return {{"user_id", member.user_id},
            {"email", member.email},
            {"name", member.name},
            {"role", std::string(to_string(member.role))},
            {"joined_at", time_json(member.joined_at)}};
}

}  // namespace

void add_org_routes(Router& router, ApiContext& context) {
    auto& orgs = context.organisations;

    router.add("GET", "/api/v1/orgs", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                 -> Result<Response> {
        auto page = TRY(page_from(request));
        return json_response(200, page_json(TRY(orgs.mine(caller, page)), org_json));
    }));
    router.add("POST", "/api/v1/orgs", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                  -> Result<Response> {
        auto body = TRY(json_body(request));
        auto name = TRY(required_string(body, "name"));
        return json_response(201, org_json(TRY(orgs.create(caller, name))));
    }));
    router.add("GET", "/api/v1/orgs/{id}", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                      -> Result<Response> {
        return json_response(200, org_json(TRY(orgs.get(caller, request.param("id")))));
    }));
    router.add("PATCH", "/api/v1/orgs/{id}", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                        -> Result<Response> {
        auto body = TRY(json_body(request));
        auto name = TRY(required_string(body, "name"));
        return json_response(200, org_json(TRY(orgs.rename(caller, request.param("id"), name))));
    }));
    router.add("DELETE", "/api/v1/orgs/{id}", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                         -> Result<Response> {
        TRY(orgs.remove(caller, request.param("id")));
        return no_content();
    }));

    router.add("GET", "/api/v1/members", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                    -> Result<Response> {
        auto page = TRY(page_from(request));
        return json_response(200, page_json(TRY(orgs.members(caller, page)), member_json));
    }));
    router.add("POST", "/api/v1/members", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                     -> Result<Response> {
        auto body = TRY(json_body(request));
        accounts::NewMember input;
        input.email = TRY(required_string(body, "email"));
        input.role = TRY(required_string(body, "role"));
        input.password = TRY(optional_string(body, "password")).value_or("");
        input.name = TRY(optional_string(body, "name")).value_or("");
        return json_response(201, member_json(TRY(orgs.add_member(caller, input))));
    }));
    router.add("GET", "/api/v1/members/{user_id}", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                              -> Result<Response> {
        return json_response(200, member_json(TRY(orgs.member(caller, request.param("user_id")))));
    }));
    router.add("PATCH", "/api/v1/members/{user_id}", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                                -> Result<Response> {
        auto body = TRY(json_body(request));
        auto role = TRY(required_string(body, "role"));
        return json_response(200, member_json(TRY(orgs.change_role(caller, request.param("user_id"), role))));
    }));
    router.add("DELETE", "/api/v1/members/{user_id}", authed(context, [&orgs](Request& request, const accounts::Principal& caller)
                                                                 -> Result<Response> {
        TRY(orgs.remove_member(caller, request.param("user_id")));
        return no_content();
    }));
}

}  // namespace chorus::http::api
