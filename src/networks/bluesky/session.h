#pragma once
// A Bluesky account's session: app-password login at the account's entryway, the access
// and refresh JWTs, and the account's own PDS as its DID document names it. The session
// is the channel's sealed credential; the app password is kept (sealed) too, so that a
// session the server forgot can be re-created without asking the user.
#include <optional>
#include <string>

#include "core/clock.h"
#include "networks/bluesky/xrpc.h"

namespace chorus::networks::bluesky {

struct Session {
    std::string did;
    std::string handle;
    std::string service;     // where the user logs in (the entryway or their own PDS)
    std::string pds;         // where their repository lives: every repo call goes here
    std::string identifier;  // what the user typed: handle, email or DID
    std::string app_password;
    std::string access_jwt;
    std::string refresh_jwt;

    std::string to_credentials() const;
    static std::optional<Session> from_credentials(const std::string& credentials);
    // When the access JWT stops working (its `exp` claim).
    std::optional<Millis> access_expires_at() const;
};

struct Directory {
    std::string plc_url = "https://plc.directory";  // where did:plc documents are resolved
};

class Sessions {
public:
    Sessions(const Xrpc& xrpc, Directory directory) : xrpc_(xrpc), directory_(std::move(directory)) {}

    // com.atproto.server.createSession, then the PDS from the DID document. An auth failure
    // means the identifier or app password is wrong.
    Outcome<Session> create(const std::string& service, const std::string& identifier, const std::string& app_password) const;
    // com.atproto.server.refreshSession; when the refresh JWT itself is refused, a new
    // session from the kept app password. An auth failure: the app password was revoked.
    Outcome<Session> refresh(const Session& session) const;
    // The PDS that hosts `did`'s repository: from the DID document when the caller has it,
    // else from the PLC directory (did:plc) or the domain's did.json (did:web).
    Outcome<std::string> pds_of(const std::string& did, const boost::json::value& did_document = {}) const;

private:

    const Xrpc& xrpc_;
    Directory directory_;
};

}  // namespace chorus::networks::bluesky
