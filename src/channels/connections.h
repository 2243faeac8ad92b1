#pragma once
// Connecting a brand's social accounts: the connector proves the login with the network,
// then the channel and its sealed credentials are written in one transaction (a refused
// login writes nothing). Connecting an account that the brand already has reconnects its
// channel: same id, same posts, fresh credentials.
#include <string>

#include "accounts/brands.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "core/secret_box.h"
#include "networks/connector.h"
#include "store/store.h"

namespace chorus::channels {

struct PasswordConnect {
    std::string brand_id;
    std::string network;
    std::string identifier;  // handle, email or DID
    std::string password;    // an app password
    std::string service;     // the account's server; empty: the network's default
};

struct Connected {
    accounts::Channel channel;
    bool created = false;  // false: an existing channel was reconnected
};

class Connections {
public:
    Connections(store::Store& store, accounts::Channels& channels, const networks::ConnectorRegistry& connectors,
                const SecretBox& secrets)
        : store_(store), channels_(channels), connectors_(connectors), secrets_(secrets) {}

    Result<Connected> connect_with_password(const accounts::Principal& caller, const PasswordConnect& input);

    // Stores a connection proven by a connector (password or OAuth): the one write path.
    Result<Connected> save(const accounts::Principal& caller, const std::string& brand_id, const std::string& network,
                           const networks::Connection& connection);
    // The same inside the caller's transaction (several accounts saved together); the
    // channel in the answer carries only its id.
    Result<Connected> save(store::Transaction& tx, const accounts::Principal& caller, const std::string& brand_id,
                           const std::string& network, const networks::Connection& connection);

    Result<accounts::Channel> channel(const accounts::Principal& caller, const std::string& id) { return channels_.get(caller, id); }

private:
    store::Store& store_;
    accounts::Channels& channels_;
    const networks::ConnectorRegistry& connectors_;
    const SecretBox& secrets_;
};

// A connector's failure as the API reports it: a refused login names the field; a network
// that fails or cannot be reached is a 502 the user may retry.
Error connection_error(const networks::Failure& failure, const std::string& credential_field);

}  // namespace chorus::channels
