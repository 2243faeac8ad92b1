#include "store/store.h"

#include <charconv>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace chorus::store {

bool Row::is_null(std::size_t column) const {
    return std::holds_alternative<std::nullptr_t>(cells_.at(column));
}

std::string Row::text(std::size_t column) const {
    const Value& cell = cells_.at(column);
    if (auto* s = std::get_if<std::string>(&cell)) return *s;
    if (auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&cell)) return std::to_string(*d);
    return {};
}

std::optional<std::string> Row::optional_text(std::size_t column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::int64_t Row::int64(std::size_t column) const {
    const Value& cell = cells_.at(column);
    if (auto* i = std::get_if<std::int64_t>(&cell)) return *i;
    if (auto* d = std::get_if<double>(&cell)) return static_cast<std::int64_t>(*d);
    if (auto* s = std::get_if<std::string>(&cell)) {
        // PostgreSQL answers in text; booleans arrive as "t"/"f".
        if (*s == "t") return 1;
        if (*s == "f") return 0;
        std::int64_t value = 0;
        std::from_chars(s->data(), s->data() + s->size(), value);
        return value;
    }
    return 0;
}

std::optional<std::int64_t> Row::optional_int64(std::size_t column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

std::string placeholder_list(std::size_t first, std::size_t count) {
    std::string list;
    for (std::size_t i = 0; i < count; ++i) list += (i == 0 ? "$" : ", $") + std::to_string(first + i);
    return list;
}

namespace {

template <class Run>
void in_batches(const std::vector<std::string>& ids, std::string_view head, std::string_view tail, const std::vector<Value>& leading,
                Run&& run) {
    for_each_batch(ids.size(), [&](std::size_t begin, std::size_t count) {
        std::vector<Value> params = leading;
        params.insert(params.end(), ids.begin() + static_cast<std::ptrdiff_t>(begin), ids.begin() + static_cast<std::ptrdiff_t>(begin + count));
        run(std::string(head) + "(" + placeholder_list(leading.size() + 1, count) + ")" + std::string(tail), params);
    });
}

}  // namespace

std::vector<Row> query_in(Transaction& tx, std::string_view head, const std::vector<std::string>& ids, std::string_view tail,
                          const std::vector<Value>& leading) {
    std::vector<Row> rows;
    in_batches(ids, head, tail, leading, [&](const std::string& sql, const std::vector<Value>& params) {
        for (auto& row : tx.query(sql, params)) rows.push_back(std::move(row));
    });
    return rows;
}

void execute_in(Transaction& tx, std::string_view head, const std::vector<std::string>& ids, const std::vector<Value>& leading) {
    in_batches(ids, head, {}, leading, [&](const std::string& sql, const std::vector<Value>& params) { tx.execute(sql, params); });
}

std::string placeholder_rows(std::size_t first, std::size_t rows, std::size_t columns) {
    std::string values;
    for (std::size_t row = 0; row < rows; ++row)
        values += (row == 0 ? "(" : ", (") + placeholder_list(first + row * columns, columns) + ")";
    return values;
}

std::string_view to_string(Backend backend) {
    return backend == Backend::postgres ? "postgres" : "sqlite";
}

Error error_from(const StatementError& failure) {
    switch (failure.kind()) {
        case StatementError::Kind::unique_violation:
            return Error::conflict("already_exists", "A record with the same unique value already exists");
        case StatementError::Kind::foreign_key_violation:
            return Error::conflict("referenced_record_missing", "A record this one refers to does not exist");
        case StatementError::Kind::busy:
        case StatementError::Kind::connection:
            return {ErrorKind::unavailable, "store_unavailable", "The database is busy or unreachable; try again", {}, {}};
        case StatementError::Kind::other: break;
    }
    return Error::internal("A database statement failed");
}

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
    const std::string& url = options.database_url;
    if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0)
        return open_postgres_store(url, options.pool_size);
    if (!url.empty() && url.rfind("sqlite:", 0) != 0)
        return Error::invalid("database_url", "unsupported_database_url",
                              "database URL must start with postgres:// or sqlite:");
    std::string path = url.empty() ? options.data_dir + "/chorus.db" : url.substr(7);
    return open_sqlite_store(path, options.pool_size);
}

}  // namespace chorus::store
