#include "networks/facebook/login.h"

#include <boost/json.hpp>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks {

namespace json = boost::json;

namespace {

// Meta follows listings with paging.next; a user with hundreds of Pages is read in full,
// but a listing that never ends is not followed for ever.
constexpr int max_listing_pages = 20;

Failure unreadable(std::string message) { return local_failure(FailureClass::transient, "unreadable_answer", std::move(message)); }

}  // namespace

std::string FacebookLogin::authorization_url(const OAuthClient& client, const OAuthRequest& request) const {
    const auto base = app_.authorize_url.empty() ? "https://www.facebook.com/" + api_version_ + "/dialog/oauth" : app_.authorize_url;
    return networks::authorization_url(base, client, request, scopes_, Pkce::none);
}

Outcome<std::string> FacebookLogin::user_token(const OAuthClient& client, const OAuthRequest& request, const std::string& code) {
    auto short_lived = graph_.get("/oauth/access_token",
                                  {{"client_id", client.client_id},
                                   {"redirect_uri", request.redirect_uri},
                                   {"client_secret", client.client_secret},
                                   {"code", code}},
                                  "");
    if (!short_lived.ok()) return {short_lived.failure(), {}};
    const auto token = string_at(short_lived.get(), "access_token");
    if (token.empty()) return {unreadable("Facebook's token answer had no access_token"), {}};
    auto long_lived = graph_.get("/oauth/access_token",
                                 {{"grant_type", "fb_exchange_token"},
                                  {"client_id", client.client_id},
                                  {"client_secret", client.client_secret},
                                  {"fb_exchange_token", token}},
                                 "");
    if (!long_lived.ok()) return {long_lived.failure(), {}};
    auto exchanged = string_at(long_lived.get(), "access_token");
    if (exchanged.empty()) return {unreadable("Facebook's long-lived token answer had no access_token"), {}};
    return {exchanged, {}};
}

Outcome<json::array> FacebookLogin::pages(const std::string& user_token, const std::string& fields) {
    json::array pages;
    std::string after;
    for (int listing = 0; listing < max_listing_pages; ++listing) {
        FormFields query{{"fields", fields}, {"limit", "100"}};
        if (!after.empty()) query.emplace_back("after", after);
        auto answer = graph_.get("/me/accounts", std::move(query), user_token);
        if (!answer.ok()) return {answer.failure(), {}};
        const auto* data = member(answer.get(), "data");
        if (!data || !data->is_array()) return {unreadable("Facebook's list of Pages had no data"), {}};
        for (const auto& page : data->get_array()) pages.push_back(page);
        const auto* paging = member(answer.get(), "paging");
        const auto* cursors = paging ? member(*paging, "cursors") : nullptr;
        after = cursors ? string_at(*cursors, "after") : std::string();
        if (!paging || !member(*paging, "next") || after.empty()) break;
    }
    return {std::move(pages), {}};
}

bool may_publish_on(const json::value& page) {
    const auto* tasks = member(page, "tasks");
    if (!tasks || !tasks->is_array()) return true;
    for (const auto& task : tasks->get_array())
        if (task.is_string() && task.get_string() == "CREATE_CONTENT") return true;
    return false;
}

}  // namespace chorus::networks
