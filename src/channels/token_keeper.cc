#include "channels/token_keeper.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "networks/failures.h"

namespace chorus::channels {

using networks::FailureClass;
using store::Transaction;

TokenKeeper::Claim TokenKeeper::claim(const std::string& channel_id, const std::string& stale, std::string& current, Millis now) {
    auto claimed = store_.write([&](Transaction& tx) -> Result<Claim> {
        auto row = tx.query_one("SELECT sealed, refresh_claimed_until FROM channel_credentials WHERE channel_id = $1", {channel_id});
        if (!row) return Claim::gone;
        auto opened = secrets_.open(row->text(0));
        if (!opened) return Claim::gone;
        current = std::move(*opened);
        if (current != stale) return Claim::replaced;
        if (row->optional_int64(1).value_or(0) > now) return Claim::busy;
        // The row was read without a lock: on PostgreSQL two nodes can both get here. The
        // update re-checks what was read once it holds the row, so only one of them claims.
        const auto changed = tx.execute("UPDATE channel_credentials SET refresh_claimed_until = $2 WHERE channel_id = $1 "
                                        "AND sealed = $3 AND (refresh_claimed_until IS NULL OR refresh_claimed_until <= $4)",
                                        {channel_id, now + options_.claim.count(), row->text(0), now});
        return changed == 1 ? Claim::claimed : Claim::busy;
    });
    return claimed ? *claimed : Claim::busy;  // a store that fails now is asked again
}

networks::Outcome<std::string> TokenKeeper::refresh(const networks::Account& account) {
    auto* connector = connectors_.find(account.network);
    if (!connector)
        return {networks::local_failure(FailureClass::validation, "network_not_configured", account.network + " is not configured on this server"), {}};
    std::string current;
    const auto deadline = std::chrono::steady_clock::now() + options_.claim;
    for (;;) {
        const auto claimed = claim(account.channel_id, account.credentials, current, now_millis());
        if (claimed == Claim::replaced) return {current, {}};
        if (claimed == Claim::gone)
            return {networks::local_failure(FailureClass::auth, "not_connected", "The channel has no stored credentials; reconnect it"), {}};
        if (claimed == Claim::claimed) break;
        if (std::chrono::steady_clock::now() >= deadline)
            return {networks::local_failure(FailureClass::transient, "refresh_in_progress", "Another worker is still refreshing the token"), {}};
        std::this_thread::sleep_for(options_.wait_step);
    }

    auto account_now = account;
    account_now.credentials = current;
    auto refreshed = connector->refresh(account_now);
    const Millis now = now_millis();
    auto written = store_.write([&](Transaction& tx) -> Result<void> {
        if (refreshed.ok()) {
            tx.execute("UPDATE channel_credentials SET sealed = $2, expires_at = $3, updated_at = $4, refresh_claimed_until = NULL "
                       "WHERE channel_id = $1",
                       {account.channel_id, secrets_.seal(refreshed.get().credentials), store::nullable(refreshed.get().expires_at), now});
            tx.execute("UPDATE channels SET last_success_at = $2 WHERE id = $1", {account.channel_id, now});
            return {};
        }
        tx.execute("UPDATE channel_credentials SET refresh_claimed_until = NULL WHERE channel_id = $1", {account.channel_id});
        const auto& failure = refreshed.failure();
        if (failure.kind == FailureClass::auth)
            tx.execute("UPDATE channels SET status = 'needs_reconnect', last_error_at = $2, last_error = $3, updated_at = $2 WHERE id = $1",
                       {account.channel_id, now, "The network refused to renew the token (" + failure.message + "); reconnect the channel"});
        else
            tx.execute("UPDATE channels SET last_error_at = $2, last_error = $3 WHERE id = $1",
                       {account.channel_id, now, "Renewing the token failed for now (" + failure.message + "); Chorus will try again"});
        return {};
    });
    if (!written) {
        // The network has rotated the token but the store did not take it: say so loudly,
        // because the old refresh token may no longer work.
        spdlog::error("channel {}: the refreshed token could not be stored: {}", account.channel_id, written.error().message);
        return {networks::local_failure(FailureClass::transient, "store_failed", written.error().message), {}};
    }
    if (!refreshed.ok()) return {refreshed.failure(), {}};
    return {refreshed.get().credentials, {}};
}

int TokenKeeper::refresh_expiring(Millis now) {
    struct Due {
        std::string channel_id, network, handle, sealed;
        Millis expires_at = 0;
    };
    const auto ahead_for = [&](const networks::Connector& connector) { return connector.renew_ahead().value_or(options_.refresh_ahead); };
    auto furthest_ahead = options_.refresh_ahead;
    for (const auto& network : connectors_.networks()) furthest_ahead = std::max(furthest_ahead, ahead_for(*connectors_.find(network)));
    auto due = store_.read([&](Transaction& tx) -> Result<std::vector<Due>> {
        std::vector<Due> found;
        for (const auto& row : tx.query("SELECT c.id, c.network, c.handle, cc.sealed, cc.expires_at FROM channel_credentials cc "
                                        "JOIN channels c ON c.id = cc.channel_id "
                                        "WHERE c.status = 'connected' AND cc.expires_at IS NOT NULL AND cc.expires_at < $1 "
                                        "AND (cc.refresh_claimed_until IS NULL OR cc.refresh_claimed_until < $2) "
                                        "ORDER BY cc.expires_at LIMIT 100",
                                        {now + furthest_ahead.count(), now}))
            found.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4)});
        return found;
    });
    if (!due) {
        spdlog::warn("token refresh: {}", due.error().message);
        return 0;
    }
    int refreshed = 0;
    for (const auto& channel : *due) {
        const auto* connector = connectors_.find(channel.network);
        if (!connector || channel.expires_at >= now + ahead_for(*connector).count()) continue;
        auto credentials = secrets_.open(channel.sealed);
        if (!credentials) continue;
        auto outcome = refresh({channel.channel_id, channel.network, channel.handle, *credentials});
        if (outcome.ok()) ++refreshed;
        else spdlog::warn("channel {} ({}): token refresh failed: {}", channel.channel_id, channel.network, outcome.failure().message);
    }
    return refreshed;
}

}  // namespace chorus::channels
