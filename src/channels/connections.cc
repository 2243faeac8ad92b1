#include "channels/connections.h"

#include <boost/url.hpp>

#include "core/id.h"
#include "core/role.h"

namespace chorus::channels {

using accounts::Principal;
using store::Transaction;

namespace {

Result<void> require_text(const std::string& value, const std::string& field, const std::string& what) {
    if (value.empty()) return Error::invalid(field, "required", field + " is required: " + what);
    return {};
}

Result<void> check_service(const std::string& service) {
    if (service.empty()) return {};
    auto url = boost::urls::parse_absolute_uri(service);
    if (!url || (url->scheme() != "https" && url->scheme() != "http") || url->host().empty())
        return Error::invalid("service", "invalid_url", "service must be the http(s) address of the account's server");
    return {};
}

}  // namespace

Error connection_error(const networks::Failure& failure, const std::string& credential_field) {
    using networks::FailureClass;
    switch (failure.kind) {
        case FailureClass::auth:
            return Error::invalid(credential_field, "login_refused", failure.message);
        case FailureClass::validation:
            return Error::invalid(credential_field, failure.code, failure.message);
        case FailureClass::rate_limited:
            return {ErrorKind::rate_limited, "network_rate_limited", "The network asks to wait before logging in again: " + failure.message,
                    {}, {}};
        case FailureClass::transient:
        case FailureClass::network_fault:
            break;
    }
    return {ErrorKind::bad_gateway, "network_unavailable", "The network could not be reached or failed (" + failure.code + "): " + failure.message,
            {}, {}};
}

Result<Connected> Connections::connect_with_password(const Principal& caller, const PasswordConnect& input) {
    if (!is_at_least(caller.role, Role::admin)) return Error::forbidden("Only admins and owners can connect channels");
    TRY(require_text(input.brand_id, "brand_id", "the brand the channel belongs to"));
    TRY(require_text(input.identifier, "identifier", "the account's handle, email or DID"));
    TRY(require_text(input.password, "app_password", "an app password made in the network's settings"));
    TRY(check_service(input.service));
    auto* connector = connectors_.find(input.network);
    if (!connector) return Error::invalid("network", "unknown_network", "network " + input.network + " cannot be connected on this server");
    // The brand is checked before the network is asked, so a typo costs no login attempt.
    TRY(channels_.check_brand(caller, input.brand_id));
    auto connection = connector->connect_with_password({input.identifier, input.password, input.service});
    if (!connection.ok()) {
        // A refused address is the server's (named, or found from the account's identity), not the password's.
        const bool server_refused = connection.failure().code == "server_address_not_public";
        return connection_error(connection.failure(), server_refused ? "service" : "app_password");
    }
    return save(caller, input.brand_id, input.network, connection.get());
}

Result<Connected> Connections::save(const Principal& caller, const std::string& brand_id, const std::string& network,
                                    const networks::Connection& connection) {
    auto saved = store_.write([&](Transaction& tx) { return save(tx, caller, brand_id, network, connection); });
    if (!saved) return saved.error();
    saved->channel = TRY(channels_.get(caller, saved->channel.id));
    return saved;
}

Result<Connected> Connections::save(Transaction& tx, const Principal& caller, const std::string& brand_id, const std::string& network,
                                    const networks::Connection& connection) {
    const auto now = now_millis();
    TRY(channels_.check_brand(tx, caller, brand_id));
    Connected result;
    std::string id;
    if (auto row = tx.query_one("SELECT id FROM channels WHERE brand_id = $1 AND network = $2 AND remote_account_id = $3",
                                {brand_id, network, connection.remote_account_id})) {
        id = row->text(0);
        tx.execute("UPDATE channels SET display_name = $2, handle = $3, status = 'connected', settings = $4, last_error = NULL, "
                   "last_error_at = NULL, updated_at = $5 WHERE id = $1",
                   {id, connection.display_name, connection.handle, connection.settings, now});
    } else {
        id = new_id("channel");
        result.created = true;
        tx.execute("INSERT INTO channels (id, org_id, brand_id, network, display_name, handle, status, remote_account_id, settings, "
                   "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'connected', $7, $8, $9, $9)",
                   {id, caller.org_id, brand_id, network, connection.display_name, connection.handle, connection.remote_account_id,
                    connection.settings, now});
    }
    tx.execute("INSERT INTO channel_credentials (channel_id, sealed, expires_at, renewable, updated_at) VALUES ($1, $2, $3, $4, $5) "
               "ON CONFLICT (channel_id) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at, "
               "renewable = excluded.renewable, updated_at = excluded.updated_at",
               {id, secrets_.seal(connection.credentials), store::nullable(connection.expires_at),
                std::int64_t{connection.renewable ? 1 : 0}, now});
    result.channel.id = id;
    return result;
}

}  // namespace chorus::channels
