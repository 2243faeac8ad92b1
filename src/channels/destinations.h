#pragma once
// Where inside a channel's account a post can go (a Pinterest account's boards), asked of
// the network when the composer needs the choice. A token the network refuses is renewed
// once, as the publishing engine does, before the user is told to reconnect.
#include <string>

#include "accounts/brands.h"
#include "channels/token_keeper.h"
#include "core/result.h"
#include "core/secret_box.h"
#include "networks/connector.h"
#include "store/store.h"

namespace chorus::channels {

class ChannelDestinations {
public:
    ChannelDestinations(store::Store& store, accounts::Channels& channels, const networks::ConnectorRegistry& connectors,
                        const SecretBox& secrets, TokenKeeper& tokens)
        : store_(store), channels_(channels), connectors_(connectors), secrets_(secrets), tokens_(tokens) {}

    Result<networks::Destinations> list(const accounts::Principal& caller, const std::string& channel_id);

private:
    store::Store& store_;
    accounts::Channels& channels_;
    const networks::ConnectorRegistry& connectors_;
    const SecretBox& secrets_;
    TokenKeeper& tokens_;
};

}  // namespace chorus::channels
