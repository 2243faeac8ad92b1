// Every store test runs on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.h"
#include "test_database.h"

namespace chorus::store {
namespace {

using chorus::testing::TestDatabase;

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
    TestDatabase database{GetParam()};
};

int count_rows(Store& store, const std::string& table) {
    auto counted = store.read([&](Transaction& tx) -> Result<std::int64_t> {
        return tx.query_one("SELECT COUNT(*) FROM " + table, {})->int64(0);
    });
    return counted ? static_cast<int>(*counted) : -1;
}

TEST_P(StoreTest, MigrationsApplyOnceAndRecordEachVersion) {
    auto store = database.open();
    EXPECT_EQ(store->backend(), GetParam());
    auto first = migrate(*store);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(*first, static_cast<int>(embedded_migrations().size()));
    auto second = migrate(*store);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*second, 0) << "running migrations twice changes nothing";
    EXPECT_EQ(*schema_version(*store), embedded_migrations().back().version);
    EXPECT_EQ(count_rows(*store, "schema_migrations"), static_cast<int>(embedded_migrations().size()));
    EXPECT_EQ(count_rows(*store, "organisations"), 0);
}

TEST_P(StoreTest, MigrationsFromSeveralProcessesAtOnceApplyEachVersionOnce) {
    // Separate Store objects have separate connections, as separate processes would.
    constexpr int racers = 4;
    std::vector<std::unique_ptr<Store>> stores;
    for (int i = 0; i < racers; ++i) stores.push_back(database.open(1));
    std::vector<int> applied(racers, -1);
    std::vector<std::thread> threads;
    for (int i = 0; i < racers; ++i)
        threads.emplace_back([&, i] {
            auto outcome = migrate(*stores[i]);
            applied[i] = outcome ? *outcome : -100;
        });
    for (auto& t : threads) t.join();
    int total = 0;
    for (int n : applied) {
        EXPECT_GE(n, 0) << "a concurrent migrate failed";
        total += n;
    }
    EXPECT_EQ(total, static_cast<int>(embedded_migrations().size()));
    EXPECT_EQ(count_rows(*stores[0], "schema_migrations"), static_cast<int>(embedded_migrations().size()));
}

TEST_P(StoreTest, OneProcessAtATimeLeadsADutyAndALeaderThatGoesIsReplaced) {
    // Separate Store objects have separate connections (and open files), as separate nodes would.
    auto first_node = database.open(1);
    auto second_node = database.open(1);
    auto first = first_node->leadership("scheduler");
    auto second = second_node->leadership("scheduler");
    EXPECT_TRUE(first->held());
    EXPECT_FALSE(second->held());
    EXPECT_TRUE(first->held()) << "a leader stays the leader";
    EXPECT_FALSE(second->held());
    EXPECT_TRUE(second_node->leadership("another duty")->held()) << "each duty has its own leader";

    // Another database (another deployment, another schema) has a leader of its own.
    TestDatabase elsewhere(GetParam());
    EXPECT_TRUE(elsewhere.open(1)->leadership("scheduler")->held());

    first.reset();  // the leader stops (or dies: its session or open file goes with it)
    EXPECT_TRUE(second->held()) << "the next one takes over";
    EXPECT_FALSE(first_node->leadership("scheduler")->held());
}

TEST_P(StoreTest, AFailingMigrationLeavesNoTraceAndNamesItself) {
    auto store = database.open();
    ASSERT_TRUE(migrate(*store).ok());
    const Migration broken[] = {
        {9001, "half_done", "CREATE TABLE half_done (id TEXT); SELECT * FROM no_such_table;",
         "CREATE TABLE half_done (id TEXT); SELECT * FROM no_such_table;"},
    };
    std::vector<Migration> all(embedded_migrations().begin(), embedded_migrations().end());
    all.push_back(broken[0]);
    auto outcome = migrate(*store, all);
    ASSERT_FALSE(outcome.ok());
    EXPECT_NE(outcome.error().message.find("9001 (half_done)"), std::string::npos) << outcome.error().message;
    auto table_exists = store->read([&](Transaction& tx) -> Result<bool> {
        try {
            tx.query("SELECT COUNT(*) FROM half_done", {});
            return true;
        } catch (const StatementError&) {
            return false;
        }
    });
    ASSERT_TRUE(table_exists.ok());
    EXPECT_FALSE(*table_exists) << "the CREATE TABLE before the failure was rolled back";
    EXPECT_EQ(*schema_version(*store), embedded_migrations().back().version);
}

