#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace chorus::store {
namespace {

constexpr int busy_timeout_ms = 10'000;

StatementError failure(sqlite3* db, int code) {
    const int primary = code & 0xff;
    StatementError::Kind kind = StatementError::Kind::other;
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        kind = StatementError::Kind::unique_violation;
    else if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
        kind = StatementError::Kind::foreign_key_violation;
    else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        kind = StatementError::Kind::busy;
    return StatementError(kind, std::string("sqlite: ") + sqlite3_errmsg(db));
}

// One SQLite connection and its prepared statements: the same few statements run
// thousands of times a second while publishing, and parsing them each time cost more than
// running them.
struct Connection {
    sqlite3* db = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> statements;

    static constexpr std::size_t max_cached = 256;  // list filters make a few dozen variants

    sqlite3_stmt* prepared(std::string_view sql) {
        auto it = statements.find(std::string(sql));
        if (it != statements.end()) return it->second;
        if (statements.size() >= max_cached) forget_statements();
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) throw failure(db, sqlite3_extended_errcode(db));
        statements.emplace(std::string(sql), stmt);
        return stmt;
    }
    void forget_statements() {
        for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
        statements.clear();
    }
    void close() {
        forget_statements();
        sqlite3_close(db);
    }
};

// A cached statement in use: reset and unbound when done, ready for the next use.
class Statement {
public:
    Statement(Connection& connection, std::string_view sql) : db_(connection.db), stmt_(connection.prepared(sql)) {}
    ~Statement() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(const std::vector<Value>& params) {
        // Placeholders are written $1, $2 … for both backends; SQLite treats "$1" as a named
        // parameter, so bind by name rather than by position.
        for (std::size_t i = 0; i < params.size(); ++i) {
            char name[24];
            std::snprintf(name, sizeof name, "$%zu", i + 1);
            int index = sqlite3_bind_parameter_index(stmt_, name);
            if (index == 0) continue;
            const Value& value = params[i];
            int rc = SQLITE_OK;
            if (std::holds_alternative<std::nullptr_t>(value))
                rc = sqlite3_bind_null(stmt_, index);
            else if (auto* n = std::get_if<std::int64_t>(&value))
                rc = sqlite3_bind_int64(stmt_, index, *n);
            else if (auto* d = std::get_if<double>(&value))
                rc = sqlite3_bind_double(stmt_, index, *d);
            else {
                const auto& s = std::get<std::string>(value);
                rc = sqlite3_bind_text(stmt_, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
            }
            if (rc != SQLITE_OK) throw failure(db_, rc);
        }
    }

    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw failure(db_, sqlite3_extended_errcode(db_));
    }

    Row row() const {
        int count = sqlite3_column_count(stmt_);
        std::vector<Value> cells;
        cells.reserve(static_cast<std::size_t>(count));
        for (int c = 0; c < count; ++c) {
            switch (sqlite3_column_type(stmt_, c)) {
                case SQLITE_NULL: cells.emplace_back(nullptr); break;
                case SQLITE_INTEGER: cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt_, c))); break;
                case SQLITE_FLOAT: cells.emplace_back(sqlite3_column_double(stmt_, c)); break;
                default: {
                    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
                    cells.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))));
                }
            }
        }
        return Row(std::move(cells));
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteTransaction final : public Transaction {
public:
    explicit SqliteTransaction(Connection& connection) : connection_(connection), db_(connection.db) {}

    std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override {
        Statement statement(connection_, sql);
        statement.bind(params);
        std::vector<Row> rows;
        while (statement.step()) rows.push_back(statement.row());
        return rows;
    }

    std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
        Statement statement(connection_, sql);
        statement.bind(params);
        while (statement.step()) {
        }
        return sqlite3_changes(db_);
    }

    void execute_script(std::string_view sql) override {
        std::string copy(sql);
        char* message = nullptr;
        int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message ? message : "unknown error";
            sqlite3_free(message);
            throw StatementError(StatementError::Kind::other, "sqlite: " + text);
        }
    }

private:
    Connection& connection_;
    sqlite3* db_;
};

void exec_or_throw(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw StatementError(StatementError::Kind::other, "sqlite: " + text);
    }
}

sqlite3* open_connection(const std::string& path) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw StatementError(StatementError::Kind::connection, "sqlite: cannot open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    // WAL lets readers run beside the one writer; NORMAL sync is durable across process
    // crashes (the guarantee publishing needs) and only risks the last commit on power loss.
    exec_or_throw(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    return db;
}

// Processes sharing a SQLite file share its directory: an flock on a file beside it. The lock
// belongs to the open file, so two stores in one process exclude each other too.
class FileLeadership final : public Leadership {
public:
    explicit FileLeadership(std::string path) : path_(std::move(path)) {}
    ~FileLeadership() override {
        if (fd_ >= 0) ::close(fd_);
    }

    bool held() override {
        if (fd_ >= 0) return true;
        const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return false;
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd);
            return false;
        }
        fd_ = fd;
        return true;
    }

private:
    std::string path_;
    int fd_ = -1;
};

class SqliteStore final : public Store {
public:
    SqliteStore(const std::string& path, int reader_count) : path_(path) {
        writer_.db = open_connection(path);
        all_readers_.resize(static_cast<std::size_t>(std::max(1, reader_count)));
        for (auto& reader : all_readers_) {
            reader.db = open_connection(path);
            idle_readers_.push_back(&reader);
        }
    }
    ~SqliteStore() override {
        for (auto& reader : all_readers_) reader.close();
        writer_.close();
    }

    Backend backend() const override { return Backend::sqlite; }

    std::unique_ptr<Leadership> leadership(std::string_view duty) override {
        return std::make_unique<FileLeadership>(path_ + "." + std::string(duty) + ".lock");
    }

protected:
    void transact(Mode mode, const std::function<bool(Transaction&)>& work) override {
        if (mode == Mode::write) {
            std::lock_guard lock(writer_mutex_);
            run(writer_, "BEGIN IMMEDIATE", work);
            return;
        }
        Connection* reader = acquire_reader();
        try {
            run(*reader, "BEGIN", work);
        } catch (...) {
            release_reader(reader);
            throw;
        }
        release_reader(reader);
    }

private:
    static void run(Connection& connection, const char* begin, const std::function<bool(Transaction&)>& work) {
        sqlite3* db = connection.db;
        exec_or_throw(db, begin);
        SqliteTransaction tx(connection);
        bool commit = false;
        try {
            commit = work(tx);
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
        if (commit) {
            int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
            if (rc != SQLITE_OK) {
                StatementError error = failure(db, sqlite3_extended_errcode(db));
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                throw error;
            }
        } else {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }

    Connection* acquire_reader() {
        std::unique_lock lock(readers_mutex_);
        readers_available_.wait(lock, [&] { return !idle_readers_.empty(); });
        Connection* reader = idle_readers_.back();
        idle_readers_.pop_back();
        return reader;
    }
    void release_reader(Connection* reader) {
        {
            std::lock_guard lock(readers_mutex_);
            idle_readers_.push_back(reader);
        }
        readers_available_.notify_one();
    }

    std::string path_;
    Connection writer_;
    std::mutex writer_mutex_;
    std::vector<Connection> all_readers_;
    std::vector<Connection*> idle_readers_;
    std::mutex readers_mutex_;
    std::condition_variable readers_available_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, int reader_count) {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    try {
        return std::unique_ptr<Store>(new SqliteStore(path, reader_count));
    } catch (const StatementError& e) {
        return Error{ErrorKind::unavailable, "store_unavailable", e.what(), {}, {}};
    }
}

}  // namespace chorus::store
