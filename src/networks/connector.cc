#include "networks/connector.h"

#include "networks/failures.h"

namespace chorus::networks {

std::string_view to_string(FailureClass kind) {
    switch (kind) {
        case FailureClass::auth: return "auth";
        case FailureClass::validation: return "validation";
        case FailureClass::rate_limited: return "rate_limited";
        case FailureClass::transient: return "transient";
        case FailureClass::network_fault: return "network_fault";
    }
    return "transient";
}

Outcome<Connection> Connector::connect_with_password(const PasswordLogin&) {
    return {local_failure(FailureClass::validation, "password_login_unsupported",
                          std::string(network()) + " accounts are connected by signing in at the network (OAuth), not with a password"),
            {}};
}

namespace {
Failure comments_unsupported(std::string_view network) {
    return local_failure(FailureClass::validation, "comments_unsupported", "Chorus does not comment on " + std::string(network) + " posts");
}
}  // namespace

Outcome<RemoteComment> Connector::comment(const Account&, const CommentRequest&) { return {comments_unsupported(network()), {}}; }

Outcome<std::optional<RemoteComment>> Connector::find_comment(const Account&, const CommentRequest&) {
    return {comments_unsupported(network()), {}};
}

std::string join_remote_ids(const std::vector<std::string>& ids) {
    std::string joined;
    for (const auto& id : ids) joined += (joined.empty() ? "" : " ") + id;
    return joined;
}

std::vector<std::string> split_remote_ids(const std::string& remote_id) {
    std::vector<std::string> ids;
    for (std::size_t start = 0; start < remote_id.size();) {
        auto end = remote_id.find(' ', start);
        if (end == std::string::npos) end = remote_id.size();
        if (end > start) ids.push_back(remote_id.substr(start, end - start));
        start = end + 1;
    }
    return ids;
}

void ConnectorRegistry::add(std::shared_ptr<Connector> connector) {
    std::string name(connector->network());
    connectors_[name] = std::move(connector);
}

Connector* ConnectorRegistry::find(std::string_view network) const {
    auto it = connectors_.find(network);
    return it == connectors_.end() ? nullptr : it->second.get();
}

std::vector<std::string> ConnectorRegistry::networks() const {
    std::vector<std::string> names;
    for (const auto& [name, connector] : connectors_) names.push_back(name);
    return names;
}

}  // namespace chorus::networks
