#include "networks/meta_graph.h"

#include <boost/json.hpp>

#include <algorithm>

#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/reconcile.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

bool mentions_media(std::string_view message) {
    for (std::string_view word : {"media", "Media", "image", "Image", "video", "Video", "photo", "Photo", "aspect ratio"})
        if (message.find(word) != std::string_view::npos) return true;
    return false;
}

// The largest share used among a usage object's counters (call_count, total_time, total_cputime, …).
std::optional<std::int64_t> highest_share(const json::value& usage) {
    std::optional<std::int64_t> highest;
    for (const char* counter : {"call_count", "total_time", "total_cputime", "acc_id_util_pct"})
        if (auto share = int_at(usage, counter)) highest = std::max(highest.value_or(0), *share);
    return highest;
}

Budget share_budget(std::string scope, std::int64_t used_percent, std::optional<std::int64_t> regain_minutes, Millis now) {
    Budget budget;
    budget.scope = std::move(scope);
    budget.remaining = std::max<std::int64_t>(0, 100 - used_percent);
    budget.reset_at = now + (regain_minutes && *regain_minutes > 0 ? *regain_minutes * 60'000 : 3'600'000);
    return budget;
}

}  // namespace

Failure graph_failure(const HttpResponse& response, Millis now) {
    const auto answer = parse_json(response.body);
    const auto* error = member(answer, "error");
    const json::value none;
    const auto& details = error && error->is_object() ? *error : none;
    const auto code = int_at(details, "code").value_or(0);
    const auto subcode = int_at(details, "error_subcode").value_or(0);
    std::string message = string_at(details, "message");
    if (auto user_message = string_at(details, "error_user_msg"); !user_message.empty())
        message = message.empty() ? user_message : message + " (" + user_message + ")";

    auto failure = status_failure(response, "", message, now);
    const auto set = [&](FailureClass kind, std::string name) {
        failure.kind = kind;
        failure.code = std::move(name);
    };
    if (code == 190 || code == 102) {
        set(FailureClass::auth, subcode == 458 || subcode == 460 ? "token_revoked" : "token_invalid");
    } else if (code == 10 || (code >= 200 && code <= 299)) {
        set(FailureClass::auth, "permission_missing");
    } else if (code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80001 && code <= 80014) || response.status == 429) {
        set(FailureClass::rate_limited, "rate_limited");
        if (!failure.retry_at)
            for (const auto& budget : graph_usage_budgets(response, "-", "-", now))
                if (budget.remaining == 0) failure.retry_at = std::max(failure.retry_at.value_or(0), budget.reset_at);
    } else if (code == 368) {
        set(FailureClass::validation, "account_restricted");
    } else if (code == 506) {
        set(FailureClass::validation, "duplicate_content");
    } else if (code == 1 || code == 2 || (member(details, "is_transient") && member(details, "is_transient")->is_bool() &&
                                          member(details, "is_transient")->get_bool())) {
        set(FailureClass::transient, "temporarily_unavailable");
        failure.maybe_created = true;
    } else if (code == 9004 || (code >= 36000 && code <= 36003) || (code == 100 && mentions_media(message))) {
        set(FailureClass::validation, "media_rejected");
    } else if (code == 100 && subcode == 33) {
        set(FailureClass::validation, "not_found");
    } else if (code == 100) {
        set(FailureClass::validation, "invalid_request");
    } else if (response.status == 404) {
        failure.code = "not_found";
    }
    if (failure.code.empty()) failure.code = "http_" + std::to_string(response.status);
    return failure;
}

std::vector<Budget> graph_usage_budgets(const HttpResponse& response, const std::string& network, const std::string& channel_scope,
                                        Millis now) {
    std::vector<Budget> budgets;
    if (auto header = response.header("x-app-usage"))
        if (auto used = highest_share(parse_json(*header))) budgets.push_back(share_budget("app:" + network, *used, std::nullopt, now));
    if (auto header = response.header("x-business-use-case-usage"); header && !channel_scope.empty()) {
        // {"<business or page id>": [{"type": "pages", "call_count": 28, …, "estimated_time_to_regain_access": 0}]}
        std::optional<Budget> tightest;
        const auto usage = parse_json(*header);
        if (usage.is_object())
            for (const auto& [id, uses] : usage.get_object()) {
                if (!uses.is_array()) continue;
                for (const auto& use : uses.get_array()) {
                    auto used = highest_share(use);
                    if (!used) continue;
                    auto budget = share_budget(channel_scope, *used, int_at(use, "estimated_time_to_regain_access"), now);
                    if (!tightest || budget.remaining < tightest->remaining) tightest = budget;
                }
            }
        if (tightest) budgets.push_back(*tightest);
    }
    return budgets;
}

