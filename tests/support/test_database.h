#pragma once
// A fresh, empty database for one test, on either backend. SQLite: a file in a temp dir.
// PostgreSQL: a new schema in the cluster scripts/test started (CHORUS_TEST_POSTGRES_URL),
// selected through the connection's search_path and dropped afterwards.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace chorus::store {
inline void PrintTo(Backend backend, std::ostream* out) { *out << to_string(backend); }
}  // namespace chorus::store

namespace chorus::testing {

class TestDatabase {
public:
    explicit TestDatabase(store::Backend backend);
    ~TestDatabase();
    const store::StoreOptions& options() const { return options_; }
    std::unique_ptr<store::Store> open(int pool_size = 4) const;

private:
    store::Backend backend_;
    store::StoreOptions options_;
    std::string schema_;
    std::string directory_;
};

// SQLite always; PostgreSQL when the test cluster is there. With CHORUS_REQUIRE_POSTGRES=1
// (scripts/test sets it) a missing cluster is a failure, not a silent skip.
std::vector<store::Backend> test_backends();
std::string backend_name(const ::testing::TestParamInfo<store::Backend>& info);
std::string make_temp_dir();

}  // namespace chorus::testing
