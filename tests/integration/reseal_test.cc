// `chorus reseal` on both stores: every sealed column is visited, in batches; what opens is
// sealed again with the newest key, what does not is left and counted; a second run has
// nothing to do; afterwards the newest key alone opens everything.
#include <gtest/gtest.h>

#include "app/reseal.h"
#include "core/clock.h"
#include "store/migrations.h"
#include "test_database.h"

namespace chorus::testing {
namespace {

SecretBox box_of(const std::vector<std::string>& keys) { return std::move(*SecretBox::from_keys(keys)); }

class Reseal : public ::testing::TestWithParam<store::Backend> {};

TEST_P(Reseal, EverySecretIsSealedAgainWithTheNewestKeyAndTheOldKeyCanGo) {
    TestDatabase database(GetParam());
    auto store = database.open();
    ASSERT_TRUE(store::migrate(*store));
    const auto old_key = SecretBox::generate_key();
    const auto new_key = SecretBox::generate_key();
    const auto stranger = SecretBox::generate_key();
    const auto old_box = box_of({old_key});
    // 450 registered apps sealed with the old key (some under the names used before
    // fingerprints), one sealed with a key this server never had.
    ASSERT_TRUE(store->write([&](store::Transaction& tx) -> Result<void> {
        for (int i = 0; i < 450; ++i) {
            auto sealed = old_box.seal("secret-" + std::to_string(i));
            if (i % 3 == 0) sealed = "k1:" + sealed.substr(sealed.find(':') + 1);
            tx.execute("INSERT INTO oauth_clients (network, server, redirect_uri, client_id, sealed_secret, created_at) "
                       "VALUES ('mastodon', $1, 'https://chorus.example/cb', $2, $3, $4)",
                       {"https://m" + std::to_string(i) + ".example", "client-" + std::to_string(i), sealed, now_millis()});
        }
        tx.execute("INSERT INTO oauth_clients (network, server, redirect_uri, client_id, sealed_secret, created_at) "
                   "VALUES ('mastodon', 'https://lost.example', 'https://chorus.example/cb', 'lost', $1, $2)",
                   {box_of({stranger}).seal("unreachable"), now_millis()});
        return {};
    }));

    const auto rotating = box_of({old_key, new_key});
    auto first = app::reseal_secrets(*store, rotating, 100);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->resealed, 450);
    EXPECT_EQ(first->already_current, 0);
    EXPECT_EQ(first->unreadable, 1);
    auto second = app::reseal_secrets(*store, rotating, 100);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->resealed, 0);
    EXPECT_EQ(second->already_current, 450);
    EXPECT_EQ(second->unreadable, 1);

    const auto after = box_of({new_key});
    auto opened = store->read([&](store::Transaction& tx) -> Result<int> {
        int count = 0;
        for (const auto& row : tx.query("SELECT client_id, sealed_secret FROM oauth_clients WHERE client_id <> 'lost'", {})) {
            auto secret = after.open(row.text(1));
            EXPECT_TRUE(secret) << row.text(0);
            if (secret && *secret == "secret-" + row.text(0).substr(7)) ++count;
        }
        return count;
    });
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, 450);
}

INSTANTIATE_TEST_SUITE_P(Stores, Reseal, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
