#include "store/postgres/postgres_store.h"

#include <libpq-fe.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace chorus::store {
namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

StatementError failure(PGconn* conn, const PGresult* result) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string code = state ? state : "";
    StatementError::Kind kind = StatementError::Kind::other;
    if (code == "23505") kind = StatementError::Kind::unique_violation;
    else if (code == "23503") kind = StatementError::Kind::foreign_key_violation;
    else if (code == "40001" || code == "40P01" || code == "55P03") kind = StatementError::Kind::busy;
    else if (code.rfind("08", 0) == 0 || PQstatus(conn) == CONNECTION_BAD) kind = StatementError::Kind::connection;
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return StatementError(kind, "postgres: " + message);
}

// libpq waits for an unreachable server as long as TCP does unless told otherwise; a store
// that cannot connect should say so in seconds. libpq reads the keywords in order, the URL
// (expanded from dbname) last, so a connect_timeout the URL names wins over this default.
PGconn* open_connection(const std::string& url) {
    const char* keywords[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"10", url.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    return conn;
}

// A pooled connection and the statements prepared on it. Statements are parsed and planned
// once per connection instead of on every call: the publish path runs the same dozen
// statements thousands of times a second, and planning them each time was most of its cost.
// Statements built with varying text are not meant to pile up: past `max_prepared` texts a
// connection runs new ones unprepared.
struct Connection {
    static constexpr std::size_t max_prepared = 512;
    PGconn* conn = nullptr;
    std::unordered_map<std::string, std::string> prepared;  // SQL text → statement name
};

class PostgresTransaction final : public Transaction {
public:
    explicit PostgresTransaction(Connection& connection) : connection_(connection), conn_(connection.conn) {}

    std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override {
        PgResult result = run(sql, params);
        const int rows = PQntuples(result.get());
        const int columns = PQnfields(result.get());
        std::vector<Row> out;
        out.reserve(static_cast<std::size_t>(rows));
        for (int r = 0; r < rows; ++r) {
            std::vector<Value> cells;
            cells.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (PQgetisnull(result.get(), r, c)) cells.emplace_back(nullptr);
                else cells.emplace_back(std::string(PQgetvalue(result.get(), r, c),
                                                    static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
            }
            out.emplace_back(std::move(cells));
        }
        return out;
    }

    std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
        PgResult result = run(sql, params);
        const char* tuples = PQcmdTuples(result.get());
        return tuples && *tuples ? std::stoll(tuples) : 0;
    }

    void execute_script(std::string_view sql) override {
        std::string copy(sql);
        PgResult result(PQexec(conn_, copy.c_str()));
        check(result.get());
    }

private:
    PgResult run(std::string_view sql, const std::vector<Value>& params) {
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& value = params[i];
            if (std::holds_alternative<std::nullptr_t>(value)) continue;
            if (auto* n = std::get_if<std::int64_t>(&value)) texts[i] = std::to_string(*n);
            else if (auto* d = std::get_if<double>(&value)) texts[i] = std::to_string(*d);
            else texts[i] = std::get<std::string>(value);
            values[i] = texts[i].c_str();
        }
        const int count = static_cast<int>(params.size());
        std::string query(sql);
        auto prepared = connection_.prepared.find(query);
        if (prepared == connection_.prepared.end() && connection_.prepared.size() < Connection::max_prepared) {
            // Not transactional: a statement prepared in a transaction that rolls back stays.
            std::string name = "chorus_" + std::to_string(connection_.prepared.size());
            PgResult made(PQprepare(conn_, name.c_str(), query.c_str(), 0, nullptr));
            check(made.get());
            prepared = connection_.prepared.emplace(std::move(query), std::move(name)).first;
        }
        PgResult result(prepared != connection_.prepared.end()
                            ? PQexecPrepared(conn_, prepared->second.c_str(), count, values.data(), nullptr, nullptr, 0)
                            : PQexecParams(conn_, query.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0));
        check(result.get());
        return result;
    }

    void check(const PGresult* result) {
        auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw failure(conn_, result);
    }

    Connection& connection_;
    PGconn* conn_;
};

// A session advisory lock, on a connection of its own: a pooled one goes back to the pool
// between transactions, and the lock must live as long as the leader does. The key is the
// duty's name within the schema, so deployments (and tests) sharing a database in separate
// schemas each have their own leader.
class AdvisoryLeadership final : public Leadership {
public:
    AdvisoryLeadership(std::string url, std::string duty) : url_(std::move(url)), duty_(std::move(duty)) {}
    ~AdvisoryLeadership() override {
        if (!conn_) return;
        // The server releases a session's locks when its backend exits, which is after
        // PQfinish returns: a stopping leader hands over at once by releasing them first. (A
        // leader that dies releases them as its backend exits.)
        if (held_) PgResult released(PQexec(conn_, "SELECT pg_advisory_unlock_all()"));
        PQfinish(conn_);
    }

