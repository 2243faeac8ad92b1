#include "accounts/identity.h"

#include <mutex>

#include "accounts/validation.h"
#include "core/clock.h"
#include "core/id.h"

namespace chorus::accounts {
namespace {

using store::Row;
using store::Transaction;

constexpr std::string_view api_token_prefix = "chorus_pat_";
// A token's last use is recorded at most this often, so that reads stay reads.
constexpr Millis last_used_resolution_ms = 60'000;

Error invalid_credentials() {
    return {ErrorKind::unauthenticated, "invalid_credentials", "The e-mail or password is wrong", {}, {}};
}
Error not_signed_in(std::string code, std::string message) {
    return {ErrorKind::unauthenticated, std::move(code), std::move(message), {}, {}};
}

// A user as user_from reads it.
constexpr std::string_view user_columns = "SELECT id, email, name, created_at, must_change_password FROM users ";

User user_from(const Row& row) { return {row.text(0), row.text(1), row.text(2), row.int64(3), row.int64(4) != 0}; }

ApiToken token_from(const Row& row) { return {row.text(0), row.text(1), row.int64(2), row.optional_int64(3), {}}; }

// Hashing a fixed password when the e-mail is unknown keeps the answer time the same as for
// a known e-mail with a wrong password, so timing does not reveal who has an account.
const std::string& decoy_hash(PasswordCost cost) {
    static std::once_flag once;
    static std::string hash;
    std::call_once(once, [&] { hash = hash_password("decoy password, never valid", cost); });
    return hash;
}

std::string account_key(const std::string& email) { return "account:" + email; }
std::string address_key(const std::string& address) { return "address:" + address; }

}  // namespace

// An attempt is counted before its password is checked, by one statement that waits for any
// other attempt on the same key: a burst in parallel gets no more tries than one in a row.
// A locked key refuses the attempt (counting nothing); the attempt that reaches the limit
// locks the key and still gets its answer. Returns how long to hold a failure's answer back.
Result<std::chrono::milliseconds> Identity::count_attempt(Transaction& tx, const std::string& key, int limit, Millis now) {
    const auto& throttle = policy_.throttle;
    const Millis window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(throttle.window).count();
    tx.execute("INSERT INTO login_failures (key, failures, window_started_at, locked_until) VALUES ($1, 0, $2, 0) "
               "ON CONFLICT (key) DO NOTHING",
               {key, now});
    auto row = tx.query_one(
        "UPDATE login_failures SET "
        " failures = CASE WHEN locked_until > $2 THEN failures WHEN window_started_at + $3 < $2 THEN 1 ELSE failures + 1 END,"
        " window_started_at = CASE WHEN locked_until > $2 THEN window_started_at "
        "                          WHEN window_started_at + $3 < $2 THEN $2 ELSE window_started_at END "
        "WHERE key = $1 RETURNING failures, locked_until",
        {key, now, window_ms});
    const std::int64_t failures = row ? row->int64(0) : 1;
    if (const Millis locked_until = row ? row->int64(1) : 0; locked_until > now) {
        auto wait = std::chrono::seconds((locked_until - now + 999) / 1000);
        return Error{ErrorKind::rate_limited, "too_many_attempts",
                     "Too many failed sign-ins; try again in " + std::to_string(wait.count()) + " seconds", {}, wait};
    }
    if (failures >= limit) {
        // Locking starts a fresh count: after the lock the caller gets `limit` new tries.
        const Millis lock_ms = std::chrono::duration_cast<std::chrono::milliseconds>(throttle.lock).count();
        tx.execute("UPDATE login_failures SET locked_until = $2, failures = 0, window_started_at = $3 WHERE key = $1",
                   {key, now + lock_ms, now});
    }
    if (failures < 2) return std::chrono::milliseconds{0};
    std::chrono::milliseconds delay = throttle.first_delay * (std::int64_t{1} << std::min<std::int64_t>(failures - 2, 16));
    return std::min(delay, throttle.max_delay);
}

Result<User> Identity::check_password(const std::string& email_text, const std::string& password, const std::string& address,
                                      std::chrono::milliseconds& slow_down) {
    slow_down = std::chrono::milliseconds{0};
    if (email_text.empty()) return Error::invalid("email", "required", "email must not be empty");
    if (password.empty()) return Error::invalid("password", "required", "password must not be empty");
    auto email = normalised_email("email", email_text);
    const Millis now = now_millis();

    struct Candidate {
        std::optional<User> user;
        std::string password_hash;
    };
    // Count the attempt and look the account up first; hash outside any transaction (Argon2id
    // takes tens of milliseconds and must not hold SQLite's single writer); then answer.
    std::chrono::milliseconds failure_delay{0};
    auto candidate = TRY(store_.write([&](Transaction& tx) -> Result<Candidate> {
        const auto by_account =
            TRY(count_attempt(tx, account_key(email ? *email : email_text), policy_.throttle.account_failures_before_lock, now));
        const auto by_address = TRY(count_attempt(tx, address_key(address), policy_.throttle.address_failures_before_lock, now));
        failure_delay = std::max(by_account, by_address);
        Candidate found;
        if (!email) return found;
        auto row = tx.query_one("SELECT id, email, name, created_at, must_change_password, password_hash FROM users WHERE email = $1",
                                {*email});
        if (row) {
            found.user = user_from(*row);
            found.password_hash = row->text(5);
        }
        return found;
    }));

    const bool password_matches = candidate.user ? verify_password(candidate.password_hash, password)
                                                 : (verify_password(decoy_hash(policy_.password_cost), password), false);
    if (!password_matches) {
        slow_down = failure_delay;
        return invalid_credentials();
    }
    return *candidate.user;
}

SignedIn Identity::open_session(Transaction& tx, const User& user, const std::string& org_id, Role role, const std::string& address) {
    // The account's count is cleared; the address keeps only its failures.
    tx.execute("DELETE FROM login_failures WHERE key = $1", {account_key(user.email)});
    tx.execute("UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0", {address_key(address)});
    SignedIn signed_in;
    signed_in.session_token = random_secret();
    signed_in.csrf_token = random_secret();
    signed_in.user = user;
    signed_in.principal = {user.id, org_id, role, true, signed_in.csrf_token};
    const Millis now = now_millis();
    const Millis expires = now + std::chrono::duration_cast<std::chrono::milliseconds>(policy_.session_lifetime).count();
    tx.execute("INSERT INTO sessions (token_hash, user_id, org_id, csrf_token, created_at, expires_at) "
               "VALUES ($1, $2, $3, $4, $5, $6)",
               {digest_secret(signed_in.session_token), user.id, org_id, signed_in.csrf_token, now, expires});
    return signed_in;
}

Result<SignedIn> Identity::login(const LoginRequest& request, std::chrono::milliseconds& slow_down) {
    const User user = TRY(check_password(request.email, request.password, request.address, slow_down));
    return store_.write([&](Transaction& tx) -> Result<SignedIn> {
        std::optional<Row> membership;
        if (!request.org_id.empty())
            membership = tx.query_one("SELECT org_id, role FROM memberships WHERE user_id = $1 AND org_id = $2",
                                      {user.id, request.org_id});
        else
            membership = tx.query_one(
                "SELECT org_id, role FROM memberships WHERE user_id = $1 ORDER BY created_at, org_id LIMIT 1", {user.id});
        if (!membership) {
            if (!request.org_id.empty())
                return Error::invalid("org_id", "not_a_member", "You are not a member of that organisation");
            return Error::forbidden("This account does not belong to any organisation");
        }
        return open_session(tx, user, membership->text(0), parse_role(membership->text(1)).value_or(Role::viewer),
                            request.address);
    });
}

Result<Principal> Identity::authenticate_session(const std::string& session_token) {
    return store_.read([&](Transaction& tx) -> Result<Principal> {
        // The role comes from the membership, not the session: a demotion or removal takes
        // effect on the very next request.
        auto row = tx.query_one(
            "SELECT s.user_id, s.org_id, m.role, s.csrf_token, s.expires_at FROM sessions s "
            "JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id WHERE s.token_hash = $1",
            {digest_secret(session_token)});
        if (!row || row->int64(4) <= now_millis())
            return not_signed_in("session_expired", "Your session has ended; sign in again");
        return Principal{row->text(0), row->text(1), parse_role(row->text(2)).value_or(Role::viewer), true, row->text(3)};
    });
}

Result<Principal> Identity::authenticate_bearer(const std::string& api_token) {
    if (api_token.rfind(api_token_prefix, 0) != 0)
        return not_signed_in("invalid_token", "The API token is not valid");
    const std::string digest = digest_secret(api_token);
    auto found = TRY(store_.read([&](Transaction& tx) -> Result<std::pair<Principal, Millis>> {
        auto row = tx.query_one(
            "SELECT t.user_id, t.org_id, m.role, COALESCE(t.last_used_at, 0) FROM api_tokens t "
            "JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.user_id WHERE t.token_hash = $1",
            {digest});
        if (!row) return not_signed_in("invalid_token", "The API token is not valid");
        return std::pair{Principal{row->text(0), row->text(1), parse_role(row->text(2)).value_or(Role::viewer), false, {}},
                         row->int64(3)};
    }));
    const Millis now = now_millis();
    if (now - found.second >= last_used_resolution_ms) {
        // Best effort: a busy writer must not turn a read into a failure.
        (void)store_.write([&](Transaction& tx) -> Result<bool> {
            tx.execute("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1", {digest, now});
            return true;
        });
    }
    return found.first;
}

Result<void> Identity::logout(const std::string& session_token) {
    return store_.write([&](Transaction& tx) -> Result<void> {
        tx.execute("DELETE FROM sessions WHERE token_hash = $1", {digest_secret(session_token)});
        return {};
    });
}

Result<Principal> Identity::switch_organisation(const std::string& session_token, const std::string& org_id) {
    return store_.write([&](Transaction& tx) -> Result<Principal> {
        const std::string digest = digest_secret(session_token);
        auto session = tx.query_one("SELECT user_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                                    {digest, now_millis()});
        if (!session) return not_signed_in("session_expired", "Your session has ended; sign in again");
        auto membership = tx.query_one("SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2",
                                       {session->text(0), org_id});
        if (!membership) return Error::not_found("organisation");
        tx.execute("UPDATE sessions SET org_id = $2 WHERE token_hash = $1", {digest, org_id});
        return Principal{session->text(0), org_id, parse_role(membership->text(0)).value_or(Role::viewer), true,
                         session->text(1)};
    });
}

Result<void> Identity::change_password(const Principal& principal, const std::string& current_session_token,
                                       const std::string& current_password, const std::string& new_password,
                                       bool revoke_api_tokens) {
    TRY(acceptable_password("new_password", new_password));
    if (new_password == current_password)
        return Error::invalid("new_password", "same_password", "The new password must differ from the current one");
    // A stolen session must not become a way to guess the password: attempts are counted as
    // sign-ins are, per account.
    const std::string attempts_key = "password:" + principal.user_id;
    auto stored = TRY(store_.write([&](Transaction& tx) -> Result<std::string> {
        TRY(count_attempt(tx, attempts_key, policy_.throttle.account_failures_before_lock, now_millis()));
        auto row = tx.query_one("SELECT password_hash FROM users WHERE id = $1", {principal.user_id});
        if (!row) return Error::not_found("user");
        return row->text(0);
    }));
    if (!verify_password(stored, current_password))
        return Error::invalid("current_password", "wrong_password", "The current password is not right");
    const std::string new_hash = hash_password(new_password, policy_.password_cost);
    return store_.write([&](Transaction& tx) -> Result<void> {
        tx.execute("UPDATE users SET password_hash = $2, must_change_password = 0 WHERE id = $1", {principal.user_id, new_hash});
        tx.execute("DELETE FROM login_failures WHERE key = $1", {attempts_key});
        // Every other session ends; API tokens too when asked ("sign out everywhere").
        tx.execute("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
                   {principal.user_id, current_session_token.empty() ? std::string() : digest_secret(current_session_token)});
        if (revoke_api_tokens) tx.execute("DELETE FROM api_tokens WHERE user_id = $1", {principal.user_id});
        return {};
    });
}

Result<User> Identity::user(const std::string& user_id) {
    return store_.read([&](Transaction& tx) -> Result<User> {
        auto row = tx.query_one(std::string(user_columns) + "WHERE id = $1", {user_id});
        if (!row) return Error::not_found("user");
        return user_from(*row);
    });
}

Result<User> Identity::create_user(Transaction& tx, const NewUser& input) {
    TRY(acceptable_password("password", input.password));
    return create_user_hashed(tx, input, hash_password(input.password, policy_.password_cost));
}

Result<User> Identity::create_user_hashed(Transaction& tx, const NewUser& input, const std::string& password_hash) {
    auto email = TRY(normalised_email("email", input.email));
    std::string name = input.name.empty() ? std::string() : TRY(required_text("name", input.name, 100));
    User user{new_id("user"), email, name, now_millis(), input.must_change_password};
    if (tx.query_one("SELECT 1 FROM users WHERE email = $1", {email}))
        return Error::conflict("email_taken", "An account with this e-mail already exists", "email");
    tx.execute("INSERT INTO users (id, email, name, password_hash, created_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6)",
               {user.id, user.email, user.name, password_hash, user.created_at, std::int64_t{user.must_change_password ? 1 : 0}});
    return user;
}

Result<User> Identity::find_or_create_user(Transaction& tx, const NewUser& input, bool& created) {
    auto email = TRY(normalised_email("email", input.email));
    created = false;
    if (auto row = tx.query_one(std::string(user_columns) + "WHERE email = $1", {email}))
        return user_from(*row);
    created = true;
    return create_user(tx, input);
}

bool Identity::any_user_exists() {
    auto found = store_.read([&](Transaction& tx) -> Result<bool> {
        return tx.query_one("SELECT 1 FROM users LIMIT 1", {}).has_value();
    });
    return found && *found;
}

Result<ApiToken> Identity::create_token(const Principal& principal, const std::string& name) {
    auto clean_name = TRY(required_text("name", name, 100));
    ApiToken token{new_id("token"), clean_name, now_millis(), std::nullopt,
                   std::string(api_token_prefix) + random_secret()};
    return store_.write([&](Transaction& tx) -> Result<ApiToken> {
        tx.execute("INSERT INTO api_tokens (id, token_hash, user_id, org_id, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                   {token.id, digest_secret(token.secret), principal.user_id, principal.org_id, token.name, token.created_at});
        return token;
    });
}

Result<Page<ApiToken>> Identity::tokens(const Principal& principal, const PageRequest& page) {
    return store_.read([&](Transaction& tx) -> Result<Page<ApiToken>> {
        auto rows = tx.query("SELECT id, name, created_at, last_used_at FROM api_tokens "
                             "WHERE org_id = $1 AND user_id = $2 AND id > $3 ORDER BY id LIMIT $4",
                             {principal.org_id, principal.user_id, page.cursor, std::int64_t{page.limit + 1}});
        std::vector<ApiToken> tokens;
        for (const auto& row : rows) tokens.push_back(token_from(row));
        return make_page(std::move(tokens), page.limit, [](const ApiToken& t) { return t.id; });
    });
}

Result<void> Identity::revoke_token(const Principal& principal, const std::string& token_id) {
    return store_.write([&](Transaction& tx) -> Result<void> {
        // Admins may revoke anyone's token in their organisation; others only their own.
        auto changed = is_at_least(principal.role, Role::admin)
                           ? tx.execute("DELETE FROM api_tokens WHERE id = $1 AND org_id = $2", {token_id, principal.org_id})
                           : tx.execute("DELETE FROM api_tokens WHERE id = $1 AND org_id = $2 AND user_id = $3",
                                        {token_id, principal.org_id, principal.user_id});
        if (changed == 0) return Error::not_found("token");
        return {};
    });
}

}  // namespace chorus::accounts
