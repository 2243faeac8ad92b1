#pragma once
// Meta's two-step publishing, shared by Threads and Instagram: a container is created
// (Meta downloads and processes its media), polled until it is ready, then published. A
// container becomes one post at most, so a lost answer to the publish call is settled by
// the container's status: still ready, nothing was published and publishing it again
// cannot double it; published, the post is looked for among the account's newest.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "networks/meta_graph.h"

namespace chorus::networks {

struct ContainerApi {
    std::string network_name;   // in messages: "Threads", "Instagram"
    std::string create_edge;    // POST /{user}/<edge>: "threads", "media"
    std::string publish_edge;   // POST /{user}/<edge>: "threads_publish", "media_publish"
    std::string status_field;   // "status" (Threads), "status_code" (Instagram)
    std::string error_field;    // why a container failed: "error_message" (Threads), "status" (Instagram)
    std::string quota_edge;     // "threads_publishing_limit", "content_publishing_limit"
    // Meta: "query a container's status once per minute, for no more than 5 minutes"; a
    // container that is ready on the first look is published at once.
    std::chrono::milliseconds poll_interval{60'000};
    int polls = 5;
};

class ContainerPublisher {
public:
    ContainerPublisher(GraphClient& graph, ContainerApi api) : graph_(graph), api_(std::move(api)) {}

    // Creates a container and waits until Meta has it ready: its id.
    Outcome<std::string> create(const std::string& user_id, const std::string& token, FormFields fields, const std::string& scope);

    // Publishes a ready container: the post's id. `find_published` looks the post up
    // among the account's newest ("" when it is not there).
    Outcome<std::string> publish(const std::string& user_id, const std::string& token, const std::string& container,
                                 const std::string& scope, const std::function<Outcome<std::string>()>& find_published);

    // The rolling day's publishing quota as the channel's budget. The window rolls, so the
    // reset given is the latest it can be.
    std::optional<Budget> quota(const std::string& user_id, const std::string& token, const std::string& scope);

private:
    Outcome<boost::json::value> status(const std::string& container, const std::string& token);

    GraphClient& graph_;
    ContainerApi api_;
};

}  // namespace chorus::networks
