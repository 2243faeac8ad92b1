#include "networks/bluesky/xrpc.h"

#include <boost/url.hpp>

#include <cctype>
#include <charconv>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::bluesky {
namespace {

namespace json = boost::json;

Failure failure_from(const HttpResponse& response) {
    const auto answer = parse_json(response.body);
    const auto name = string_at(answer, "error");
    auto failure = status_failure(response, snake_case(name), string_at(answer, "message"), now_millis());
    // An access token past its time is a 400 on the PDS, not a 401.
    if (name == "ExpiredToken" || name == "InvalidToken" || name == "AuthenticationRequired" || name == "AuthMissing")
        failure.kind = FailureClass::auth;
    if (response.status == 429 && !failure.retry_at)
        if (auto reset = header_number(response, "ratelimit-reset")) failure.retry_at = millis_from_seconds(*reset);
    return failure;
}

}  // namespace

std::string snake_case(std::string_view error_name) {
    std::string out;
    for (char c : error_name) {
        if (std::isupper(static_cast<unsigned char>(c))) {
            if (!out.empty()) out.push_back('_');
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void add_budgets(std::vector<Budget>& into, const std::vector<Budget>& more) {
    for (const auto& budget : more) {
        auto same = std::find_if(into.begin(), into.end(), [&](const Budget& b) { return b.scope == budget.scope; });
        if (same == into.end()) into.push_back(budget);
        else *same = budget;
    }
}

Outcome<json::value> Xrpc::call(const XrpcCall& call, const std::string& budget_scope) const {
    boost::urls::url url(call.service);
    url.set_path("/xrpc/" + call.nsid);
    for (const auto& [name, value] : call.query) url.params().append({name, value});
    HttpRequest request;
    request.url = std::string(url.buffer());
    request.timeout = timeout_;
    request.idempotent = !call.creates;
    if (call.procedure) request.method = "POST";
    if (call.body) {
        request.method = "POST";
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = json::serialize(*call.body);
    } else if (call.raw) {
        request.method = "POST";
        request.headers.emplace_back("Content-Type", call.raw->second);
        request.body = call.raw->first;
    }
    if (!call.token.empty()) request.headers.emplace_back("Authorization", "Bearer " + call.token);

    auto result = http_.send(std::move(request));
    if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
    const auto& response = std::get<HttpResponse>(result);
    std::vector<Budget> budgets;
    if (!budget_scope.empty()) {
        auto remaining = header_number(response, "ratelimit-remaining");
        auto reset = header_number(response, "ratelimit-reset");
        if (remaining && reset) budgets.push_back(Budget{budget_scope, *remaining, millis_from_seconds(*reset)});
    }
    if (response.status >= 200 && response.status < 300) {
        // Some calls (deleteRecord on older servers) answer with an empty body.
        auto answer = response.body.empty() ? json::value(json::object()) : parse_json(response.body);
        if (answer.is_object()) return {std::move(answer), std::move(budgets)};
        Failure failure{FailureClass::transient, "unreadable_answer", "The server's answer was not JSON", response.status, {}, call.creates};
        return {failure, std::move(budgets)};
    }
    return {failure_from(response), std::move(budgets)};
}

Outcome<HttpResponse> Xrpc::fetch(const std::string& url) const {
    HttpRequest request;
    request.url = url;
    request.timeout = timeout_;
    auto result = http_.send(std::move(request));
    if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
    auto& response = std::get<HttpResponse>(result);
    if (response.status < 200 || response.status >= 300) return {status_failure(response, "", "", now_millis()), {}};
    return {std::move(response), {}};
}

}  // namespace chorus::networks::bluesky
