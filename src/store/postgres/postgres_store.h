#pragma once
#include <memory>
#include <string>

#include "store/store.h"

namespace chorus::store {

// PostgreSQL through libpq: a fixed pool of connections, each transaction on one of them.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, int pool_size);

}  // namespace chorus::store
