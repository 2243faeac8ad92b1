#include "channels/oauth.h"

#include <boost/url.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/digest.h"
#include "core/id.h"
#include "core/role.h"

namespace chorus::channels {

using accounts::Principal;
using store::Transaction;

namespace {

constexpr Millis state_lifetime = 10 * 60 * 1000;
constexpr Millis selection_lifetime = 15 * 60 * 1000;

namespace json = boost::json;

std::string accounts_json(const std::vector<networks::Connection>& accounts) {
    json::array out;
    for (const auto& account : accounts) {
        json::object item{{"remote_account_id", account.remote_account_id}, {"handle", account.handle},
                          {"display_name", account.display_name}, {"kind", account.kind},
                          {"credentials", account.credentials}, {"settings", account.settings}};
        item["expires_at"] = account.expires_at ? json::value(*account.expires_at) : json::value(nullptr);
        out.push_back(std::move(item));
    }
    return json::serialize(out);
}

std::vector<networks::Connection> accounts_from_json(const std::string& text) {
    std::vector<networks::Connection> accounts;
    const auto parsed = json::parse(text);  // written by accounts_json above, never by a user
    for (const auto& item : parsed.as_array()) {
        const auto& object = item.as_object();
        networks::Connection account;
        account.remote_account_id = json::value_to<std::string>(object.at("remote_account_id"));
        account.handle = json::value_to<std::string>(object.at("handle"));
        account.display_name = json::value_to<std::string>(object.at("display_name"));
        account.kind = json::value_to<std::string>(object.at("kind"));
        account.credentials = json::value_to<std::string>(object.at("credentials"));
        account.settings = json::value_to<std::string>(object.at("settings"));
        if (object.at("expires_at").is_int64()) account.expires_at = object.at("expires_at").as_int64();
        accounts.push_back(std::move(account));
    }
    return accounts;
}

struct PendingSelection {
    std::string brand_id, network;
    std::vector<networks::Connection> accounts;
    Millis expires_at = 0;
};

// The caller's own selection, unexpired; `take` deletes it in the same transaction.
Result<PendingSelection> find_selection(Transaction& tx, const SecretBox& secrets, const Principal& caller, const std::string& id,
                                        bool take) {
    const auto id_hash = sha256_base64url(id);
    auto row = tx.query_one("SELECT user_id, org_id, brand_id, network, sealed_accounts, expires_at FROM oauth_selections WHERE id_hash = $1",
                            {id_hash});
    if (!row || row->text(0) != caller.user_id || row->text(1) != caller.org_id) return Error::not_found("This choice of accounts");
    if (take) tx.execute("DELETE FROM oauth_selections WHERE id_hash = $1", {id_hash});
    if (row->int64(5) < now_millis())
        return Error::invalid("selection", "expired_selection", "Choosing the accounts took too long; connect again");
    return PendingSelection{row->text(2), row->text(3), accounts_from_json(TRY(secrets.open(row->text(4)))), row->int64(5)};
}

}  // namespace

Result<std::string> normalise_server(const std::string& address, const std::string& field) {
    std::string text = address;
    if (text.find("://") == std::string::npos) text = "https://" + text;  // "mastodon.social" is what people type
    auto url = boost::urls::parse_absolute_uri(text);
    if (!url || (url->scheme() != "https" && url->scheme() != "http") || url->host().empty() || !url->encoded_query().empty())
        return Error::invalid(field, "invalid_url", field + " must be the address of the server, such as https://mastodon.social");
    std::string host(url->host());
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string server = std::string(url->scheme()) + "://" + host;
    if (url->has_port()) server += ":" + std::string(url->port());
    return server;
}

Result<networks::OAuthClient> OAuthConnections::client_for(networks::OAuthFlow& flow, const std::string& network, const std::string& server) {
    if (auto configured = flow.configured_client()) return *configured;
    auto known = store_.read([&](Transaction& tx) -> Result<std::optional<std::pair<std::string, std::string>>> {
        auto row = tx.query_one("SELECT client_id, sealed_secret FROM oauth_clients WHERE network = $1 AND server = $2 AND redirect_uri = $3",
                                {network, server, redirect_uri_});
        if (!row) return std::optional<std::pair<std::string, std::string>>{};
        return std::optional(std::pair{row->text(0), row->text(1)});
    });
    if (!known) return known.error();
    if (*known) return networks::OAuthClient{(*known)->first, TRY(secrets_.open((*known)->second))};
    auto registered = flow.register_client(server, redirect_uri_);
    if (!registered.ok()) return connection_error(registered.failure(), "instance");
    // Two users starting at once may both register; the first row stays and both use it.
    TRY(store_.write([&](Transaction& tx) -> Result<void> {
        tx.execute("INSERT INTO oauth_clients (network, server, redirect_uri, client_id, sealed_secret, created_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                   {network, server, redirect_uri_, registered.get().client_id, secrets_.seal(registered.get().client_secret), now_millis()});
        return {};
    }));
    return client_for(flow, network, server);
}

Result<AuthorizationStarted> OAuthConnections::start(const Principal& caller, const OAuthStart& input) {
    if (!is_at_least(caller.role, Role::admin)) return Error::forbidden("Only admins and owners can connect channels");
    if (input.brand_id.empty()) return Error::invalid("brand_id", "required", "brand_id is required: the brand the channel belongs to");
    auto* connector = connectors_.find(input.network);
    auto* flow = connector ? connector->oauth() : nullptr;
    if (!flow) return Error::invalid("network", "unknown_network", input.network + " accounts cannot be connected by OAuth on this server");
    auto server = flow->own_server();
    if (server.empty()) {
        if (input.server.empty()) return Error::invalid("instance", "required", "instance is required: the server the account is on");
        server = TRY(normalise_server(input.server, "instance"));
    }
    TRY(store_.read([&](Transaction& tx) { return accounts::Channels::check_brand(tx, caller, input.brand_id); }));

    const auto client = TRY(client_for(*flow, input.network, server));
    const auto state = random_secret(32);
    const auto verifier = random_secret(48);  // base32: within PKCE's allowed characters, 77 long
    const Millis now = now_millis();
    TRY(store_.write([&](Transaction& tx) -> Result<void> {
        tx.execute("DELETE FROM oauth_states WHERE expires_at < $1", {now});
        tx.execute("INSERT INTO oauth_states (state_hash, org_id, user_id, brand_id, network, server, redirect_uri, sealed_verifier, "
                   "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   {sha256_base64url(state), caller.org_id, caller.user_id, input.brand_id, input.network, server, redirect_uri_,
                    secrets_.seal(verifier), now + state_lifetime});
        return {};
    }));
    networks::OAuthRequest request{server, redirect_uri_, state, sha256_base64url(verifier)};
    return AuthorizationStarted{flow->authorization_url(client, request), now + state_lifetime};
}

Result<OAuthConnections::Pending> OAuthConnections::take_pending(const Principal& caller, const std::string& state) {
    if (state.empty()) return Error::invalid("state", "required", "The network's answer has no state");
    const auto state_hash = sha256_base64url(state);
    // Taken (deleted) in the same transaction that reads it: a state works once.
    return store_.write([&](Transaction& tx) -> Result<Pending> {
        auto row = tx.query_one("SELECT user_id, org_id, brand_id, network, server, redirect_uri, sealed_verifier, expires_at "
                                "FROM oauth_states WHERE state_hash = $1",
                                {state_hash});
        // The delete's count, not the read, decides: on PostgreSQL two answers carrying the
        // same state can both read the row, and only one of them deletes it.
        if (!row || row->text(0) != caller.user_id || row->text(1) != caller.org_id ||
            tx.execute("DELETE FROM oauth_states WHERE state_hash = $1", {state_hash}) != 1)
            return Error::invalid("state", "unknown_state", "This authorisation was not started by you here, or was already used; start again");
        if (row->int64(7) < now_millis()) return Error::invalid("state", "expired_state", "This authorisation took too long; start again");
        return Pending{row->text(2), row->text(3), row->text(4), row->text(5), row->text(6)};
    });
}

Result<OAuthFinished> OAuthConnections::refused(const Principal& caller, const std::string& state, const std::string& error,
                                                const std::string& description) {
    const auto pending = TRY(take_pending(caller, state));
    // access_denied is RFC 6749's "the user said no"; LinkedIn says user_cancelled_login or
    // user_cancelled_authorize. Anything else is the network refusing the app (a scope it
    // was not granted, a wrong redirect address): its words tell the self-hoster what to fix.
    if (error.empty() || error == "access_denied" || error.starts_with("user_cancelled"))
        return Error::invalid("code", "authorization_denied", "The authorisation was declined at " + pending.server);
    constexpr std::size_t most = 300;  // the description travels in the web app's address
    const auto reason = description.empty() ? error.substr(0, most) : description.substr(0, most) + " (" + error.substr(0, 64) + ")";
    return Error::invalid("code", "authorization_refused", pending.network + " refused the authorisation: " + reason);
}

Result<OAuthFinished> OAuthConnections::finish(const Principal& caller, const std::string& state, const std::string& code) {
    if (code.empty()) return refused(caller, state, "", "");
    const auto pending = TRY(take_pending(caller, state));
    auto* connector = connectors_.find(pending.network);
    auto* flow = connector ? connector->oauth() : nullptr;
    if (!flow) return Error::invalid("network", "unknown_network", pending.network + " can no longer be connected on this server");
    const auto client = TRY(client_for(*flow, pending.network, pending.server));
    const auto verifier = TRY(secrets_.open(pending.sealed_verifier));
    networks::OAuthRequest request{pending.server, pending.redirect_uri, state, sha256_base64url(verifier)};
    auto connection = flow->exchange_code(client, request, code, verifier);
    if (!connection.ok()) return connection_error(connection.failure(), "code");
    const auto& accounts = connection.get();
    if (accounts.empty())
        return Error::invalid("code", "no_accounts", "This login reaches no account Chorus can publish to on " + pending.network);
    if (accounts.size() == 1) return OAuthFinished{TRY(connections_.save(caller, pending.brand_id, pending.network, accounts.front())), {}};
    return OAuthFinished{std::nullopt, TRY(keep_selection(caller, pending.brand_id, pending.network, accounts))};
}

Result<std::string> OAuthConnections::keep_selection(const Principal& caller, const std::string& brand_id, const std::string& network,
                                                     const std::vector<networks::Connection>& accounts) {
    const auto id = random_secret(32);
    const Millis now = now_millis();
    TRY(store_.write([&](Transaction& tx) -> Result<void> {
        tx.execute("DELETE FROM oauth_selections WHERE expires_at < $1", {now});
        tx.execute("INSERT INTO oauth_selections (id_hash, org_id, user_id, brand_id, network, sealed_accounts, expires_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   {sha256_base64url(id), caller.org_id, caller.user_id, brand_id, network, secrets_.seal(accounts_json(accounts)),
                    now + selection_lifetime});
        return {};
    }));
    return id;
}

