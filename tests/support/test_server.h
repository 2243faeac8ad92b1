#pragma once
// The real application and HTTP server, in-process on a free loopback port, over a fresh
// database. Tests talk to it over HTTP exactly as clients do.
#include <functional>
#include <memory>
#include <string>

#include "app/application.h"
#include "http/server.h"
#include "http_client.h"
#include "test_database.h"

namespace chorus::testing {

// Someone signed in: a cookie session (with its CSRF token) or an API token.
struct Caller {
    std::string cookie;
    std::string csrf;
    std::string bearer;
    std::string user_id;
    std::string org_id;
};

// A request to any Chorus on this port, as this caller.
HttpResponse call_as(std::uint16_t port, const Caller& caller, const std::string& method, const std::string& path,
                     const std::string& body = {});
// Signs in at any Chorus on this port.
Caller sign_in_at(std::uint16_t port, const std::string& email, const std::string& password);

class TestServer {
public:
    explicit TestServer(store::Backend backend, http::ServerOptions server_options = {});
    // Same, after `configure` adjusted the application's options (test network, engine).
    TestServer(store::Backend backend, const std::function<void(app::ApplicationOptions&)>& configure);
    ~TestServer();

    std::uint16_t port() const { return port_; }
    app::Application& app() { return *application_; }
    // Call after adding routes to app().router() if the server must see them: routes are
    // read at request time, so adding before the first request is enough.
    void stop();

    // A new organisation whose owner is signed in.
    Caller new_owner(const std::string& org_name);
    // Adds a user with `role` to the caller's organisation and signs them in.
    Caller add_member(const Caller& admin, const std::string& role);
    Caller sign_in(const std::string& email, const std::string& password);
    Caller with_token(const Caller& caller);  // the same person through a fresh API token

    HttpResponse call(const Caller& caller, const std::string& method, const std::string& path,
                      const std::string& body = {});
    HttpResponse anonymous(const std::string& method, const std::string& path, const std::string& body = {});

    static constexpr const char* password = "correct horse battery";

private:
    void open(app::ApplicationOptions options, http::ServerOptions server_options);

    TestDatabase database_;
    std::unique_ptr<app::Application> application_;
    std::unique_ptr<http::Server> server_;
    std::uint16_t port_ = 0;
    int users_ = 0;
};

accounts::IdentityPolicy fast_identity_policy();

}  // namespace chorus::testing