std::string graph_id(const json::value& value, std::string_view key) {
    const auto* id = member(value, key);
    return id ? id_text(*id) : std::string();
}

Outcome<json::value> GraphClient::get(const std::string& path, FormFields query, const std::string& token, const std::string& scope) {
    if (!token.empty()) query.emplace_back("access_token", token);
    HttpRequest request;
    request.url = base_ + path + "?" + form_encode(query);
    return send(std::move(request), scope, false);
}

Outcome<json::value> GraphClient::post(const std::string& path, FormFields form, const std::string& token, const std::string& scope,
                                       bool creates) {
    form.emplace_back("access_token", token);
    HttpRequest request;
    request.method = "POST";
    request.url = base_ + path;
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = form_encode(form);
    request.idempotent = !creates;
    return send(std::move(request), scope, creates);
}

Outcome<json::value> GraphClient::post(const std::string& path, Multipart form, const std::string& token, const std::string& scope,
                                       bool creates) {
    form.field("access_token", token);
    HttpRequest request;
    request.method = "POST";
    request.url = base_ + path;
    request.headers.emplace_back("Content-Type", form.content_type());
    request.body = form.finish();
    request.idempotent = !creates;
    return send(std::move(request), scope, creates);
}

Outcome<json::value> GraphClient::remove(const std::string& path, const std::string& token) {
    HttpRequest request;
    request.method = "DELETE";
    request.url = base_ + path + "?" + form_encode({{"access_token", token}});
    return send(std::move(request), {}, false);
}

Outcome<json::value> GraphClient::send(HttpRequest request, const std::string& scope, bool creates) {
    request.timeout = timeout_;
    request.headers.emplace_back("Accept", "application/json");
    auto result = http_.send(std::move(request));
    if (auto* error = std::get_if<TransportError>(&result)) {
        auto failure = transport_failure(*error);
        if (!creates) failure.maybe_created = false;
        return {failure, {}};
    }
    const auto& response = std::get<HttpResponse>(result);
    const Millis now = now_millis();
    auto budgets = graph_usage_budgets(response, network_, scope, now);
    if (response.status < 200 || response.status >= 300) {
        auto failure = graph_failure(response, now);
        if (!creates) failure.maybe_created = false;
        return {failure, std::move(budgets)};
    }
    auto answer = parse_json(response.body);
    if (!answer.is_object()) {
        auto failure = local_failure(FailureClass::transient, "unreadable_answer", "The network's answer was not a JSON object");
        failure.maybe_created = creates;
        return {failure, std::move(budgets)};
    }
    return {std::move(answer), std::move(budgets)};
}

Outcome<RemoteComment> post_graph_comment(GraphClient& graph, const CommentRequest& request, const std::string& token,
                                          const std::string& scope) {
    auto made = graph.post("/" + request.post_remote_id + "/comments", {{"message", request.text}}, token, scope, /*creates=*/true);
    if (!made.ok()) return {made.failure(), std::move(made.budgets)};
    auto id = graph_id(made.get(), "id");
    if (id.empty()) {
        auto failure = local_failure(FailureClass::transient, "unreadable_answer", "The answer to a new comment had no id");
        failure.maybe_created = true;
        return {failure, std::move(made.budgets)};
    }
    return {RemoteComment{id}, std::move(made.budgets)};
}

Outcome<std::optional<RemoteComment>> find_graph_comment(GraphClient& graph, const CommentRequest& request, const std::string& token,
                                                         const GraphCommentListing& listing) {
    // Oldest first: a first comment is among a post's earliest, so the first 100 hold it.
    auto listed = graph.get("/" + request.post_remote_id + "/comments",
                            {{"fields", listing.fields}, {"order", "chronological"}, {"limit", "100"}}, token);
    if (!listed.ok()) return {listed.failure(), std::move(listed.budgets)};
    const auto* data = member(listed.get(), "data");
    const auto wanted = comparable_text(request.text);
    if (data && data->is_array())
        for (const auto& comment : data->get_array())
            if (listing.made_by_account(comment) && comparable_text(string_at(comment, listing.text_field)) == wanted &&
                !made_before(parse_iso8601(string_at(comment, listing.time_field)), request.not_before))
                return {RemoteComment{graph_id(comment, "id")}, std::move(listed.budgets)};
    return {std::optional<RemoteComment>{}, std::move(listed.budgets)};
}

}  // namespace chorus::networks
