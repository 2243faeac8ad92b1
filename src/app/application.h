#pragma once
// Wires the store, the domain services and the HTTP routes together. The only place that
// knows every module; tests build one too, to run the real server in-process.
#include <memory>
#include <string>

#include "accounts/brands.h"
#include "accounts/identity.h"
#include "accounts/organisations.h"
#include "http/api/api.h"
#include "http/router.h"
#include "http/server.h"
#include "store/store.h"

namespace chorus::app {

struct ApplicationOptions {
    store::StoreOptions store;
    accounts::IdentityPolicy identity;
    bool secure_cookies = false;
};

class Application {
public:
    // Opens the store and applies migrations.
    static Result<std::unique_ptr<Application>> open(const ApplicationOptions& options);

    store::Store& store() { return *store_; }
    accounts::Identity& identity() { return identity_; }
    accounts::Organisations& organisations() { return organisations_; }
    http::Router& router() { return router_; }

private:
    Application(std::unique_ptr<store::Store> store, const ApplicationOptions& options);

    std::unique_ptr<store::Store> store_;
    accounts::Identity identity_;
    accounts::Organisations organisations_;
    accounts::Brands brands_;
    accounts::Channels channels_;
    http::api::ApiContext api_;
    http::Router router_;
};

std::string_view version();

}  // namespace chorus::app
