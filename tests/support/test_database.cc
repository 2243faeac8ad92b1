#include "test_database.h"

#include <sodium.h>

#include <cstdlib>
#include <filesystem>

#include "core/id.h"
#include "store/postgres/postgres_store.h"

namespace chorus::testing {
namespace {

const char* postgres_url() {
    const char* url = std::getenv("CHORUS_TEST_POSTGRES_URL");
    return url && *url ? url : nullptr;
}

void run_admin(const std::string& sql) {
    auto admin = store::open_postgres_store(postgres_url(), 1);
    if (!admin) throw std::runtime_error("cannot reach the test PostgreSQL: " + admin.error().message);
    auto done = (*admin)->write([&](store::Transaction& tx) -> Result<bool> {
        tx.execute_script(sql);
        return true;
    });
    if (!done) throw std::runtime_error("admin statement failed: " + done.error().message);
}

}  // namespace

std::string make_temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "chorus-test.XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

TestDatabase::TestDatabase(store::Backend backend) : backend_(backend) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    if (backend == store::Backend::sqlite) {
        directory_ = make_temp_dir();
        options_.data_dir = directory_;
        return;
    }
    schema_ = "test_" + random_secret(10);
    for (auto& c : schema_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    run_admin("CREATE SCHEMA " + schema_);
    options_.database_url = std::string(postgres_url()) + "?options=-csearch_path%3D" + schema_;
}

TestDatabase::~TestDatabase() {
    try {
        if (!schema_.empty()) run_admin("DROP SCHEMA " + schema_ + " CASCADE");
        if (!directory_.empty()) std::filesystem::remove_all(directory_);
    } catch (...) {
    }
}

std::unique_ptr<store::Store> TestDatabase::open(int pool_size) const {
    auto options = options_;
    options.pool_size = pool_size;
    auto opened = store::open_store(options);
    if (!opened) throw std::runtime_error("cannot open test store: " + opened.error().message);
    return std::move(*opened);
}

std::vector<store::Backend> test_backends() {
    std::vector<store::Backend> backends{store::Backend::sqlite};
    const char* required = std::getenv("CHORUS_REQUIRE_POSTGRES");
    if (postgres_url()) backends.push_back(store::Backend::postgres);
    else if (required && std::string(required) == "1")
        throw std::runtime_error("CHORUS_REQUIRE_POSTGRES=1 but CHORUS_TEST_POSTGRES_URL is not set");
    return backends;
}

std::string backend_name(const ::testing::TestParamInfo<store::Backend>& info) {
    return std::string(store::to_string(info.param));
}

}  // namespace chorus::testing
