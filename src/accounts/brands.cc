#include "accounts/brands.h"

#include <algorithm>
#include <array>

#include "accounts/validation.h"
#include "core/clock.h"
#include "core/id.h"

namespace chorus::accounts {
namespace {

using store::Row;
using store::Transaction;

constexpr std::string_view default_colour = "#6366f1";
constexpr std::array<std::string_view, 10> networks{"bluesky", "facebook", "instagram", "linkedin", "mastodon",
                                                    "pinterest", "threads", "tiktok", "x", "youtube"};
constexpr std::array<std::string_view, 4> channel_statuses{"connected", "needs_reconnect", "error", "disconnected"};

constexpr std::string_view brand_columns = "SELECT id, name, time_zone, colour, avatar_url, created_at, updated_at FROM brands ";
constexpr std::string_view channel_columns =
    "SELECT id, brand_id, network, display_name, handle, status, created_at, updated_at, last_success_at, last_error_at, "
    "last_error, (SELECT expires_at FROM channel_credentials cc WHERE cc.channel_id = channels.id), "
    "(SELECT COUNT(*) FROM channel_credentials cc WHERE cc.channel_id = channels.id), settings, "
    "(SELECT renewable FROM channel_credentials cc WHERE cc.channel_id = channels.id), paused_at FROM channels ";

Brand brand_from(const Row& r) {
    return {r.text(0), r.text(1), r.text(2), r.text(3), r.optional_text(4), r.int64(5), r.int64(6)};
}
Channel channel_from(const Row& r) {
    return {r.text(0),          r.text(1),          r.text(2),          r.text(3),          r.text(4),
            r.text(5),          r.int64(6),         r.int64(7),         r.optional_int64(8), r.optional_int64(9),
            r.optional_text(10), r.optional_int64(11), r.int64(12) > 0, r.text(13), r.optional_int64(14).value_or(1) != 0, r.optional_int64(15)};
}

Result<void> require_admin(const Principal& caller, std::string_view what) {
    if (is_at_least(caller.role, Role::admin)) return {};
    return Error::forbidden("Only admins and owners can change " + std::string(what));
}

template <std::size_t N>
Result<void> one_of(std::string_view field, const std::string& value, const std::array<std::string_view, N>& allowed) {
    for (auto candidate : allowed)
        if (candidate == value) return {};
    std::string list;
    for (auto candidate : allowed) list += (list.empty() ? "" : ", ") + std::string(candidate);
    return Error::invalid(std::string(field), "not_allowed", std::string(field) + " must be one of: " + list);
}

Result<Brand> find_brand(Transaction& tx, const Principal& caller, const std::string& id) {
    auto row = tx.query_one(std::string(brand_columns) + "WHERE id = $1 AND org_id = $2", {id, caller.org_id});
    if (!row) return Error::not_found("brand");
    return brand_from(*row);
}

Result<Channel> find_channel(Transaction& tx, const Principal& caller, const std::string& id) {
    auto row = tx.query_one(std::string(channel_columns) + "WHERE id = $1 AND org_id = $2", {id, caller.org_id});
    if (!row) return Error::not_found("channel");
    return channel_from(*row);
}

Result<void> apply(Brand& brand, const BrandChanges& changes) {
    if (changes.name) brand.name = TRY(required_text("name", *changes.name, 100));
    if (changes.time_zone) {
        TRY(valid_time_zone("time_zone", *changes.time_zone));
        brand.time_zone = *changes.time_zone;
    }
    if (changes.colour) brand.colour = TRY(valid_colour("colour", *changes.colour));
    if (changes.avatar_url) {
        if (*changes.avatar_url) TRY(valid_http_url("avatar_url", **changes.avatar_url));
        brand.avatar_url = *changes.avatar_url;
    }
    return {};
}

}  // namespace

Result<void> Channels::apply(Channel& channel, const ChannelChanges& changes) const {
    if (changes.network) {
        bool extra = std::find(extra_networks_.begin(), extra_networks_.end(), *changes.network) != extra_networks_.end();
        if (!extra) TRY(one_of("network", *changes.network, networks));
        channel.network = *changes.network;
    }
    if (changes.display_name) channel.display_name = TRY(required_text("display_name", *changes.display_name, 200));
    if (changes.handle) channel.handle = TRY(required_text("handle", *changes.handle, 200));
    if (changes.status) {
        TRY(one_of("status", *changes.status, channel_statuses));
        channel.status = *changes.status;
    }
    return {};
}

namespace {

Result<void> brand_belongs(Transaction& tx, const Principal& caller, const std::string& brand_id) {
    // A brand of another organisation is reported as a bad field value, exactly like a
    // brand that does not exist: its existence must not leak.
    if (!tx.query_one("SELECT 1 FROM brands WHERE id = $1 AND org_id = $2", {brand_id, caller.org_id}))
        return Error::invalid("brand_id", "unknown_brand", "brand_id does not name a brand of this organisation");
    return {};
}

}  // namespace

Result<Page<Brand>> Brands::list(const Principal& caller, const PageRequest& page) {
    return store_.read([&](Transaction& tx) -> Result<Page<Brand>> {
        auto rows = tx.query(std::string(brand_columns) + "WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                             {caller.org_id, page.cursor, std::int64_t{page.limit + 1}});
        std::vector<Brand> brands;
        for (const auto& row : rows) brands.push_back(brand_from(row));
        return make_page(std::move(brands), page.limit, [](const Brand& b) { return b.id; });
    });
}

Result<Brand> Brands::get(const Principal& caller, const std::string& id) {
    return store_.read([&](Transaction& tx) { return find_brand(tx, caller, id); });
}

Result<Brand> Brands::create(const Principal& caller, const BrandChanges& input) {
    TRY(require_admin(caller, "brands"));
    if (!input.name) return Error::invalid("name", "required", "name is required");
    if (!input.time_zone) return Error::invalid("time_zone", "required", "time_zone is required");
    Brand brand;
    brand.colour = default_colour;
    TRY(apply(brand, input));
    brand.id = new_id("brand");
    brand.created_at = brand.updated_at = now_millis();
    return store_.write([&](Transaction& tx) -> Result<Brand> {
        tx.execute("INSERT INTO brands (id, org_id, name, time_zone, colour, avatar_url, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                   {brand.id, caller.org_id, brand.name, brand.time_zone, brand.colour,
                    store::nullable(brand.avatar_url), brand.created_at});
        return brand;
    });
}

Result<Brand> Brands::update(const Principal& caller, const std::string& id, const BrandChanges& changes) {
    TRY(require_admin(caller, "brands"));
    return store_.write([&](Transaction& tx) -> Result<Brand> {
        auto brand = TRY(find_brand(tx, caller, id));
        TRY(apply(brand, changes));
        brand.updated_at = now_millis();
        tx.execute("UPDATE brands SET name = $3, time_zone = $4, colour = $5, avatar_url = $6, updated_at = $7 "
                   "WHERE id = $1 AND org_id = $2",
                   {brand.id, caller.org_id, brand.name, brand.time_zone, brand.colour,
                    store::nullable(brand.avatar_url), brand.updated_at});
        return brand;
    });
}

Result<void> Brands::remove(const Principal& caller, const std::string& id) {
    TRY(require_admin(caller, "brands"));
    return store_.write([&](Transaction& tx) -> Result<void> {
        if (tx.execute("DELETE FROM brands WHERE id = $1 AND org_id = $2", {id, caller.org_id}) == 0)
            return Error::not_found("brand");
        return {};
    });
}

Result<Page<Channel>> Channels::list(const Principal& caller, const std::string& brand_id, const PageRequest& page) {
    return store_.read([&](Transaction& tx) -> Result<Page<Channel>> {
        auto rows = brand_id.empty()
                        ? tx.query(std::string(channel_columns) + "WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                                   {caller.org_id, page.cursor, std::int64_t{page.limit + 1}})
                        : tx.query(std::string(channel_columns) +
                                       "WHERE org_id = $1 AND id > $2 AND brand_id = $4 ORDER BY id LIMIT $3",
                                   {caller.org_id, page.cursor, std::int64_t{page.limit + 1}, brand_id});
        std::vector<Channel> channels;
        for (const auto& row : rows) channels.push_back(channel_from(row));
        return make_page(std::move(channels), page.limit, [](const Channel& c) { return c.id; });
    });
}

Result<Channel> Channels::get(const Principal& caller, const std::string& id) {
    return store_.read([&](Transaction& tx) { return find_channel(tx, caller, id); });
}

Result<void> Channels::check_brand(const Principal& caller, const std::string& brand_id) {
    return store_.read([&](Transaction& tx) { return brand_belongs(tx, caller, brand_id); });
}

Result<void> Channels::check_brand(Transaction& tx, const Principal& caller, const std::string& brand_id) {
    return brand_belongs(tx, caller, brand_id);
}

Result<Channel> Channels::create(const Principal& caller, const ChannelChanges& input) {
    TRY(require_admin(caller, "channels"));
    if (!input.brand_id) return Error::invalid("brand_id", "required", "brand_id is required");
    if (!input.network) return Error::invalid("network", "required", "network is required");
    if (!input.display_name) return Error::invalid("display_name", "required", "display_name is required");
    if (!input.handle) return Error::invalid("handle", "required", "handle is required");
    Channel channel;
    channel.status = "disconnected";  // only a connector can say a channel is connected
    TRY(apply(channel, input));
    channel.id = new_id("channel");
    channel.brand_id = *input.brand_id;
    channel.created_at = channel.updated_at = now_millis();
    return store_.write([&](Transaction& tx) -> Result<Channel> {
        TRY(brand_belongs(tx, caller, channel.brand_id));
        tx.execute("INSERT INTO channels (id, org_id, brand_id, network, display_name, handle, status, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                   {channel.id, caller.org_id, channel.brand_id, channel.network, channel.display_name, channel.handle,
                    channel.status, channel.created_at});
        return channel;
    });
}

Result<Channel> Channels::update(const Principal& caller, const std::string& id, const ChannelChanges& changes) {
    TRY(require_admin(caller, "channels"));
    return store_.write([&](Transaction& tx) -> Result<Channel> {
        auto channel = TRY(find_channel(tx, caller, id));
        TRY(apply(channel, changes));
        if (changes.brand_id) {
            TRY(brand_belongs(tx, caller, *changes.brand_id));
            channel.brand_id = *changes.brand_id;
        }
        channel.updated_at = now_millis();
        tx.execute("UPDATE channels SET brand_id = $3, network = $4, display_name = $5, handle = $6, status = $7, "
                   "updated_at = $8 WHERE id = $1 AND org_id = $2",
                   {channel.id, caller.org_id, channel.brand_id, channel.network, channel.display_name, channel.handle,
                    channel.status, channel.updated_at});
        return channel;
    });
}

Result<void> Channels::remove(const Principal& caller, const std::string& id) {
    TRY(require_admin(caller, "channels"));
    return store_.write([&](Transaction& tx) -> Result<void> {
        if (tx.execute("DELETE FROM channels WHERE id = $1 AND org_id = $2", {id, caller.org_id}) == 0)
            return Error::not_found("channel");
        return {};
    });
}

}  // namespace chorus::accounts
