#pragma once
// The local Bluesky PDS that scripts/test starts (scripts/lib/bluesky.sh): its addresses
// from the environment, and the few direct calls tests make to it to set up accounts and
// to check what it really stored.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::testing {

struct BlueskyAccount {
    std::string handle;
    std::string did;
    std::string password;      // the account's own password
    std::string app_password;  // what Chorus is given
    std::string access_jwt;    // the account's own session (full rights), for checks
};

class BlueskyServer {
public:
    // nullopt when no server was started (the tests skip), unless CHORUS_REQUIRE_BLUESKY=1,
    // which makes that an error.
    static std::optional<BlueskyServer> from_environment();

    const std::string& pds_url() const { return pds_url_; }
    const std::string& plc_url() const { return plc_url_; }

    // A new account "<prefix><random>.test" with an app password.
    BlueskyAccount create_account(const std::string& prefix) const;
    void revoke_app_passwords(const BlueskyAccount& account) const;

    // null when the record does not exist.
    boost::json::value get_record(const std::string& did, const std::string& collection, const std::string& record_key) const;
    // Every record of the collection, oldest first.
    boost::json::array list_records(const std::string& did, const std::string& collection) const;
    std::string get_blob(const std::string& did, const std::string& cid) const;

private:
    BlueskyServer(std::string pds, std::string plc);
    std::uint16_t pds_port() const;

    std::string pds_url_;
    std::string plc_url_;
};

// The record key of an at:// URI (its last segment).
std::string record_key_of(const std::string& uri);

}  // namespace chorus::testing
