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

json::object invitation_json(const accounts::Invitation& invitation, const std::string& public_url) {
    json::object out{{"id", invitation.id},
                     {"email", invitation.email},
                     {"name", invitation.name},
                     {"role", std::string(to_string(invitation.role))},
                     {"invited_by", invitation.invited_by},
                     {"created_at", time_json(invitation.created_at)},
                     {"expires_at", time_json(invitation.expires_at)}};
    // Shown once, at creation. The token rides in the fragment, which browsers never send:
    // it stays out of access logs and Referer headers.
    if (!invitation.token.empty()) {
        out["token"] = invitation.token;
        out["accept_url"] = public_url + "/invite#" + invitation.token;
    }
    return out;
}

json::object preview_json(const accounts::InvitationPreview& preview) {
    return {{"organisation", preview.organisation},
            {"email", preview.email},
            {"name", preview.name},
            {"role", std::string(to_string(preview.role))},
            {"invited_by", preview.invited_by},
            {"expires_at", time_json(preview.expires_at)}};
}

void add_invitation_routes(Router& router, ApiContext& context) {
    auto& invitations = context.invitations;
    router.add("GET", "/api/v1/invitations", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                        -> Result<Response> {
        auto page = TRY(page_from(request));
        return json_response(200, page_json(TRY(context.invitations.pending(caller, page)),
                                            [&](const accounts::Invitation& i) { return invitation_json(i, context.public_url); }));
    }));
    router.add("POST", "/api/v1/invitations", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                         -> Result<Response> {
        auto body = TRY(json_body(request));
        accounts::NewInvitation input;
        input.email = TRY(required_string(body, "email"));
        input.role = TRY(required_string(body, "role"));
        input.name = TRY(optional_string(body, "name")).value_or("");
        return json_response(201, invitation_json(TRY(context.invitations.invite(caller, input)), context.public_url));
    }));
    router.add("DELETE", "/api/v1/invitations/{id}", authed(context, [&invitations](Request& request, const accounts::Principal& caller)
                                                                -> Result<Response> {
        TRY(invitations.cancel(caller, request.param("id")));
        return no_content();
    }));

    // The link's two steps, for someone who may not be signed in: what it offers, then yes.
    router.add("POST", "/api/v1/invitations/preview", open([&invitations](Request& request) -> Result<Response> {
        auto body = TRY(json_body(request));
        auto token = TRY(required_string(body, "token"));
        return json_response(200, preview_json(TRY(invitations.preview(token))));
    }));
    router.add("POST", "/api/v1/invitations/accept", [&context](Request& request) {
        auto accepted = [&](std::chrono::milliseconds& slow_down) -> Result<accounts::SignedIn> {
            auto body = TRY(json_body(request));
            accounts::Acceptance input;
            input.token = TRY(required_string(body, "token"));
            input.password = TRY(required_string(body, "password"));
            input.name = TRY(optional_string(body, "name")).value_or("");
            input.address = request.remote_address;
            return context.invitations.accept(input, slow_down);
        };
        std::chrono::milliseconds slow_down{0};
        auto signed_in = accepted(slow_down);
        return sign_in_response(context, signed_in, slow_down);
    });
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
    // Nobody is made a member without saying yes (see accounts/invitations.h).
    router.add("POST", "/api/v1/members", [](Request&) {
        Response response = error_response({ErrorKind::method_not_allowed, "members_join_by_invitation",
                                            "Members join by invitation: POST /api/v1/invitations {\"email\", \"role\"}", {}, {}});
        response.headers.emplace_back("Allow", "GET");
        return response;
    });
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
    add_invitation_routes(router, context);
}

}  // namespace chorus::http::api
