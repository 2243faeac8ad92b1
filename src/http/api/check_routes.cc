#include <boost/json/serialize.hpp>

#include "http/api/check_json.h"
#include "http/api/routes.h"
#include "http/api/support.h"
#include "networks/rules.h"
#include "publishing/post_content.h"

namespace chorus::http::api {
namespace {

json::object check_object(const networks::Check& check) {
    json::array problems;
    for (const auto& problem : check.problems) {
        json::object item{{"code", problem.code},
                          {"message", problem.message},
                          {"severity", problem.severity == networks::Severity::error ? "error" : "warning"}};
        if (problem.range) item["range"] = json::object{{"start", problem.range->start}, {"end", problem.range->end}};
        problems.push_back(std::move(item));
    }
    json::object out{{"network", check.network}, {"length", check.length}, {"limit", check.limit},
                     {"unit", check.unit},       {"valid", check.valid},   {"problems", std::move(problems)}};
    if (check.facets) {
        json::array facets;
        for (const auto& facet : *check.facets)
            facets.push_back(json::object{{"type", facet.kind},
                                          {"byte_start", facet.byte_start},
                                          {"byte_end", facet.byte_end},
                                          {"value", facet.value}});
        out["facets"] = std::move(facets);
    }
    return out;
}

Result<std::optional<double>> optional_number(const json::object& body, std::string_view field, const std::string& path) {
    auto it = body.find(field);
    if (it == body.end() || it->value().is_null()) return std::optional<double>{};
    if (!it->value().is_number() || it->value().to_number<double>() < 0)
        return Error::invalid(path, "must_be_non_negative_number", path + " must be a number of at least 0");
    return std::optional<double>{it->value().to_number<double>()};
}

Result<networks::MediaFacts> media_from(const json::value& value, const std::string& path) {
    if (!value.is_object()) return Error::invalid(path, "must_be_object", path + " must be an object");
    const auto& item = value.as_object();
    networks::MediaFacts media;
    auto kind = TRY(optional_string(item, "kind")).value_or("");
    if (kind == "image") media.kind = networks::MediaFacts::Kind::image;
    else if (kind == "video") media.kind = networks::MediaFacts::Kind::video;
    else if (kind == "gif") media.kind = networks::MediaFacts::Kind::gif;
    else return Error::invalid(path + ".kind", "unknown_media_kind", path + ".kind must be image, video or gif");
    if (auto n = TRY(optional_number(item, "size_bytes", path + ".size_bytes"))) media.size_bytes = static_cast<std::size_t>(*n);
    if (auto n = TRY(optional_number(item, "width", path + ".width"))) media.width = static_cast<int>(*n);
    if (auto n = TRY(optional_number(item, "height", path + ".height"))) media.height = static_cast<int>(*n);
    media.duration_seconds = TRY(optional_number(item, "duration_seconds", path + ".duration_seconds"));
    media.alt_text = TRY(optional_string(item, "alt_text")).value_or("");
    return media;
}

// The composer asks per channel (channel_ids) so that a channel's own server limits apply
// (a Mastodon instance's length); scripts may ask per network name.
struct WantedCheck {
    const networks::NetworkRules* rules;
    networks::NetworkSettings settings;
    std::string channel_id;  // empty for a bare network name
};

Result<void> add_networks(const json::object& body, std::vector<WantedCheck>& out) {
    auto field = body.find("networks");
    if (field == body.end() || field->value().is_null()) return {};
    if (!field->value().is_array()) return Error::invalid("networks", "must_be_list", "networks must be a list of network names");
    networks::NetworkSettings defaults;
    if (auto max = TRY(optional_number(body, "mastodon_max_characters", "mastodon_max_characters")))
        defaults.mastodon_max_characters = static_cast<std::size_t>(*max);
    const auto& names = field->value().as_array();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string path = "networks[" + std::to_string(i) + "]";
        const auto* rules = names[i].is_string() ? networks::rules_for(std::string(names[i].as_string())) : nullptr;
        if (!rules) {
            std::string known;
            for (auto name : networks::network_names()) known += (known.empty() ? "" : ", ") + std::string(name);
            return Error::invalid(path, "unknown_network", path + " must be one of: " + known);
        }
        out.push_back({rules, defaults, {}});
    }
    return {};
}

Result<void> add_channels(const json::object& body, accounts::Channels& channels, const accounts::Principal& caller,
                          std::vector<WantedCheck>& out) {
    auto field = body.find("channel_ids");
    if (field == body.end() || field->value().is_null()) return {};
    if (!field->value().is_array()) return Error::invalid("channel_ids", "must_be_list", "channel_ids must be a list of channel ids");
    const auto& ids = field->value().as_array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string path = "channel_ids[" + std::to_string(i) + "]";
        const auto unknown = Error::invalid(path, "unknown_channel", path + " does not name a channel of this organisation");
        if (!ids[i].is_string()) return unknown;
        auto channel = channels.get(caller, std::string(ids[i].as_string()));
        if (!channel) return channel.error().kind == ErrorKind::not_found ? unknown : channel.error();
        const auto* rules = networks::rules_for(channel->network);
        if (!rules) return Error::invalid(path, "no_rules", path + " is a channel of a network without rules (" + channel->network + ")");
        out.push_back({rules, publishing::network_settings(channel->settings), channel->id});
    }
    return {};
}

}  // namespace

