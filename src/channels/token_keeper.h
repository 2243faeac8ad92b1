#pragma once
// Keeps channels' network tokens fresh. A refresh is claimed in the store first, so that it
// happens once across every worker and node: networks that rotate refresh tokens (X)
// invalidate the old one when it is used, and a second, concurrent refresh would fail and
// wrongly mark the channel for reconnection. Whoever loses the claim waits and takes the
// winner's credentials. Only a refusal the network means (an auth failure) marks the
// channel "needs reconnect" with the reason; a 5xx or a timeout is transient and retried.
#include <chrono>
#include <string>

#include "core/secret_box.h"
#include "networks/connector.h"
#include "store/store.h"

namespace chorus::channels {

struct TokenKeeperOptions {
    std::chrono::milliseconds claim{60'000};       // how long a refresh may take before another may try
    std::chrono::milliseconds wait_step{100};      // how often a waiting worker looks again
    std::chrono::milliseconds refresh_ahead{15 * 60'000};  // refresh_expiring(): tokens expiring this soon
};

class TokenKeeper {
public:
    TokenKeeper(store::Store& store, const networks::ConnectorRegistry& connectors, const SecretBox& secrets, TokenKeeperOptions options = {})
        : store_(store), connectors_(connectors), secrets_(secrets), options_(options) {}

    // New credentials for the account, whose `credentials` are the ones found wanting. If
    // another worker refreshed them meanwhile, those are returned without a network call.
    networks::Outcome<std::string> refresh(const networks::Account& account);

    // Refreshes each connected channel whose token expires within refresh_ahead; returns how
    // many were refreshed. Run periodically, so that posts never wait on a refresh.
    int refresh_expiring(Millis now);

private:
    enum class Claim { claimed, busy, replaced, gone };
    Claim claim(const std::string& channel_id, const std::string& stale, std::string& current, Millis now);

    store::Store& store_;
    const networks::ConnectorRegistry& connectors_;
    const SecretBox& secrets_;
    TokenKeeperOptions options_;
};

}  // namespace chorus::channels