TEST_P(StoreTest, ADatabaseNewerThanTheBinaryIsRefused) {
    auto store = database.open();
    ASSERT_TRUE(migrate(*store).ok());
    ASSERT_TRUE(store->write([](Transaction& tx) -> Result<bool> {
        tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99999, 'future', 0)", {});
        return true;
    }).ok());
    auto outcome = migrate(*store);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, "schema_too_new");
}

TEST_P(StoreTest, AnErrorFromTheCallbackRollsTheTransactionBack) {
    auto store = database.open();
    ASSERT_TRUE(migrate(*store).ok());
    auto outcome = store->write([](Transaction& tx) -> Result<bool> {
        tx.execute("INSERT INTO organisations (id, name, created_at, updated_at) VALUES ('org_1', 'A', 0, 0)", {});
        return Error::invalid("name", "nope", "refused after the insert");
    });
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, "nope");
    EXPECT_EQ(count_rows(*store, "organisations"), 0);
}

TEST_P(StoreTest, UniqueViolationsAreConflictsAndForeignKeysAreEnforced) {
    auto store = database.open();
    ASSERT_TRUE(migrate(*store).ok());
    auto insert_org = [&] {
        return store->write([](Transaction& tx) -> Result<bool> {
            tx.execute("INSERT INTO organisations (id, name, created_at, updated_at) VALUES ('org_1', 'A', 0, 0)", {});
            return true;
        });
    };
    ASSERT_TRUE(insert_org().ok());
    auto duplicate = insert_org();
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);
    auto orphan = store->write([](Transaction& tx) -> Result<bool> {
        tx.execute("INSERT INTO brands (id, org_id, name, time_zone, colour, created_at, updated_at) "
                   "VALUES ('b', 'org_missing', 'B', 'UTC', '#000000', 0, 0)", {});
        return true;
    });
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().code, "referenced_record_missing");
}

TEST_P(StoreTest, ValuesRoundTripExactly) {
    auto store = database.open();
    ASSERT_TRUE(migrate(*store).ok());
    const std::string name = "Ünïcödé 日本 🎉 \"quoted\" 'single' \\ back";
    const std::int64_t big = 9'007'199'254'740'993;  // not representable as a double
    ASSERT_TRUE(store->write([&](Transaction& tx) -> Result<bool> {
        tx.execute("INSERT INTO organisations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $4)",
                   {std::string("org_x"), name, big, std::int64_t{-5}});
        return true;
    }).ok());
    auto row = store->read([&](Transaction& tx) -> Result<Row> {
        return *tx.query_one("SELECT name, created_at, updated_at, NULL FROM organisations WHERE id = $1",
                             {std::string("org_x")});
    });
    ASSERT_TRUE(row.ok());
    EXPECT_EQ(row->text(0), name);
    EXPECT_EQ(row->int64(1), big);
    EXPECT_EQ(row->int64(2), -5);
    EXPECT_TRUE(row->is_null(3));
}

TEST_P(StoreTest, ManyConcurrentWritersAllCommit) {
    auto store = database.open(4);
    ASSERT_TRUE(migrate(*store).ok());
    constexpr int threads_count = 4, per_thread = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < threads_count; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                auto done = store->write([&](Transaction& tx) -> Result<bool> {
                    tx.execute("INSERT INTO organisations (id, name, created_at, updated_at) VALUES ($1, 'n', 0, 0)",
                               {"org_" + std::to_string(t) + "_" + std::to_string(i)});
                    return true;
                });
                if (!done) ++failures;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count_rows(*store, "organisations"), threads_count * per_thread);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(chorus::testing::test_backends()),
                         chorus::testing::backend_name);

}  // namespace
}  // namespace chorus::store
