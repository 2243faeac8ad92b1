#include "http/api/routes.h"
#include "http/api/support.h"

namespace chorus::http::api {
namespace {

json::object brand_json(const accounts::Brand& brand) {
    return {{"id", brand.id},
            {"name", brand.name},
            {"time_zone", brand.time_zone},
            {"colour", brand.colour},
            {"avatar_url", brand.avatar_url ? json::value(*brand.avatar_url) : json::value(nullptr)},
            {"created_at", time_json(brand.created_at)},
            {"updated_at", time_json(brand.updated_at)}};
}

Result<accounts::BrandChanges> brand_changes(const json::object& body) {
    accounts::BrandChanges changes;
    changes.name = TRY(optional_string(body, "name"));
    changes.time_zone = TRY(optional_string(body, "time_zone"));
    changes.colour = TRY(optional_string(body, "colour"));
    changes.avatar_url = TRY(nullable_string(body, "avatar_url"));
    return changes;
}

Result<accounts::ChannelChanges> channel_changes(const json::object& body) {
    accounts::ChannelChanges changes;
    changes.brand_id = TRY(optional_string(body, "brand_id"));
    changes.network = TRY(optional_string(body, "network"));
    changes.display_name = TRY(optional_string(body, "display_name"));
    changes.handle = TRY(optional_string(body, "handle"));
    changes.status = TRY(optional_string(body, "status"));
    return changes;
}

}  // namespace

void add_brand_routes(Router& router, ApiContext& context) {
    auto& brands = context.brands;
    auto& channels = context.channels;
    auto& connections = context.connections;

    router.add("GET", "/api/v1/brands", authed(context, [&brands](Request& request, const accounts::Principal& caller)
                                                   -> Result<Response> {
        auto page = TRY(page_from(request));
        return json_response(200, page_json(TRY(brands.list(caller, page)), brand_json));
    }));
    router.add("POST", "/api/v1/brands", authed(context, [&brands](Request& request, const accounts::Principal& caller)
                                                    -> Result<Response> {
        auto changes = TRY(brand_changes(TRY(json_body(request))));
        return json_response(201, brand_json(TRY(brands.create(caller, changes))));
    }));
    router.add("GET", "/api/v1/brands/{id}", authed(context, [&brands](Request& request, const accounts::Principal& caller)
                                                        -> Result<Response> {
        return json_response(200, brand_json(TRY(brands.get(caller, request.param("id")))));
    }));
    router.add("PATCH", "/api/v1/brands/{id}", authed(context, [&brands](Request& request, const accounts::Principal& caller)
                                                          -> Result<Response> {
        auto changes = TRY(brand_changes(TRY(json_body(request))));
        return json_response(200, brand_json(TRY(brands.update(caller, request.param("id"), changes))));
    }));
    router.add("DELETE", "/api/v1/brands/{id}", authed(context, [&brands](Request& request, const accounts::Principal& caller)
                                                           -> Result<Response> {
        TRY(brands.remove(caller, request.param("id")));
        return no_content();
    }));

    router.add("GET", "/api/v1/channels", authed(context, [&channels](Request& request, const accounts::Principal& caller)
                                                     -> Result<Response> {
        auto page = TRY(page_from(request));
        auto listed = TRY(channels.list(caller, request.query_param("brand_id").value_or(""), page));
        return json_response(200, page_json(listed, channel_json));
    }));
    // With an app password the account is connected (or reconnected) at once; without, the
    // channel is only a record until it is connected.
    router.add("POST", "/api/v1/channels", authed(context, [&channels, &connections](Request& request, const accounts::Principal& caller)
                                                      -> Result<Response> {
        const auto body = TRY(json_body(request));
        if (body.contains("app_password")) {
            channels::PasswordConnect input;
            input.brand_id = TRY(optional_string(body, "brand_id")).value_or("");
            input.network = TRY(optional_string(body, "network")).value_or("");
            input.identifier = TRY(optional_string(body, "identifier")).value_or("");
            input.password = TRY(optional_string(body, "app_password")).value_or("");
            input.service = TRY(optional_string(body, "service")).value_or("");
            auto connected = TRY(connections.connect_with_password(caller, input));
            return json_response(connected.created ? 201 : 200, channel_json(connected.channel));
        }
        auto changes = TRY(channel_changes(body));
        return json_response(201, channel_json(TRY(channels.create(caller, changes))));
    }));
    router.add("GET", "/api/v1/channels/{id}", authed(context, [&channels](Request& request, const accounts::Principal& caller)
                                                          -> Result<Response> {
        return json_response(200, channel_json(TRY(channels.get(caller, request.param("id")))));
    }));
    router.add("PATCH", "/api/v1/channels/{id}", authed(context, [&channels](Request& request, const accounts::Principal& caller)
                                                            -> Result<Response> {
        auto changes = TRY(channel_changes(TRY(json_body(request))));
        return json_response(200, channel_json(TRY(channels.update(caller, request.param("id"), changes))));
    }));
    router.add("DELETE", "/api/v1/channels/{id}", authed(context, [&channels](Request& request, const accounts::Principal& caller)
                                                             -> Result<Response> {
        TRY(channels.remove(caller, request.param("id")));
        return no_content();
    }));
    // Where a post on this channel can go (a Pinterest account's boards), asked of the
    // network: {"option": "board_id", "items": [{"id", "name", "detail"}]}; the option is
    // "" and the list empty for networks without such a choice.
    router.add("GET", "/api/v1/channels/{id}/destinations", authed(context, [&context](Request& request, const accounts::Principal& caller)
                                                                      -> Result<Response> {
        const auto found = TRY(context.destinations.list(caller, request.param("id")));
        json::array items;
        for (const auto& item : found.items) items.push_back(json::object{{"id", item.id}, {"name", item.name}, {"detail", item.detail}});
        return json_response(200, json::object{{"option", found.option}, {"items", std::move(items)}});
    }));
}

}  // namespace chorus::http::api
