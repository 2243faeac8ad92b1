#pragma once
// Versioned schema migrations, embedded in the binary, applied in order, each recorded in
// schema_migrations. Safe to run twice and from two processes at once: each migration runs
// in its own transaction under the backend's exclusive lock and re-checks whether it is
// already applied once it holds that lock.
#include <span>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace chorus::store {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sqlite_sql;
    std::string_view postgres_sql;
};

std::span<const Migration> embedded_migrations();

// Applies what is missing; returns how many were applied now. Refuses a database whose
// schema is newer than this binary knows.
Result<int> migrate(Store& store, std::span<const Migration> migrations = embedded_migrations());

// Highest applied version (0 for an empty database).
Result<int> schema_version(Store& store);

}  // namespace chorus::store
