// Sign-in, sessions, CSRF, API tokens and the brake on password guessing — on both stores.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include <atomic>

#include "test_server.h"

namespace chorus::testing {
namespace {

namespace json = boost::json;

class AuthApi : public ::testing::TestWithParam<store::Backend> {
protected:
    TestServer server{GetParam()};

    std::string login_body(const std::string& email, const std::string& password) {
        return json::serialize(json::object{{"email", email}, {"password", password}});
    }
    // A wrong password for a fresh address each time (so that no account locks), said to be
    // forwarded for `forwarded_for`: the status.
    int failed_sign_in(TestServer& at, const std::string& forwarded_for) {
        return http_request(at.port(), "POST", "/api/v1/auth/login",
                            login_body("guess" + std::to_string(++guesses_) + "@example.com", "wrong password"),
                            {{"Content-Type", "application/json"}, {"X-Forwarded-For", forwarded_for}})
            .status;
    }
    int guesses_ = 0;
    std::string email_of(const Caller& caller) {
        auto me = server.call(caller, "GET", "/api/v1/auth/me");
        return std::string(me.json().at("user").at("email").as_string());
    }
};

TEST_P(AuthApi, HealthSaysWhichStoreIsInUse) {
    auto response = server.anonymous("GET", "/api/v1/health");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.json().at("status"), "ok");
    EXPECT_EQ(response.json().at("store"), std::string(store::to_string(GetParam())));
    EXPECT_FALSE(response.json().at("version").as_string().empty());
}

TEST_P(AuthApi, TheFirstRunPageCreatesTheOwnerOnceAndOnlyOnAnEmptyInstallation) {
    EXPECT_EQ(server.anonymous("GET", "/api/v1/setup").json().at("needed"), json::value(true));
    auto weak = server.anonymous("POST", "/api/v1/setup",
                                 R"({"organisation":"Café Luna","name":"Ana","email":"ana@example.com","password":"short"})");
    ASSERT_EQ(weak.status, 422) << weak.body;
    EXPECT_EQ(weak.json().at("error").at("field"), "password");
    EXPECT_EQ(server.anonymous("GET", "/api/v1/setup").json().at("needed"), json::value(true)) << "nothing half-written";

    const std::string body = R"({"organisation":"Café Luna","name":"Ana","email":"ana@example.com","password":"a long enough password"})";
    auto created = server.anonymous("POST", "/api/v1/setup", body);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json().at("role"), "owner");
    EXPECT_FALSE(created.json().at("csrf_token").as_string().empty());
    EXPECT_NE(created.header("set-cookie").find("chorus_session="), std::string::npos);
    EXPECT_EQ(server.anonymous("GET", "/api/v1/setup").json().at("needed"), json::value(false));

    auto again = server.anonymous("POST", "/api/v1/setup",
                                  R"({"organisation":"Takeover","email":"eve@example.com","password":"a long enough password"})");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.json().at("error").at("code"), "already_set_up");
    auto login = server.anonymous("POST", "/api/v1/auth/login", login_body("eve@example.com", "a long enough password"));
    EXPECT_EQ(login.status, 401);
}

TEST_P(AuthApi, SignInSetsAnHttpOnlySameSiteCookieAndReturnsTheCsrfToken) {
    auto owner = server.new_owner("Acme");
    auto response = server.anonymous("POST", "/api/v1/auth/login", login_body(email_of(owner), TestServer::password));
    ASSERT_EQ(response.status, 200) << response.body;
    auto cookie = response.header("set-cookie");
    EXPECT_NE(cookie.find("chorus_session="), std::string::npos);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
    auto body = response.json().as_object();
    EXPECT_GE(body.at("csrf_token").as_string().size(), 40u);
    EXPECT_EQ(body.at("role"), "owner");
    EXPECT_EQ(body.at("user").as_object().count("password_hash"), 0u);
    EXPECT_EQ(response.body.find("argon2"), std::string::npos);
    // The answer holds the CSRF token: no cache may keep it, no browser may sniff it.
    EXPECT_EQ(response.header("cache-control"), "no-store");
    EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
}

