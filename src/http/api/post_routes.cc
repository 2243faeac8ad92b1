#include <boost/json.hpp>

#include <algorithm>

#include "http/api/routes.h"
#include "http/api/support.h"
#include "publishing/local_time.h"

namespace chorus::http::api {
namespace {

using publishing::Post;
using publishing::PostInput;
using publishing::Target;

json::value optional_json(const std::optional<std::string>& text) { return text ? json::value(*text) : json::value(nullptr); }

json::array strings_json(const std::vector<std::string>& texts) {
    json::array out;
    for (const auto& text : texts) out.push_back(json::value(text));
    return out;
}

json::value options_json(const std::string& text) {
    boost::system::error_code error;
    auto parsed = json::parse(text, error);
    return error || !parsed.is_object() ? json::value(json::object()) : parsed;
}

json::array media_json(const std::vector<publishing::PostMedia>& media) {
    json::array out;
    for (const auto& item : media)
        out.push_back(json::object{{"media_id", item.media_id},
                                   {"kind", item.kind},
                                   {"mime", item.mime},
                                   {"width", item.width},
                                   {"height", item.height},
                                   {"alt_text", item.alt_text},
                                   {"url", "/api/v1/media/" + item.media_id + "/file"}});
    return out;
}

json::object target_json(const Target& target) {
    json::object out{{"id", target.id},
                     {"channel_id", target.channel_id},
                     {"network", target.network},
                     {"text", optional_json(target.text)},
                     {"first_comment", optional_json(target.first_comment)},
                     {"title", optional_json(target.title)},
                     {"link", optional_json(target.link)},
                     {"thread", target.thread ? json::value(strings_json(*target.thread)) : json::value(nullptr)},
                     {"options", options_json(target.options)},
                     {"media", target.media ? json::value(media_json(*target.media)) : json::value(nullptr)},
                     {"status", target.status},
                     {"scheduled_at", optional_time_json(target.scheduled_at)},
                     {"queued", target.queued},
                     {"next_attempt_at", target.status == "scheduled" ? optional_time_json(target.run_at) : json::value(nullptr)},
                     {"attempts", target.attempts},
                     {"remote_id", optional_json(target.remote_id)},
                     {"remote_url", optional_json(target.remote_url)},
                     {"published_at", optional_time_json(target.published_at)},
                     {"updated_at", time_json(target.updated_at)}};
    if (target.error) {
        json::object error{{"class", target.error->error_class},
                           {"code", target.error->code},
                           {"message", target.error->message},
                           {"http_status", target.error->http_status ? json::value(*target.error->http_status) : json::value(nullptr)}};
        out["error"] = std::move(error);
    } else {
        out["error"] = nullptr;
    }
    return out;
}

json::object post_json(const Post& post) {
    json::array targets;
    for (const auto& target : post.targets) targets.push_back(target_json(target));
    json::object out{{"id", post.id},
                     {"brand_id", post.brand_id},
                     {"text", post.text},
                     {"thread", strings_json(post.thread)},
                     {"title", optional_json(post.title)},
                     {"link", optional_json(post.link)},
                     {"scheduled_at", optional_time_json(post.scheduled_at)},
                     {"time_zone", post.time_zone},
                     {"series_id", optional_json(post.series_id)},
                     {"targets", std::move(targets)},
                     {"created_at", time_json(post.created_at)},
                     {"updated_at", time_json(post.updated_at)}};
    out["media"] = media_json(post.media);
    if (!post.history.empty()) {
        json::array history;
        for (const auto& event : post.history)
            history.push_back(json::object{{"id", event.id},
                                           {"target_id", event.target_id},
                                           {"at", time_json(event.at)},
                                           {"kind", event.kind},
                                           {"status", event.status},
                                           {"detail", event.detail},
                                           {"error_class", optional_json(event.error_class)},
                                           {"http_status", event.http_status ? json::value(*event.http_status) : json::value(nullptr)}});
        out["history"] = std::move(history);
    }
    return out;
}

// Field readers inside targets[i]: the error names the full path.
template <class T>
Result<T> within(const std::string& prefix, Result<T> result) {
    if (result) return result;
    Error error = std::move(result).error();
    error.field = prefix + error.field;
    error.message = prefix + error.message;
    return error;
}

// targets[i].media: [{"media_id": "…", "alt_text": "…"?}, …], or absent/null for the post's.
Result<std::optional<std::vector<publishing::TargetMediaInput>>> target_media_from(const json::object& target, const std::string& prefix) {
    const auto* value = target.if_contains("media");
    if (!value || value->is_null()) return std::optional<std::vector<publishing::TargetMediaInput>>{};
    const std::string field = prefix + "media";
    if (!value->is_array()) return Error::invalid(field, "must_be_array", field + " must be an array of {media_id, alt_text}");
    std::vector<publishing::TargetMediaInput> media;
    for (std::size_t j = 0; j < value->as_array().size(); ++j) {
        const auto& item = value->as_array()[j];
        const std::string item_prefix = field + "[" + std::to_string(j) + "].";
        if (!item.is_object()) return Error::invalid(field + "[" + std::to_string(j) + "]", "must_be_object", "each item must be an object");
        publishing::TargetMediaInput chosen;
        chosen.media_id = TRY(within(item_prefix, required_string(item.as_object(), "media_id")));
        chosen.alt_text = TRY(within(item_prefix, optional_string(item.as_object(), "alt_text")));
        media.push_back(std::move(chosen));
    }
    return std::optional{std::move(media)};
}

Result<std::vector<publishing::TargetInput>> targets_from(const json::value& value) {
    if (!value.is_array()) return Error::invalid("targets", "must_be_array", "targets must be an array of {channel_id, …}");
    std::vector<publishing::TargetInput> targets;
    std::size_t index = 0;
    for (const auto& item : value.as_array()) {
        const std::string prefix = "targets[" + std::to_string(index++) + "].";
        if (!item.is_object())
            return Error::invalid(prefix.substr(0, prefix.size() - 1), "must_be_object", "each target must be an object");
        const auto& object = item.as_object();
        publishing::TargetInput target;
        target.channel_id = TRY(within(prefix, required_string(object, "channel_id")));
        target.text = TRY(within(prefix, optional_string(object, "text")));
        target.first_comment = TRY(within(prefix, optional_string(object, "first_comment")));
        target.title = TRY(within(prefix, optional_string(object, "title")));
        target.link = TRY(within(prefix, optional_string(object, "link")));
        target.thread = TRY(within(prefix, optional_string_array(object, "thread")));
        target.media = TRY(target_media_from(object, prefix));
        if (const auto* options = object.if_contains("options"); options && !options->is_null()) {
            if (!options->is_object())
                return Error::invalid(prefix + "options", "must_be_object", prefix + "options must be an object of network options");
            target.options = json::serialize(*options);
        }
        targets.push_back(std::move(target));
    }
    return targets;
}

Result<PostInput> post_input(const json::object& body) {
    PostInput input;
    input.brand_id = TRY(optional_string(body, "brand_id"));
    input.text = TRY(optional_string(body, "text"));
    input.thread = TRY(optional_string_array(body, "thread"));
    input.title = TRY(nullable_string(body, "title"));
    input.link = TRY(nullable_string(body, "link"));
    input.recurrence = TRY(optional_string(body, "recurrence"));
    input.media_ids = TRY(optional_string_array(body, "media_ids"));
    if (auto it = body.find("targets"); it != body.end()) input.targets = TRY(targets_from(it->value()));
    auto scheduled_at = TRY(nullable_string(body, "scheduled_at"));
    const bool publish_now = TRY(optional_bool(body, "publish_now"));
    const bool queue = TRY(optional_bool(body, "queue"));
    if (int{publish_now} + int{queue} + int{scheduled_at && *scheduled_at} > 1)
        return Error::invalid(publish_now ? "publish_now" : "queue", "conflicting",
                              "Give only one of scheduled_at, queue and publish_now");
    if (publish_now) {
        input.when = publishing::When::now;
    } else if (queue) {
        input.when = publishing::When::queue;
    } else if (scheduled_at) {
        input.when = *scheduled_at ? publishing::When::at_time : publishing::When::draft;
        input.scheduled_at = *scheduled_at;
    }
    return input;
}

Result<publishing::PostFilter> post_filter(const Request& request) {
    publishing::PostFilter filter;
    filter.brand_id = request.query_param("brand_id").value_or("");
    filter.channel_id = request.query_param("channel_id").value_or("");
    filter.status = request.query_param("status").value_or("");
    constexpr std::string_view statuses[] = {"draft", "scheduled", "publishing", "published", "failed", "cancelled"};
    if (!filter.status.empty() && std::find(std::begin(statuses), std::end(statuses), filter.status) == std::end(statuses))
        return Error::invalid("status", "unknown_status", "status must be one of draft, scheduled, publishing, published, failed, cancelled");
    if (auto from = request.query_param("from")) filter.from = TRY(publishing::parse_time(*from, "UTC", "from"));
    if (auto to = request.query_param("to")) filter.to = TRY(publishing::parse_time(*to, "UTC", "to"));
    if (auto unscheduled = request.query_param("unscheduled")) {
        if (*unscheduled != "true" && *unscheduled != "false")
            return Error::invalid("unscheduled", "must_be_boolean", "unscheduled must be true or false");
        filter.unscheduled = *unscheduled == "true";
    }
    return filter;
}

// Texts in a summary: enough for a calendar's line and a list's paragraph.
constexpr std::size_t summary_text_bytes = 280;

std::string summary_text(const std::string& text) {
    if (text.size() <= summary_text_bytes) return text;
    std::size_t cut = summary_text_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // never inside a UTF-8 sequence
    return text.substr(0, cut) + "…";
}

// A post as a calendar or a list draws it (?view=summary): who, when, how it stands, each
// channel's own text and the first file as a thumbnail; none of the options, errors, media
// facts and links the post's own page shows. A month of short posts is less than half the bytes.
json::object post_summary_json(const Post& post) {
    json::array targets;
    for (const auto& target : post.targets)
        targets.push_back(json::object{{"id", target.id},
                                       {"channel_id", target.channel_id},
                                       {"network", target.network},
                                       {"text", target.text ? json::value(summary_text(*target.text)) : json::value(nullptr)},
                                       {"status", target.status},
                                       {"scheduled_at", optional_time_json(target.scheduled_at)},
                                       {"queued", target.queued}});
    json::array media;
    if (!post.media.empty())
        media.push_back(json::object{{"media_id", post.media.front().media_id},
                                     {"kind", post.media.front().kind},
                                     {"alt_text", post.media.front().alt_text},
                                     {"url", "/api/v1/media/" + post.media.front().media_id + "/file"}});
    return {{"id", post.id},
            {"brand_id", post.brand_id},
            {"text", summary_text(post.text)},
            {"scheduled_at", optional_time_json(post.scheduled_at)},
            {"series_id", optional_json(post.series_id)},
            {"targets", std::move(targets)},
            {"media", std::move(media)},
            {"summary", true}};
}

json::object series_json(const publishing::SeriesView& series) {
    json::array upcoming;
    for (Millis at : series.upcoming) upcoming.push_back(time_json(at));
    return {{"id", series.id},
            {"brand_id", series.brand_id},
            {"recurrence", series.rule},
            {"starts", series.starts_local},
            {"time_zone", series.time_zone},
            {"finished", series.finished},
            {"upcoming", std::move(upcoming)}};
}

}  // namespace

void add_series_routes(Router& router, ApiContext& context) {
    auto& series = context.series;
    router.add("GET", "/api/v1/series/{id}", authed(context, [&series](Request& request, const accounts::Principal& caller)
                                                        -> Result<Response> {
        std::size_t upcoming = 10;
        if (auto text = request.query_param("upcoming")) {
            try {
                upcoming = std::stoul(*text);
            } catch (const std::exception&) {
                upcoming = 0;
            }
            if (upcoming < 1 || upcoming > 100)
                return Error::invalid("upcoming", "out_of_range", "upcoming must be between 1 and 100");
        }
        return json_response(200, series_json(TRY(series.get(caller, request.param("id"), upcoming))));
    }));
    router.add("DELETE", "/api/v1/series/{id}", authed(context, [&series](Request& request, const accounts::Principal& caller)
                                                           -> Result<Response> {
        TRY(series.stop(caller, request.param("id")));
        return no_content();
    }));
}

void add_post_routes(Router& router, ApiContext& context) {
    auto& posts = context.posts;
    auto wake = context.publishing_due_now;

    router.add("GET", "/api/v1/posts", authed(context, [&posts](Request& request, const accounts::Principal& caller)
                                                  -> Result<Response> {
        auto page = TRY(page_from(request));
        auto filter = TRY(post_filter(request));
        const auto view = request.query_param("view").value_or("full");
        if (view != "full" && view != "summary") return Error::invalid("view", "unknown_view", "view must be full or summary");
        return json_response(200, page_json(TRY(posts.list(caller, filter, page)), view == "summary" ? post_summary_json : post_json));
    }));
    // A calendar month: each day's first posts and how many more (GET /posts would be a
    // thousand posts for a busy month, when the month draws three a day).
    router.add("GET", "/api/v1/calendar/days", authed(context, [&posts](Request& request, const accounts::Principal& caller)
                                                        -> Result<Response> {
        auto filter = TRY(post_filter(request));
        if (filter.brand_id.empty()) return Error::invalid("brand_id", "required", "brand_id is required: days are in a brand's time zone");
        if (!filter.from) return Error::invalid("from", "required", "from is required, as an instant");
        if (!filter.to) return Error::invalid("to", "required", "to is required, as an instant");
        if (*filter.to <= *filter.from || *filter.to - *filter.from > 62LL * 86'400'000)
            return Error::invalid("to", "out_of_range", "to must be after from, and at most 62 days later");
        if (filter.unscheduled) return Error::invalid("unscheduled", "not_allowed", "a calendar's days hold scheduled posts only");
        int per_day = 3;
        if (auto text = request.query_param("per_day")) {
            per_day = 0;
            if (text->size() <= 2 && !text->empty() && std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; }))
                per_day = std::stoi(*text);
            if (per_day < 1 || per_day > 50) return Error::invalid("per_day", "out_of_range", "per_day must be between 1 and 50");
        }
        json::array days;
        for (const auto& day : TRY(posts.days(caller, filter, per_day))) {
            json::array shown;
            for (const auto& post : day.posts) shown.push_back(post_summary_json(post));
            days.push_back(json::object{{"date", day.date}, {"posts", std::move(shown)}, {"hidden", day.hidden}, {"failed", day.failed}});
        }
        return json_response(200, json::object{{"days", std::move(days)}});
    }));
    router.add("POST", "/api/v1/posts", authed(context, [&posts, wake](Request& request, const accounts::Principal& caller)
                                                   -> Result<Response> {
        auto input = TRY(post_input(TRY(json_body(request))));
        auto post = TRY(posts.create(caller, input));
        if (input.when == publishing::When::now && wake) wake();
        return json_response(201, post_json(post));
    }));
    router.add("GET", "/api/v1/posts/{id}", authed(context, [&posts](Request& request, const accounts::Principal& caller)
                                                       -> Result<Response> {
        return json_response(200, post_json(TRY(posts.get(caller, request.param("id")))));
    }));
    router.add("PATCH", "/api/v1/posts/{id}", authed(context, [&posts, wake](Request& request, const accounts::Principal& caller)
                                                         -> Result<Response> {
        auto input = TRY(post_input(TRY(json_body(request))));
        auto post = TRY(posts.update(caller, request.param("id"), input));
        if (input.when == publishing::When::now && wake) wake();
        return json_response(200, post_json(post));
    }));
    router.add("DELETE", "/api/v1/posts/{id}", authed(context, [&posts](Request& request, const accounts::Principal& caller)
                                                          -> Result<Response> {
        TRY(posts.remove(caller, request.param("id")));
        return no_content();
    }));
    router.add("POST", "/api/v1/posts/{id}/publish-now", authed(context, [&posts, wake](Request& request,
                                                                                        const accounts::Principal& caller)
                                                                    -> Result<Response> {
        auto post = TRY(posts.publish_now(caller, request.param("id")));
        if (wake) wake();
        return json_response(200, post_json(post));
    }));
    router.add("POST", "/api/v1/posts/{id}/targets/{tid}/retry",
               authed(context, [&posts, wake](Request& request, const accounts::Principal& caller) -> Result<Response> {
                   auto post = TRY(posts.retry_target(caller, request.param("id"), request.param("tid")));
                   if (wake) wake();
                   return json_response(200, post_json(post));
               }));
    router.add("POST", "/api/v1/posts/{id}/targets/{tid}/cancel",
               authed(context, [&posts](Request& request, const accounts::Principal& caller) -> Result<Response> {
                   return json_response(200, post_json(TRY(posts.cancel_target(caller, request.param("id"), request.param("tid")))));
               }));
}

}  // namespace chorus::http::api
