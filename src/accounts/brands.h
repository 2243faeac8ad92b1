#pragma once
// Brands (one organisation runs one or many) and their channels: the connected social
// accounts. A channel here is only the record; connectors fill in credentials later.
#include <optional>
#include <string>
#include <vector>

#include "accounts/listing.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "store/store.h"

namespace chorus::accounts {

struct Brand {
    std::string id;
    std::string name;
    std::string time_zone;  // IANA name: schedules are evaluated in it
    std::string colour;
    std::optional<std::string> avatar_url;
    Millis created_at = 0;
    Millis updated_at = 0;
};

// For create every required field must be present; for update, absent means unchanged.
struct BrandChanges {
    std::optional<std::string> name;
    std::optional<std::string> time_zone;
    std::optional<std::string> colour;
    std::optional<std::optional<std::string>> avatar_url;  // set to nullopt-inside to clear
};

struct Channel {
    std::string id;
    std::string brand_id;
    std::string network;
    std::string display_name;
    std::string handle;
    std::string status;
    Millis created_at = 0;
    Millis updated_at = 0;
    // Health, as the publishing engine last saw it.
    std::optional<Millis> last_success_at;
    std::optional<Millis> last_error_at;
    std::optional<std::string> last_error;
    std::optional<Millis> token_expires_at;
    bool has_credentials = false;
    std::string settings = "{}";  // JSON: what the channel's server allows (a Mastodon instance's limits)
    bool token_renews = true;      // false: the token ends at token_expires_at unless reconnected
    std::optional<Millis> paused_at;  // set: publishing is paused, nothing new goes out
};

struct ChannelChanges {
    std::optional<std::string> brand_id;
    std::optional<std::string> network;
    std::optional<std::string> display_name;
    std::optional<std::string> handle;
    std::optional<std::string> status;
};

class Brands {
public:
    explicit Brands(store::Store& store) : store_(store) {}
    Result<Page<Brand>> list(const Principal& caller, const PageRequest& page);
    Result<Brand> get(const Principal& caller, const std::string& id);
    Result<Brand> create(const Principal& caller, const BrandChanges& input);
    Result<Brand> update(const Principal& caller, const std::string& id, const BrandChanges& changes);
    Result<void> remove(const Principal& caller, const std::string& id);

private:
    store::Store& store_;
};

class Channels {
public:
    // extra_networks: networks beyond the ten real ones that this server accepts (the
    // test network, when the operator configured it).
    explicit Channels(store::Store& store, std::vector<std::string> extra_networks = {})
        : store_(store), extra_networks_(std::move(extra_networks)) {}
    // brand_id empty: every channel of the organisation.
    Result<Page<Channel>> list(const Principal& caller, const std::string& brand_id, const PageRequest& page);
    Result<Channel> get(const Principal& caller, const std::string& id);
    Result<Channel> create(const Principal& caller, const ChannelChanges& input);
    Result<Channel> update(const Principal& caller, const std::string& id, const ChannelChanges& changes);
    Result<void> remove(const Principal& caller, const std::string& id);
    // 422 unknown_brand unless brand_id is a brand of the caller's organisation.
    Result<void> check_brand(const Principal& caller, const std::string& brand_id);
    static Result<void> check_brand(store::Transaction& tx, const Principal& caller, const std::string& brand_id);

private:
    Result<void> apply(Channel& channel, const ChannelChanges& changes) const;

    store::Store& store_;
    std::vector<std::string> extra_networks_;
};

}  // namespace chorus::accounts