TEST_P(AuthApi, BehindHttpsTheSessionCookieIsSecure) {
    TestServer https(GetParam(), [](app::ApplicationOptions& options) { options.public_url = "https://chorus.example"; });
    auto owner = https.new_owner("Acme");
    const std::string email(https.call(owner, "GET", "/api/v1/auth/me").json().at("user").at("email").as_string());
    auto response = https.anonymous("POST", "/api/v1/auth/login", login_body(email, TestServer::password));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.header("set-cookie").find("; Secure"), std::string::npos) << response.header("set-cookie");
    auto plain = server.anonymous("POST", "/api/v1/auth/login", login_body(email_of(server.new_owner("Plain")), TestServer::password));
    EXPECT_EQ(plain.header("set-cookie").find("Secure"), std::string::npos) << "over plain http a Secure cookie would never come back";
}

TEST_P(AuthApi, EmailIsCaseInsensitiveAtSignIn) {
    auto owner = server.new_owner("Acme");
    std::string email = email_of(owner);
    for (auto& c : email) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(server.anonymous("POST", "/api/v1/auth/login", login_body(email, TestServer::password)).status, 200);
}

TEST_P(AuthApi, WrongPasswordAndUnknownEmailLookTheSame) {
    auto owner = server.new_owner("Acme");
    auto wrong = server.anonymous("POST", "/api/v1/auth/login", login_body(email_of(owner), "not the password"));
    auto unknown = server.anonymous("POST", "/api/v1/auth/login", login_body("nobody@example.com", "not the password"));
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_EQ(wrong.json().at("error").at("code"), "invalid_credentials");
}

TEST_P(AuthApi, LogoutEndsTheSessionAndClearsTheCookie) {
    auto owner = server.new_owner("Acme");
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/auth/me").status, 200);
    auto out = server.call(owner, "POST", "/api/v1/auth/logout");
    EXPECT_EQ(out.status, 204);
    EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
    auto after = server.call(owner, "GET", "/api/v1/auth/me");
    EXPECT_EQ(after.status, 401);
    EXPECT_EQ(after.json().at("error").at("code"), "session_expired");
}

TEST_P(AuthApi, CookieWritesMustEchoTheCsrfTokenReadsNeedNot) {
    auto owner = server.new_owner("Acme");
    Caller without_csrf = owner;
    without_csrf.csrf.clear();
    EXPECT_EQ(server.call(without_csrf, "GET", "/api/v1/brands").status, 200);
    const std::string brand = R"({"name":"Acme","time_zone":"Europe/Berlin"})";
    auto refused = server.call(without_csrf, "POST", "/api/v1/brands", brand);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.json().at("error").at("code"), "csrf_token_mismatch");
    Caller wrong_csrf = owner;
    wrong_csrf.csrf = "forged";
    EXPECT_EQ(server.call(wrong_csrf, "POST", "/api/v1/brands", brand).status, 403);
    EXPECT_EQ(server.call(without_csrf, "POST", "/api/v1/auth/logout").status, 403);
    EXPECT_EQ(server.call(owner, "POST", "/api/v1/brands", brand).status, 201);
    // Nothing was written by the refused attempts.
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/brands").json().at("items").as_array().size(), 1u);
}

