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
