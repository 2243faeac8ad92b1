#include "test_server.h"

#include <boost/json.hpp>

#include "core/id.h"

namespace chorus::testing {

accounts::IdentityPolicy fast_identity_policy() {
    accounts::IdentityPolicy policy;
    policy.password_cost = accounts::PasswordCost::minimum();
    policy.throttle.first_delay = std::chrono::milliseconds(5);
    policy.throttle.max_delay = std::chrono::milliseconds(20);
    return policy;
}

namespace {

app::ApplicationOptions test_options(const TestDatabase& database) {
    app::ApplicationOptions options;
    options.store = database.options();
    options.identity = fast_identity_policy();
    options.secret_keys = {SecretBox::generate_key()};
    options.allow_private_servers = true;  // the fakes and the local Bluesky server listen on loopback
    options.allow_private_link_pages = true;
    return options;
}

}  // namespace

TestServer::TestServer(store::Backend backend, http::ServerOptions server_options) : database_(backend) {
    open(test_options(database_), server_options);
}

TestServer::TestServer(store::Backend backend, const std::function<void(app::ApplicationOptions&)>& configure)
    : database_(backend) {
    auto options = test_options(database_);
    configure(options);
    open(options, {});
}

void TestServer::open(app::ApplicationOptions options, http::ServerOptions server_options) {
    auto opened = app::Application::open(options);
    if (!opened) throw std::runtime_error("cannot open application: " + opened.error().message);
    application_ = std::move(*opened);
    server_options.port = 0;
    server_ = std::make_unique<http::Server>(server_options, application_->router());
    port_ = server_->start();
}

TestServer::~TestServer() { stop(); }

void TestServer::stop() {
    if (server_) server_->stop();
}

Caller TestServer::sign_in(const std::string& email, const std::string& password_text) {
    return sign_in_at(port_, email, password_text);
}

Caller sign_in_at(std::uint16_t port, const std::string& email, const std::string& password_text) {
    boost::json::object body{{"email", email}, {"password", password_text}};
    auto response = http_request(port, "POST", "/api/v1/auth/login", boost::json::serialize(body));
    if (response.status != 200) throw std::runtime_error("sign-in failed: " + response.body);
    auto json = response.json().as_object();
    Caller caller;
    auto cookie = response.header("set-cookie");
    caller.cookie = cookie.substr(0, cookie.find(';'));
    caller.csrf = std::string(json["csrf_token"].as_string());
    caller.user_id = std::string(json["user"].as_object()["id"].as_string());
    caller.org_id = std::string(json["org_id"].as_string());
    return caller;
}

Caller TestServer::new_owner(const std::string& org_name) {
    const std::string email = "owner" + std::to_string(++users_) + "-" + random_secret(4) + "@example.com";
    auto enrolled = application_->organisations().enrol(org_name + " " + random_secret(4), {email, password, "Owner"}, Role::owner);
    if (!enrolled) throw std::runtime_error("enrol failed: " + enrolled.error().message);
    return sign_in(email, password);
}

Caller TestServer::add_member(const Caller& admin, const std::string& role) {
    const std::string email = role + std::to_string(++users_) + "-" + random_secret(4) + "@example.com";
    boost::json::object invite{{"email", email}, {"role", role}};
    auto invited = call(admin, "POST", "/api/v1/invitations", boost::json::serialize(invite));
    if (invited.status != 201) throw std::runtime_error("invitation failed: " + invited.body);
    boost::json::object accept{{"token", invited.json().at("token")}, {"password", password}};
    auto accepted = http_request(port_, "POST", "/api/v1/invitations/accept", boost::json::serialize(accept));
    if (accepted.status != 200) throw std::runtime_error("accepting the invitation failed: " + accepted.body);
    return sign_in(email, password);
}

Caller TestServer::with_token(const Caller& caller) {
    auto response = call(caller, "POST", "/api/v1/tokens", R"({"name":"test token"})");
    if (response.status != 201) throw std::runtime_error("token creation failed: " + response.body);
    Caller bearer;
    bearer.bearer = std::string(response.json().as_object()["token"].as_string());
    bearer.user_id = caller.user_id;
    bearer.org_id = caller.org_id;
    return bearer;
}

HttpResponse TestServer::call(const Caller& caller, const std::string& method, const std::string& path,
                              const std::string& body) {
    return call_as(port_, caller, method, path, body);
}

HttpResponse call_as(std::uint16_t port, const Caller& caller, const std::string& method, const std::string& path,
                     const std::string& body) {
    HeaderList headers;
    if (!caller.bearer.empty()) headers.emplace_back("Authorization", "Bearer " + caller.bearer);
    if (!caller.cookie.empty()) {
        headers.emplace_back("Cookie", caller.cookie);
        headers.emplace_back("X-CSRF-Token", caller.csrf);
    }
    return http_request(port, method, path, body, headers);
}

HttpResponse TestServer::anonymous(const std::string& method, const std::string& path, const std::string& body) {
    return http_request(port_, method, path, body);
}

}  // namespace chorus::testing