TEST_P(AuthApi, ApiTokensAreShownOnceStoredHashedAndNeedNoCsrf) {
    auto owner = server.new_owner("Acme");
    auto created = server.call(owner, "POST", "/api/v1/tokens", R"({"name":"deploy script"})");
    ASSERT_EQ(created.status, 201);
    const std::string secret(created.json().at("token").as_string());
    const std::string token_id(created.json().at("id").as_string());
    EXPECT_EQ(secret.rfind("chorus_pat_", 0), 0u);
    EXPECT_EQ(created.header("cache-control"), "no-store") << "the one answer that shows the token is never cached";
    EXPECT_EQ(created.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(server.anonymous("GET", "/api/v1/nope").header("cache-control"), "no-store") << "errors too";

    auto listed = server.call(owner, "GET", "/api/v1/tokens");
    EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the secret is shown only once";
    EXPECT_EQ(listed.json().at("items").as_array().at(0).at("name"), "deploy script");

    auto stored = server.app().store().read([&](store::Transaction& tx) -> Result<std::string> {
        return tx.query_one("SELECT token_hash FROM api_tokens WHERE id = $1", {token_id})->text(0);
    });
    ASSERT_TRUE(stored.ok());
    EXPECT_NE(*stored, secret);
    EXPECT_EQ(stored->find(secret), std::string::npos);

    Caller bearer;
    bearer.bearer = secret;
    EXPECT_EQ(server.call(bearer, "GET", "/api/v1/brands").status, 200);
    EXPECT_EQ(server.call(bearer, "POST", "/api/v1/brands", R"({"name":"B","time_zone":"UTC"})").status, 201);
    auto me = server.call(bearer, "GET", "/api/v1/auth/me");
    EXPECT_EQ(me.json().as_object().count("csrf_token"), 0u);

    EXPECT_EQ(server.call(owner, "DELETE", "/api/v1/tokens/" + token_id).status, 204);
    auto revoked = server.call(bearer, "GET", "/api/v1/brands");
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(revoked.json().at("error").at("code"), "invalid_token");
}

TEST_P(AuthApi, PasswordsAreStoredAsArgon2id) {
    auto owner = server.new_owner("Acme");
    auto stored = server.app().store().read([&](store::Transaction& tx) -> Result<std::string> {
        return tx.query_one("SELECT password_hash FROM users WHERE id = $1", {owner.user_id})->text(0);
    });
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(stored->find(TestServer::password), std::string::npos);
}

TEST_P(AuthApi, RepeatedFailuresForOneAccountAreRefusedForAWhile) {
    auto owner = server.new_owner("Acme");
    const std::string email = email_of(owner);
    const int limit = fast_identity_policy().throttle.account_failures_before_lock;
    for (int i = 0; i < limit; ++i)
        EXPECT_EQ(server.anonymous("POST", "/api/v1/auth/login", login_body(email, "wrong password")).status, 401);
    auto locked = server.anonymous("POST", "/api/v1/auth/login", login_body(email, TestServer::password));
    ASSERT_EQ(locked.status, 429) << "even the right password is refused while locked";
    EXPECT_EQ(locked.json().at("error").at("code"), "too_many_attempts");
    EXPECT_GT(std::stoi(locked.header("retry-after")), 0);
    // Another account from the same address is not locked out by this one.
    auto other = server.new_owner("Other");
    EXPECT_EQ(server.anonymous("POST", "/api/v1/auth/login", login_body(email_of(other), TestServer::password)).status, 200);
}

TEST_P(AuthApi, AParallelBurstGetsNoMoreTriesThanOneInARow) {
    auto owner = server.new_owner("Acme");
    const std::string email = email_of(owner);
    const int limit = fast_identity_policy().throttle.account_failures_before_lock;
    std::vector<std::thread> guessers;
    std::atomic<int> refused_as_wrong{0}, refused_as_locked{0};
    for (int i = 0; i < 30; ++i)
        guessers.emplace_back([&] {
            const auto status = server.anonymous("POST", "/api/v1/auth/login", login_body(email, "wrong password")).status;
            if (status == 401) ++refused_as_wrong;
            if (status == 429) ++refused_as_locked;
        });
    for (auto& guesser : guessers) guesser.join();
    EXPECT_EQ(refused_as_wrong.load(), limit) << "each guess is counted before its password is checked";
    EXPECT_EQ(refused_as_locked.load(), 30 - limit);
}

TEST_P(AuthApi, PasswordChangesAreThrottledAndMaySignOutEverywhereTokensIncluded) {
    auto owner = server.new_owner("Acme");
    const auto bearer = server.with_token(owner);
    const int limit = fast_identity_policy().throttle.account_failures_before_lock;
    const auto change = [&](const std::string& current, const std::string& replacement, bool revoke) {
        return server.call(owner, "POST", "/api/v1/auth/password",
                           json::serialize(json::object{{"current_password", current}, {"new_password", replacement},
                                                        {"revoke_api_tokens", revoke}}));
    };
    for (int i = 0; i < limit; ++i) EXPECT_EQ(change("not my password", "a brand new passphrase", false).status, 422);
    auto locked = change(TestServer::password, "a brand new passphrase", false);
    EXPECT_EQ(locked.status, 429) << "a stolen session cannot guess the password at leisure: " << locked.body;
    EXPECT_EQ(server.call(bearer, "GET", "/api/v1/brands").status, 200) << "nothing changed while locked";

    // Once the lock has passed (another server: the lock is real time), sign out everywhere.
    TestServer later(GetParam());
    auto user = later.new_owner("Later");
    const auto token = later.with_token(user);
    const std::string email(later.call(user, "GET", "/api/v1/auth/me").json().at("user").at("email").as_string());
    const auto other_session = sign_in_at(later.port(), email, TestServer::password);
    auto changed = later.call(user, "POST", "/api/v1/auth/password",
                              json::serialize(json::object{{"current_password", TestServer::password},
                                                           {"new_password", "a brand new passphrase"},
                                                           {"revoke_api_tokens", true}}));
    ASSERT_EQ(changed.status, 204) << changed.body;
    EXPECT_EQ(later.call(token, "GET", "/api/v1/brands").status, 401) << "the API token is revoked";
    EXPECT_EQ(later.call(other_session, "GET", "/api/v1/brands").status, 401) << "the other session is ended";
    EXPECT_EQ(later.call(user, "GET", "/api/v1/brands").status, 200) << "this one goes on";
}

TEST_P(AuthApi, FailuresAreSlowedBeforeTheyAreRefused) {
    auto owner = server.new_owner("Acme");
    const std::string email = email_of(owner);
    server.anonymous("POST", "/api/v1/auth/login", login_body(email, "wrong password"));
    server.anonymous("POST", "/api/v1/auth/login", login_body(email, "wrong password"));
    auto started = std::chrono::steady_clock::now();
    server.anonymous("POST", "/api/v1/auth/login", login_body(email, "wrong password"));  // third: 2 × first_delay
    auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_GE(elapsed, 2 * fast_identity_policy().throttle.first_delay);
}

TEST_P(AuthApi, ManyFailuresFromOneAddressLockThatAddress) {
    auto owner = server.new_owner("Acme");
    const int limit = fast_identity_policy().throttle.address_failures_before_lock;
    for (int i = 0; i < limit; ++i)
        server.anonymous("POST", "/api/v1/auth/login", login_body("guess" + std::to_string(i) + "@example.com", "wrong password"));
    auto locked = server.anonymous("POST", "/api/v1/auth/login", login_body(email_of(owner), TestServer::password));
    EXPECT_EQ(locked.status, 429);
}

TEST_P(AuthApi, ASessionCanSwitchToAnotherOrganisationOfTheSameUser) {
    auto owner = server.new_owner("Acme");
    auto second = server.call(owner, "POST", "/api/v1/orgs", R"({"name":"Second agency"})");
    ASSERT_EQ(second.status, 201);
    const std::string second_id(second.json().at("id").as_string());
    EXPECT_EQ(second.json().at("role"), "owner");
    auto switched = server.call(owner, "POST", "/api/v1/auth/switch", json::serialize(json::object{{"org_id", second_id}}));
    ASSERT_EQ(switched.status, 200) << switched.body;
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/auth/me").json().at("org_id"), second_id);
    ASSERT_EQ(server.call(owner, "POST", "/api/v1/brands", R"({"name":"Only in second","time_zone":"UTC"})").status, 201);
    auto relogin = server.anonymous("POST", "/api/v1/auth/login",
                                    json::serialize(json::object{{"email", email_of(owner)},
                                                                 {"password", TestServer::password},
                                                                 {"org_id", owner.org_id}}));
    ASSERT_EQ(relogin.status, 200);
    EXPECT_EQ(relogin.json().at("org_id"), owner.org_id);
}

TEST_P(AuthApi, ChangingThePasswordNeedsTheCurrentOneAndEndsOtherSessions) {
    auto owner = server.new_owner("Acme");
    const std::string email = email_of(owner);
    auto elsewhere = server.sign_in(email, TestServer::password);
    auto wrong = server.call(owner, "POST", "/api/v1/auth/password",
                             R"({"current_password":"not it at all","new_password":"a brand new password"})");
    EXPECT_EQ(wrong.status, 422);
    EXPECT_EQ(wrong.json().at("error").at("field"), "current_password");
    auto weak = server.call(owner, "POST", "/api/v1/auth/password",
                            json::serialize(json::object{{"current_password", TestServer::password}, {"new_password", "short"}}));
    EXPECT_EQ(weak.status, 422);
    EXPECT_EQ(weak.json().at("error").at("field"), "new_password");
    auto changed = server.call(owner, "POST", "/api/v1/auth/password",
                               json::serialize(json::object{{"current_password", TestServer::password},
                                                            {"new_password", "a brand new password"}}));
    ASSERT_EQ(changed.status, 204) << changed.body;
    EXPECT_EQ(server.call(owner, "GET", "/api/v1/auth/me").status, 200) << "this session stays";
    EXPECT_EQ(server.call(elsewhere, "GET", "/api/v1/auth/me").status, 401) << "other sessions end";
    EXPECT_EQ(server.anonymous("POST", "/api/v1/auth/login", login_body(email, TestServer::password)).status, 401);
    EXPECT_EQ(server.anonymous("POST", "/api/v1/auth/login", login_body(email, "a brand new password")).status, 200);
}

TEST_P(AuthApi, AnOwnerWhosePasswordWasPrintedIsAskedToChooseTheirOwn) {
    auto owner = server.new_owner("Acme");
    EXPECT_FALSE(server.call(owner, "GET", "/api/v1/auth/me").json().at("user").at("must_change_password").as_bool())
        << "an owner who chose the password at setup keeps it";
    // What `chorus serve` does at the first start: a generated password, printed once.
    ASSERT_TRUE(server.app().organisations().enrol("Printed", {"first@example.com", TestServer::password, "First", true}, Role::owner));
    auto first = server.sign_in("first@example.com", TestServer::password);
    auto me = server.call(first, "GET", "/api/v1/auth/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_TRUE(me.json().at("user").at("must_change_password").as_bool());
    auto same = server.call(first, "POST", "/api/v1/auth/password",
                            json::serialize(json::object{{"current_password", TestServer::password}, {"new_password", TestServer::password}}));
    EXPECT_EQ(same.json().at("error").at("code"), "same_password") << "the given password cannot be chosen again";
    auto changed = server.call(first, "POST", "/api/v1/auth/password",
                               json::serialize(json::object{{"current_password", TestServer::password},
                                                            {"new_password", "a password of my own"}}));
    ASSERT_EQ(changed.status, 204) << changed.body;
    EXPECT_FALSE(server.call(first, "GET", "/api/v1/auth/me").json().at("user").at("must_change_password").as_bool());
}

// Behind a reverse proxy every connection comes from the proxy: without --trust-proxy, one
// guesser would lock every user out of signing in; with it, each client has its own count.
TEST_P(AuthApi, BehindATrustedProxyEachClientIsThrottledByItsOwnAddress) {
    http::ServerOptions options;
    options.trusted_proxies = {"127.0.0.1"};
    TestServer proxied(GetParam(), options);
    auto attempt = [&](const std::string& forwarded_for) { return failed_sign_in(proxied, forwarded_for); };
    for (int i = 0; i < 20; ++i) attempt("203.0.113.7");
    EXPECT_EQ(attempt("203.0.113.7"), 429) << "this client made 20 failed sign-ins";
    EXPECT_EQ(attempt("198.51.100.2"), 401) << "another client behind the same proxy did not";
    // The proxy appends the address it saw: whatever a client writes to the left is not believed,
    // also when the proxy adds a header line of its own rather than extending the client's.
    EXPECT_EQ(attempt("198.51.100.2, 203.0.113.7"), 429);
    auto two_lines = http_request(proxied.port(), "POST", "/api/v1/auth/login", login_body("lines@example.com", "wrong password"),
                                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.2"},
                                   {"X-Forwarded-For", "203.0.113.7"}});
    EXPECT_EQ(two_lines.status, 429);
}

TEST_P(AuthApi, AForwardedForHeaderFromAnUntrustedConnectionIsIgnored) {
    auto attempt = [&](const std::string& forwarded_for) { return failed_sign_in(server, forwarded_for); };
    for (int i = 0; i < 20; ++i) attempt("203.0.113." + std::to_string(i));
    EXPECT_EQ(attempt("198.51.100.2"), 429) << "all came from 127.0.0.1, whatever they claimed";
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthApi, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace chorus::testing
