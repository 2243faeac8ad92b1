#pragma once
#include <memory>
#include <string>

#include "store/store.h"

namespace chorus::store {

// SQLite in WAL mode: one writer connection (writes are serialised in-process by a mutex
// and across processes by BEGIN IMMEDIATE with a busy timeout) and a pool of readers that
// never wait for the writer.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, int reader_count);

}  // namespace chorus::store
