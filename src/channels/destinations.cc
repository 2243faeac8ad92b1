#include "channels/destinations.h"

#include "channels/connections.h"

namespace chorus::channels {

Result<networks::Destinations> ChannelDestinations::list(const accounts::Principal& caller, const std::string& channel_id) {
    const auto channel = TRY(channels_.get(caller, channel_id));
    auto* connector = connectors_.find(channel.network);
    if (!connector)
        return Error::conflict("network_not_configured", channel.network + " is not configured on this server; ask its administrator");
    const auto sealed = TRY(store_.read([&](store::Transaction& tx) -> Result<std::optional<std::string>> {
        auto row = tx.query_one("SELECT sealed FROM channel_credentials WHERE channel_id = $1", {channel_id});
        return row ? std::optional<std::string>(row->text(0)) : std::nullopt;
    }));
    auto credentials = sealed ? secrets_.open(*sealed) : Result<std::string>(Error::not_found("credentials"));
    if (!credentials || channel.status == "needs_reconnect")
        return Error::conflict("needs_reconnect", "This channel must be connected again before its network can be asked");
    networks::Account account{channel.id, channel.network, channel.handle, *credentials};
    auto listed = connector->destinations(account);
    if (!listed.ok() && listed.failure().kind == networks::FailureClass::auth) {
        auto renewed = tokens_.refresh(account);
        if (!renewed.ok())
            return Error::conflict("needs_reconnect", "The network no longer accepts this channel's token (" + renewed.failure().message +
                                                          "); connect it again");
        account.credentials = renewed.get();
        listed = connector->destinations(account);
    }
    if (!listed.ok()) return connection_error(listed.failure(), "channel_id");
    return listed.get();
}

}  // namespace chorus::channels
