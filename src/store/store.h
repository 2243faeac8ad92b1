#pragma once
// The storage seam. Domain code writes portable SQL once (placeholders $1, $2, …; BIGINT
// milliseconds for time; TEXT ids; INTEGER 0/1 for flags) and runs it inside a transaction
// given by a Store. Two backends implement Store: SQLite (embedded default, one writer) and
// PostgreSQL (scale-out, pooled connections). Where the backends must differ (job claiming,
// advisory locks), callers ask backend() and choose; that choice stays in the store layer.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.h"

namespace chorus::store {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// A bound value for an optional field: NULL when absent.
template <class T>
Value nullable(const std::optional<T>& value) {
    if (!value) return nullptr;
    if constexpr (std::is_integral_v<T>) return static_cast<std::int64_t>(*value);
    else return Value{*value};
}

class Row {
public:
    explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
    std::size_t size() const { return cells_.size(); }
    bool is_null(std::size_t column) const;
    std::string text(std::size_t column) const;
    std::optional<std::string> optional_text(std::size_t column) const;
    std::int64_t int64(std::size_t column) const;
    std::optional<std::int64_t> optional_int64(std::size_t column) const;

private:
    std::vector<Value> cells_;
};

// Thrown inside a transaction callback by a failing statement; Store::write/read catch it,
// roll back and return it as an Error. It never crosses the store's public boundary.
class StatementError : public std::runtime_error {
public:
    enum class Kind { unique_violation, foreign_key_violation, busy, connection, other };
    StatementError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

class Transaction {
public:
    virtual ~Transaction() = default;
    virtual std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) = 0;
    // Returns the number of rows changed.
    virtual std::int64_t execute(std::string_view sql, const std::vector<Value>& params) = 0;
    // Several statements, no parameters (migrations).
    virtual void execute_script(std::string_view sql) = 0;

    std::optional<Row> query_one(std::string_view sql, const std::vector<Value>& params) {
        auto rows = query(sql, params);
        if (rows.empty()) return std::nullopt;
        return std::move(rows.front());
    }
};

// A statement that handles a batch varies in text with the batch's size, and PostgreSQL
// prepares each text once per connection: batches are cut at this many rows, which bounds
// how many texts a connection prepares.
constexpr std::size_t max_batch_rows = 32;

// Calls each(begin, count) for consecutive slices of at most max_batch_rows of `total` rows.
template <class Each>
void for_each_batch(std::size_t total, Each&& each) {
    for (std::size_t begin = 0; begin < total; begin += max_batch_rows) each(begin, std::min(max_batch_rows, total - begin));
}

// "$first, $first+1, …" for `count` values: an IN list of a statement that handles a batch.
std::string placeholder_list(std::size_t first, std::size_t count);

// Runs `head (ids…) tail` over `ids` in batches of max_batch_rows, `leading` bound first
// ($1…) in each: the rows of all batches, in batch order.
std::vector<Row> query_in(Transaction& tx, std::string_view head, const std::vector<std::string>& ids, std::string_view tail = {},
                          const std::vector<Value>& leading = {});
void execute_in(Transaction& tx, std::string_view head, const std::vector<std::string>& ids, const std::vector<Value>& leading = {});
// "($first, …), (…)" for `rows` rows of `columns` values each: a multi-row VALUES.
std::string placeholder_rows(std::size_t first, std::size_t rows, std::size_t columns);

enum class Backend { sqlite, postgres };
std::string_view to_string(Backend backend);

// The right to do a duty that one process among all those sharing the store should do at a
// time (the scheduler's housekeeping). PostgreSQL: a session advisory lock, per schema, on a
// connection of its own; SQLite: an exclusive flock on a file beside the database. The server
// or the kernel releases either when the process dies, so a crashed leader is replaced.
// Duties guarded so must still be safe to run twice: a leader whose connection just died may
// finish its round while another takes over.
class Leadership {
public:
    virtual ~Leadership() = default;
    // Whether this process leads now: takes the duty when it is free, and notices when a lost
    // connection took it away.
    virtual bool held() = 0;
};

class Store {
public:
    virtual ~Store() = default;
    virtual Backend backend() const = 0;
    // Not held until held() says so; released when the object goes.
    virtual std::unique_ptr<Leadership> leadership(std::string_view duty) = 0;

    // Runs `work` in a transaction that may write. The transaction commits when `work`
    // returns a value and rolls back when it returns an Error or a statement fails.
    template <class F>
    auto write(F&& work) -> decltype(work(std::declval<Transaction&>())) {
        return run<decltype(work(std::declval<Transaction&>()))>(Mode::write, std::forward<F>(work));
    }
    // Same, for reads; on SQLite it never waits for the writer.
    template <class F>
    auto read(F&& work) -> decltype(work(std::declval<Transaction&>())) {
        return run<decltype(work(std::declval<Transaction&>()))>(Mode::read, std::forward<F>(work));
    }

protected:
    enum class Mode { read, write };
    // Calls `work` inside a transaction; commits when it returns true. Statement failures
    // propagate as StatementError after rollback.
    virtual void transact(Mode mode, const std::function<bool(Transaction&)>& work) = 0;

private:
    template <class R, class F>
    R run(Mode mode, F&& work);
};

Error error_from(const StatementError& failure);

template <class R, class F>
R Store::run(Mode mode, F&& work) {
    std::optional<R> outcome;
    try {
        transact(mode, [&](Transaction& tx) {
            outcome.emplace(work(tx));
            return outcome->ok();
        });
    } catch (const StatementError& failure) {
        return error_from(failure);
    }
    return std::move(*outcome);
}

struct StoreOptions {
    std::string data_dir = "data";   // SQLite file lives here
    std::string database_url;        // postgres://… selects PostgreSQL
    int pool_size = 8;
};

// Opens the backend the options select. Does not migrate.
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);

}  // namespace chorus::store
