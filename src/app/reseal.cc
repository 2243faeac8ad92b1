#include "app/reseal.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace chorus::app {
namespace {

// Every column holding a SecretBox value. A new sealed column belongs here too.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> sealed_columns{{
    {"channel_credentials", "sealed"},
    {"oauth_clients", "sealed_secret"},
    {"oauth_states", "sealed_verifier"},
    {"oauth_selections", "sealed_accounts"},
    {"post_targets", "sealed_checkpoint"},
}};

}  // namespace

Result<ResealReport> reseal_secrets(store::Store& store, const SecretBox& secrets, std::size_t batch) {
    ResealReport report;
    const auto& prefix = secrets.current_prefix();
    const auto prefix_length = static_cast<std::int64_t>(prefix.size());
    for (const auto& [table, column] : sealed_columns) {
        const std::string t(table), c(column);
        const std::string stale = c + " IS NOT NULL AND substr(" + c + ", 1, $1) <> $2";
        // Keyset over the values themselves: each is unique (a random nonce), and a value
        // once resealed no longer matches `stale`, so none is visited twice.
        std::string last;
        for (;;) {
            auto values = TRY(store.read([&](store::Transaction& tx) -> Result<std::vector<std::string>> {
                std::vector<std::string> found;
                for (const auto& row : tx.query("SELECT " + c + " FROM " + t + " WHERE " + stale + " AND " + c + " > $3 ORDER BY " + c +
                                                    " LIMIT $4",
                                                {prefix_length, prefix, last, static_cast<std::int64_t>(batch)}))
                    found.push_back(row.text(0));
                return found;
            }));
            if (values.empty()) break;
            last = values.back();
            TRY(store.write([&](store::Transaction& tx) -> Result<void> {
                for (const auto& old : values) {
                    auto plain = secrets.open(old);
                    if (!plain) {
                        ++report.unreadable;
                        continue;
                    }
                    // Only if it still holds what was read: a server may have rewritten it.
                    if (tx.execute("UPDATE " + t + " SET " + c + " = $1 WHERE " + c + " = $2", {secrets.seal(*plain), old}) == 1)
                        ++report.resealed;
                }
                return {};
            }));
        }
        auto current = TRY(store.read([&](store::Transaction& tx) -> Result<std::int64_t> {
            auto row = tx.query_one("SELECT COUNT(*) FROM " + t + " WHERE " + c + " IS NOT NULL AND substr(" + c + ", 1, $1) = $2",
                                    {prefix_length, prefix});
            return row ? row->int64(0) : 0;
        }));
        report.already_current += current;
    }
    report.already_current -= report.resealed;  // counted above once they were resealed
    return report;
}

}  // namespace chorus::app
