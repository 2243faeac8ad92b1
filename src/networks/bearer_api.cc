#include "networks/bearer_api.h"

#include <boost/json.hpp>

#include <thread>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks {

HttpRequest BearerApi::request(std::string method, const std::string& path_or_url, const std::string& token) const {
    HttpRequest request;
    request.method = std::move(method);
    request.url = path_or_url.starts_with("http") ? path_or_url : api_url_ + path_or_url;
    request.timeout = timeout_;
    request.headers = {{"Authorization", "Bearer " + token}};
    request.headers.insert(request.headers.end(), fixed_headers_.begin(), fixed_headers_.end());
    return request;
}

HttpRequest BearerApi::json_request(std::string method, const std::string& path_or_url, const std::string& token,
                                    const boost::json::value& body) const {
    auto built = request(std::move(method), path_or_url, token);
    built.headers.emplace_back("Content-Type", "application/json");
    built.body = boost::json::serialize(body);
    return built;
}

Outcome<HttpResponse> BearerApi::exchange(HttpRequest request) {
    auto result = http_.send(std::move(request));
    if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
    return {std::move(std::get<HttpResponse>(result)), {}};
}

Outcome<HttpResponse> BearerApi::send(HttpRequest request) {
    auto answer = exchange(std::move(request));
    if (!answer.ok()) return answer;
    const auto& response = answer.get();
    if (response.status < 200 || response.status >= 300) return {read_failure_(response, now_millis()), {}};
    return answer;
}

Outcome<boost::json::value> BearerApi::call(HttpRequest request) {
    const bool creates = !request.idempotent;
    auto sent = send(std::move(request));
    if (!sent.ok()) return {sent.failure(), {}};
    return read(sent.get(), creates);
}

Outcome<boost::json::value> BearerApi::read(const HttpResponse& response, bool creates) const {
    if (response.body.empty()) return {boost::json::value(), {}};
    auto answer = parse_json(response.body);
    if (!answer.is_object()) {
        auto failure = local_failure(FailureClass::transient, "unreadable_answer", network_ + "'s answer was not a JSON object");
        failure.maybe_created = creates;
        return {failure, {}};
    }
    return {std::move(answer), {}};
}

Outcome<Deleted> BearerApi::remove(const std::string& path_or_url, const std::string& token) {
    auto deleted = send(request("DELETE", path_or_url, token));
    if (!deleted.ok() && deleted.failure().http_status != 404) return {deleted.failure(), {}};
    return {Deleted{}, {}};
}

Outcome<boost::json::value> BearerApi::wait_for_media(const std::string& path_or_url, const std::string& token, const MediaWait& wait) {
    for (int poll = 0; poll < wait.polls; ++poll) {
        if (poll > 0) std::this_thread::sleep_for(wait.interval);
        auto read = call(request("GET", path_or_url, token));
        if (!read.ok()) return read;
        const auto status = string_at(read.get(), "status");
        if (status == wait.ready) return read;
        if (status == wait.failed) {
            const auto reason = wait.reason_field.empty() ? std::string() : string_at(read.get(), wait.reason_field);
            return {local_failure(FailureClass::validation, "media_rejected",
                                  network_ + " could not process " + wait.what + (reason.empty() ? std::string() : ": " + reason)),
                    {}};
        }
    }
    return {local_failure(FailureClass::transient, "media_processing", network_ + " is still processing " + wait.what), {}};
}

}  // namespace chorus::networks