    bool held() override {
        if (held_) {
            // A live session still holds the lock; a dead one lost it with the connection.
            PgResult alive(PQexec(conn_, "SELECT 1"));
            if (PQresultStatus(alive.get()) == PGRES_TUPLES_OK) return true;
            held_ = false;
        }
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
            if (conn_) PQfinish(conn_);
            conn_ = open_connection(url_);
            if (PQstatus(conn_) != CONNECTION_OK) return false;
        }
        const char* values[] = {duty_.c_str()};
        PgResult taken(PQexecParams(conn_, "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || ':chorus:' || $1, 0))",
                                    1, nullptr, values, nullptr, nullptr, 0));
        held_ = PQresultStatus(taken.get()) == PGRES_TUPLES_OK && std::strcmp(PQgetvalue(taken.get(), 0, 0), "t") == 0;
        return held_;
    }

private:
    std::string url_;
    std::string duty_;
    PGconn* conn_ = nullptr;
    bool held_ = false;
};

class PostgresStore final : public Store {
public:
    PostgresStore(std::string url, int pool_size) : url_(std::move(url)) {
        connections_.resize(static_cast<std::size_t>(std::max(1, pool_size)));
        for (auto& connection : connections_) {
            connection.conn = connect();
            idle_.push_back(&connection);
        }
    }
    ~PostgresStore() override {
        for (auto& connection : connections_) PQfinish(connection.conn);
    }

    Backend backend() const override { return Backend::postgres; }

    std::unique_ptr<Leadership> leadership(std::string_view duty) override {
        return std::make_unique<AdvisoryLeadership>(url_, std::string(duty));
    }

protected:
    void transact(Mode mode, const std::function<bool(Transaction&)>& work) override {
        Connection& connection = acquire();
        try {
            run(connection, mode, work);
        } catch (...) {
            release(connection);
            throw;
        }
        release(connection);
    }

private:
    PGconn* connect() {
        PGconn* conn = open_connection(url_);
        if (PQstatus(conn) != CONNECTION_OK) {
            std::string message = PQerrorMessage(conn);
            PQfinish(conn);
            throw StatementError(StatementError::Kind::connection, "postgres: " + message);
        }
        return conn;
    }

    static void simple(PGconn* conn, const char* sql) {
        PgResult result(PQexec(conn, sql));
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) throw failure(conn, result.get());
    }

    static void run(Connection& connection, Mode mode, const std::function<bool(Transaction&)>& work) {
        PGconn* conn = connection.conn;
        simple(conn, mode == Mode::read ? "BEGIN READ ONLY" : "BEGIN");
        PostgresTransaction tx(connection);
        bool commit = false;
        try {
            commit = work(tx);
        } catch (...) {
            PgResult ignored(PQexec(conn, "ROLLBACK"));
            throw;
        }
        simple(conn, commit ? "COMMIT" : "ROLLBACK");
    }

    Connection& acquire() {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty(); });
        Connection* connection = idle_.back();
        idle_.pop_back();
        lock.unlock();
        // A server restart or network blip leaves a dead connection in the pool; revive it
        // here rather than failing every later transaction that draws it. The new session
        // has none of the old one's prepared statements.
        if (PQstatus(connection->conn) == CONNECTION_BAD) {
            PQreset(connection->conn);
            connection->prepared.clear();
        }
        return *connection;
    }

    void release(Connection& connection) {
        // A connection left inside a failed transaction must not go back to the pool as is.
        if (PQtransactionStatus(connection.conn) != PQTRANS_IDLE) {
            PgResult ignored(PQexec(connection.conn, "ROLLBACK"));
        }
        {
            std::lock_guard lock(mutex_);
            idle_.push_back(&connection);
        }
        available_.notify_one();
    }

    std::string url_;
    std::vector<Connection> connections_;  // never resized after construction: idle_ points into it
    std::vector<Connection*> idle_;
    std::mutex mutex_;
    std::condition_variable available_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, int pool_size) {
    try {
        return std::unique_ptr<Store>(new PostgresStore(url, pool_size));
    } catch (const StatementError& e) {
        return Error{ErrorKind::unavailable, "store_unavailable", e.what(), {}, {}};
    }
}

}  // namespace chorus::store
