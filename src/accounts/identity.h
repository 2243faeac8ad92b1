#pragma once
// Sign-in, sessions, personal API tokens and the brake on password guessing.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "accounts/listing.h"
#include "accounts/passwords.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "store/store.h"

namespace chorus::accounts {

struct User {
    std::string id;
    std::string email;
    std::string name;
    Millis created_at = 0;
    bool must_change_password = false;  // the password was chosen by someone else
};

struct ThrottlePolicy {
    int account_failures_before_lock = 5;
    int address_failures_before_lock = 20;
    std::chrono::seconds window{15 * 60};  // failures older than this are forgotten
    std::chrono::seconds lock{15 * 60};
    // From the second failure on, each failed attempt is answered this much later, doubling
    // up to the maximum: guessing gets slow before it gets refused.
    std::chrono::milliseconds first_delay{250};
    std::chrono::milliseconds max_delay{4000};
};

struct IdentityPolicy {
    PasswordCost password_cost = PasswordCost::interactive();
    ThrottlePolicy throttle;
    std::chrono::hours session_lifetime{24 * 14};
};

struct SignedIn {
    std::string session_token;  // goes into the cookie, never stored
    std::string csrf_token;
    User user;
    Principal principal;
};

struct LoginRequest {
    std::string email;
    std::string password;
    std::string address;  // the client's network address
    std::string org_id;   // optional: which of the user's organisations to enter
};

struct ApiToken {
    std::string id;
    std::string name;
    Millis created_at = 0;
    std::optional<Millis> last_used_at;
    std::string secret;  // only set in the answer to a create, never again
};

struct NewUser {
    std::string email;
    std::string password;
    std::string name;
    // Someone else chose the password (generated, or typed by an administrator): its owner
    // is asked to replace it at the next sign-in.
    bool must_change_password = false;
};

class Identity {
public:
    Identity(store::Store& store, IdentityPolicy policy) : store_(store), policy_(policy) {}

    // On failure, `slow_down` says how long to hold the answer back.
    Result<SignedIn> login(const LoginRequest& request, std::chrono::milliseconds& slow_down);
    // The password check of a sign-in, throttled and timed the same whether or not the
    // account exists, for anything else that asks for a password.
    Result<User> check_password(const std::string& email, const std::string& password, const std::string& address,
                                std::chrono::milliseconds& slow_down);
    // A new session of a user in an organisation whose membership the caller has settled.
    SignedIn open_session(store::Transaction& tx, const User& user, const std::string& org_id, Role role,
                          const std::string& address);
    Result<Principal> authenticate_session(const std::string& session_token);
    Result<Principal> authenticate_bearer(const std::string& api_token);
    Result<void> logout(const std::string& session_token);
    // Re-binds a session to another organisation the user belongs to.
    Result<Principal> switch_organisation(const std::string& session_token, const std::string& org_id);

    // Checks the current password, sets the new one and ends the user's other sessions
    // (the one making the change stays signed in).
    // Ends every other session of the user, and revokes their API tokens when asked; wrong
    // current passwords are throttled like sign-ins.
    Result<void> change_password(const Principal& principal, const std::string& current_session_token,
                                 const std::string& current_password, const std::string& new_password, bool revoke_api_tokens = false);

    Result<User> user(const std::string& user_id);
    // Creates the user, or returns the existing one with that e-mail (password untouched).
    Result<User> find_or_create_user(store::Transaction& tx, const NewUser& input, bool& created);
    Result<User> create_user(store::Transaction& tx, const NewUser& input);
    // The same with the password hashed beforehand (hash_password), outside the transaction:
    // Argon2id must not hold SQLite's single writer.
    Result<User> create_user_hashed(store::Transaction& tx, const NewUser& input, const std::string& password_hash);
    bool any_user_exists();

    Result<ApiToken> create_token(const Principal& principal, const std::string& name);
    Result<Page<ApiToken>> tokens(const Principal& principal, const PageRequest& page);
    Result<void> revoke_token(const Principal& principal, const std::string& token_id);

    const IdentityPolicy& policy() const { return policy_; }

private:
    Result<std::chrono::milliseconds> count_attempt(store::Transaction& tx, const std::string& key, int limit, Millis now);

    store::Store& store_;
    IdentityPolicy policy_;
};

}  // namespace chorus::accounts