std::string check_to_json(const networks::Check& check) { return json::serialize(check_object(check)); }

void add_check_routes(Router& router, ApiContext& context) {
    auto& channels = context.channels;
    router.add("POST", "/api/v1/check", authed(context, [&channels](Request& request, const accounts::Principal& caller) -> Result<Response> {
        auto body = TRY(json_body(request));
        networks::Draft draft;
        draft.text = TRY(required_string(body, "text"));
        draft.title = TRY(optional_string(body, "title"));
        draft.link = TRY(optional_string(body, "link"));
        std::vector<WantedCheck> wanted;
        TRY(add_networks(body, wanted));
        TRY(add_channels(body, channels, caller, wanted));
        if (wanted.empty())
            return Error::invalid("networks", "required", "networks or channel_ids must name at least one network or channel");
        if (auto media = body.find("media"); media != body.end() && !media->value().is_null()) {
            if (!media->value().is_array()) return Error::invalid("media", "must_be_list", "media must be a list");
            const auto& items = media->value().as_array();
            for (std::size_t i = 0; i < items.size(); ++i)
                draft.media.push_back(TRY(media_from(items[i], "media[" + std::to_string(i) + "]")));
        }
        json::array checks;
        for (const auto& one : wanted) {
            auto check = check_object(networks::check_draft(*one.rules, draft, one.settings));
            if (!one.channel_id.empty()) check["channel_id"] = one.channel_id;
            checks.push_back(std::move(check));
        }
        return json_response(200, json::object{{"checks", std::move(checks)}});
    }));

    // The card a network would make of a link, for the composer's preview. The page is read
    // on the server on public addresses only (a user cannot make Chorus call its own
    // network); a page that cannot be read is a card with no title, not an error.
    router.add("GET", "/api/v1/link-preview", authed(context, [&context](Request& request, const accounts::Principal& caller) -> Result<Response> {
        if (!is_at_least(caller.role, Role::contributor)) return Error::forbidden("Your role cannot write posts");
        const auto url = request.query_param("url").value_or("");
        if (url.empty()) return Error::invalid("url", "required", "url is required");
        if (url.size() > 2048 || !(url.starts_with("https://") || url.starts_with("http://")))
            return Error::invalid("url", "invalid_url", "url must be an http or https address of at most 2,048 characters");
        auto optional = [](const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); };
        json::object card{{"url", url}, {"title", nullptr}, {"description", nullptr}, {"image_url", nullptr}};
        if (const auto preview = context.link_pages ? context.link_pages->preview(url) : std::nullopt) {
            card["title"] = optional(preview->title);
            card["description"] = optional(preview->description);
            card["image_url"] = optional(preview->image_url);
        }
        return json_response(200, card);
    }));
}

}  // namespace chorus::http::api