Result<Selection> OAuthConnections::selection(const Principal& caller, const std::string& selection_id) {
    return store_.read([&](Transaction& tx) -> Result<Selection> {
        auto pending = TRY(find_selection(tx, secrets_, caller, selection_id, false));
        Selection selection{pending.network, pending.brand_id, {}, pending.expires_at};
        for (const auto& account : pending.accounts) {
            Candidate candidate{account.remote_account_id, account.handle, account.display_name, account.kind, std::nullopt};
            if (auto row = tx.query_one("SELECT id FROM channels WHERE brand_id = $1 AND network = $2 AND remote_account_id = $3",
                                        {pending.brand_id, pending.network, account.remote_account_id}))
                candidate.channel_id = row->text(0);
            selection.accounts.push_back(std::move(candidate));
        }
        return selection;
    });
}

Result<std::vector<Connected>> OAuthConnections::choose(const Principal& caller, const std::string& selection_id,
                                                        const std::vector<std::string>& remote_account_ids) {
    if (!is_at_least(caller.role, Role::admin)) return Error::forbidden("Only admins and owners can connect channels");
    if (remote_account_ids.empty()) return Error::invalid("accounts", "required", "accounts is required: choose at least one account");
    auto saved = store_.write([&](Transaction& tx) -> Result<std::vector<Connected>> {
        auto pending = TRY(find_selection(tx, secrets_, caller, selection_id, true));
        std::vector<Connected> saved;
        std::set<std::string> chosen;
        for (std::size_t i = 0; i < remote_account_ids.size(); ++i) {
            const auto& wanted = remote_account_ids[i];
            auto account = std::find_if(pending.accounts.begin(), pending.accounts.end(),
                                        [&](const networks::Connection& a) { return a.remote_account_id == wanted; });
            if (account == pending.accounts.end())
                return Error::invalid("accounts[" + std::to_string(i) + "]", "unknown_account", wanted + " is not one of the accounts to choose from");
            if (!chosen.insert(wanted).second) continue;
            saved.push_back(TRY(connections_.save(tx, caller, pending.brand_id, pending.network, *account)));
        }
        return saved;
    });
    if (!saved) return saved.error();
    for (auto& connected : *saved) connected.channel = TRY(connections_.channel(caller, connected.channel.id));
    return saved;
}

}  // namespace chorus::channels
