#include "store/migrations.h"

#include <algorithm>

#include "core/clock.h"

namespace chorus::store {
namespace {

// Any constant works as long as nothing else in Chorus uses it for an advisory lock.
constexpr std::string_view migration_lock_sql = "SELECT pg_advisory_xact_lock(4242001)";

void lock_and_prepare(Store& store, Transaction& tx) {
    // SQLite's BEGIN IMMEDIATE already excludes every other writer; PostgreSQL needs an
    // explicit lock because two CREATE TABLE IF NOT EXISTS can still collide there.
    if (store.backend() == Backend::postgres) tx.query(migration_lock_sql, {});
    tx.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
}

int highest_applied(Transaction& tx) {
    auto row = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {});
    return row ? static_cast<int>(row->int64(0)) : 0;
}

}  // namespace

Result<int> migrate(Store& store, std::span<const Migration> migrations) {
    const int newest_known = migrations.empty() ? 0 : std::max_element(migrations.begin(), migrations.end(),
        [](const Migration& a, const Migration& b) { return a.version < b.version; })->version;
    int applied = 0;
    // The first transaction only checks that this binary is not older than the schema.
    TRY(store.write([&](Transaction& tx) -> Result<int> {
        lock_and_prepare(store, tx);
        int current = highest_applied(tx);
        if (current > newest_known)
            return Error{ErrorKind::conflict, "schema_too_new",
                         "The database schema (version " + std::to_string(current) +
                             ") is newer than this chorus binary knows (" + std::to_string(newest_known) +
                             "); upgrade chorus",
                         {}, {}};
        return current;
    }));
    for (const Migration& migration : migrations) {
        auto outcome = store.write([&](Transaction& tx) -> Result<bool> {
            lock_and_prepare(store, tx);
            if (tx.query_one("SELECT 1 FROM schema_migrations WHERE version = $1", {std::int64_t{migration.version}}))
                return false;
            tx.execute_script(store.backend() == Backend::postgres ? migration.postgres_sql : migration.sqlite_sql);
            tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                       {std::int64_t{migration.version}, std::string(migration.name), now_millis()});
            return true;
        });
        if (!outcome)
            return Error::internal("migration " + std::to_string(migration.version) + " (" +
                                   std::string(migration.name) + ") failed: " + outcome.error().message);
        if (*outcome) ++applied;
    }
    return applied;
}

Result<int> schema_version(Store& store) {
    return store.write([&](Transaction& tx) -> Result<int> {
        lock_and_prepare(store, tx);
        return highest_applied(tx);
    });
}

}  // namespace chorus::store
