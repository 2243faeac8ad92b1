#include "networks/meta_containers.h"

#include <boost/json.hpp>

#include <algorithm>
#include <thread>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks {

namespace json = boost::json;

namespace {

Failure unreadable(std::string message, bool maybe_created) {
    auto failure = local_failure(FailureClass::transient, "unreadable_answer", std::move(message));
    failure.maybe_created = maybe_created;
    return failure;
}

}  // namespace

Outcome<json::value> ContainerPublisher::status(const std::string& container, const std::string& token) {
    return graph_.get("/" + container, {{"fields", "id," + api_.status_field + "," + api_.error_field}}, token);
}

Outcome<std::string> ContainerPublisher::create(const std::string& user_id, const std::string& token, FormFields fields,
                                                const std::string& scope) {
    auto created = graph_.post("/" + user_id + "/" + api_.create_edge, std::move(fields), token, scope);
    if (!created.ok()) return {created.failure(), std::move(created.budgets)};
    auto container = graph_id(created.get(), "id");
    if (container.empty())
        return {unreadable(api_.network_name + "'s answer to a new container had no id", false), std::move(created.budgets)};
    for (int poll = 0;; ++poll) {
        auto checked = status(container, token);
        if (!checked.ok()) return {checked.failure(), std::move(created.budgets)};
        const auto state = string_at(checked.get(), api_.status_field);
        if (state == "FINISHED" || state == "PUBLISHED") break;
        if (state == "ERROR") {
            const auto reason = string_at(checked.get(), api_.error_field);
            return {local_failure(FailureClass::validation, "media_rejected",
                                  api_.network_name + " could not use the media" + (reason.empty() ? std::string() : ": " + reason)),
                    std::move(created.budgets)};
        }
        if (state == "EXPIRED")
            return {local_failure(FailureClass::transient, "container_expired", api_.network_name + " let the post's container expire"),
                    std::move(created.budgets)};
        if (poll >= api_.polls)
            return {local_failure(FailureClass::transient, "media_processing", api_.network_name + " is still processing the media"),
                    std::move(created.budgets)};
        std::this_thread::sleep_for(api_.poll_interval);
    }
    return {container, std::move(created.budgets)};
}

Outcome<std::string> ContainerPublisher::publish(const std::string& user_id, const std::string& token, const std::string& container,
                                                 const std::string& scope, const std::function<Outcome<std::string>()>& find_published) {
    std::vector<Budget> budgets;
    Failure lost;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto published = graph_.post("/" + user_id + "/" + api_.publish_edge, {{"creation_id", container}}, token, scope, /*creates=*/true);
        budgets.insert(budgets.end(), published.budgets.begin(), published.budgets.end());
        if (published.ok()) {
            if (auto id = graph_id(published.get(), "id"); !id.empty()) return {id, std::move(budgets)};
            lost = unreadable(api_.network_name + "'s answer to publishing had no id", true);
        } else if (!published.failure().maybe_created) {
            return {published.failure(), std::move(budgets)};
        } else {
            lost = published.failure();
        }
        auto checked = status(container, token);
        if (!checked.ok()) break;
        const auto state = string_at(checked.get(), api_.status_field);
        if (state == "FINISHED") continue;
        if (state != "PUBLISHED") break;
        auto made = find_published();
        budgets.insert(budgets.end(), made.budgets.begin(), made.budgets.end());
        if (made.ok() && !made.get().empty()) return {made.get(), std::move(budgets)};
        break;
    }
    return {lost, std::move(budgets)};
}

std::optional<Budget> ContainerPublisher::quota(const std::string& user_id, const std::string& token, const std::string& scope) {
    auto limit = graph_.get("/" + user_id + "/" + api_.quota_edge, {{"fields", "quota_usage,config"}}, token);
    if (!limit.ok()) return std::nullopt;
    const auto* data = member(limit.get(), "data");
    if (!data || !data->is_array() || data->get_array().empty()) return std::nullopt;
    const auto& usage = data->get_array().front();
    const auto* config = member(usage, "config");
    auto used = int_at(usage, "quota_usage");
    auto total = config ? int_at(*config, "quota_total") : std::nullopt;
    auto duration = config ? int_at(*config, "quota_duration") : std::nullopt;
    if (!used || !total) return std::nullopt;
    return Budget{scope, std::max<std::int64_t>(0, *total - *used), now_millis() + millis_from_seconds(duration.value_or(86'400))};
}

}  // namespace chorus::networks
