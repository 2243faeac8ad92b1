#include "app/application.h"

#include "http/web_routes.h"
#include "store/migrations.h"

namespace chorus::app {

std::string_view version() { return CHORUS_VERSION; }

Application::Application(std::unique_ptr<store::Store> store, const ApplicationOptions& options)
    : store_(std::move(store)),
      identity_(*store_, options.identity),
      organisations_(*store_, identity_),
      brands_(*store_),
      channels_(*store_),
      api_{*store_, identity_, organisations_, brands_, channels_, std::string(version()), options.secure_cookies} {
    http::api::add_api_routes(router_, api_);
    http::add_web_routes(router_);
}

Result<std::unique_ptr<Application>> Application::open(const ApplicationOptions& options) {
    auto store = TRY(store::open_store(options.store));
    TRY(store::migrate(*store));
    return std::unique_ptr<Application>(new Application(std::move(store), options));
}

}  // namespace chorus::app
