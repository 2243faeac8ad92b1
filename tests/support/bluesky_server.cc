#include "bluesky_server.h"

#include <boost/url.hpp>

#include <cstdlib>
#include <stdexcept>

#include "core/id.h"
#include "http_client.h"

namespace chorus::testing {

namespace json = boost::json;

namespace {

std::string query(std::initializer_list<std::pair<std::string, std::string>> parameters) {
    boost::urls::url url("/");
    for (const auto& [name, value] : parameters) url.params().append({name, value});
    return std::string(url.encoded_query());
}

json::value checked(const HttpResponse& response, const std::string& what) {
    if (response.status != 200) throw std::runtime_error(what + ": HTTP " + std::to_string(response.status) + " " + response.body);
    return response.json();
}

}  // namespace

std::optional<BlueskyServer> BlueskyServer::from_environment() {
    const char* pds = std::getenv("CHORUS_TEST_BLUESKY_PDS_URL");
    const char* plc = std::getenv("CHORUS_TEST_BLUESKY_PLC_URL");
    if (pds && plc && *pds && *plc) return BlueskyServer(pds, plc);
    const char* required = std::getenv("CHORUS_REQUIRE_BLUESKY");
    if (required && std::string(required) == "1")
        throw std::runtime_error("CHORUS_REQUIRE_BLUESKY=1 but CHORUS_TEST_BLUESKY_PDS_URL/PLC_URL are not set");
    return std::nullopt;
}

BlueskyServer::BlueskyServer(std::string pds, std::string plc) : pds_url_(std::move(pds)), plc_url_(std::move(plc)) {}

std::uint16_t BlueskyServer::pds_port() const {
    return static_cast<std::uint16_t>(std::stoi(std::string(boost::urls::parse_uri(pds_url_).value().port())));
}

BlueskyAccount BlueskyServer::create_account(const std::string& prefix) const {
    BlueskyAccount account;
    auto suffix = random_secret(5);
    for (auto& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    account.handle = prefix + suffix + ".test";
    account.password = "account-" + random_secret(8);
    const json::object request{{"handle", account.handle}, {"email", prefix + suffix + "@example.com"}, {"password", account.password}};
    auto created = checked(http_request(pds_port(), "POST", "/xrpc/com.atproto.server.createAccount", json::serialize(request),
                                        {{"Content-Type", "application/json"}}),
                           "createAccount");
    account.did = std::string(created.at("did").as_string());
    account.access_jwt = std::string(created.at("accessJwt").as_string());
    auto app_password = checked(http_request(pds_port(), "POST", "/xrpc/com.atproto.server.createAppPassword", R"({"name":"chorus"})",
                                             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + account.access_jwt}}),
                                "createAppPassword");
    account.app_password = std::string(app_password.at("password").as_string());
    return account;
}

void BlueskyServer::revoke_app_passwords(const BlueskyAccount& account) const {
    auto response = http_request(pds_port(), "POST", "/xrpc/com.atproto.server.revokeAppPassword", R"({"name":"chorus"})",
                                 {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + account.access_jwt}});
    if (response.status != 200) throw std::runtime_error("revokeAppPassword: HTTP " + std::to_string(response.status) + " " + response.body);
}

json::value BlueskyServer::get_record(const std::string& did, const std::string& collection, const std::string& record_key) const {
    auto response = http_request(pds_port(), "GET",
                                 "/xrpc/com.atproto.repo.getRecord?" + query({{"repo", did}, {"collection", collection}, {"rkey", record_key}}));
    if (response.status == 400 && response.body.find("RecordNotFound") != std::string::npos) return nullptr;
    return checked(response, "getRecord");
}

json::array BlueskyServer::list_records(const std::string& did, const std::string& collection) const {
    json::array all;
    std::string cursor;
    do {
        auto target = "/xrpc/com.atproto.repo.listRecords?" + query({{"repo", did}, {"collection", collection}, {"limit", "100"}, {"reverse", "true"}});
        if (!cursor.empty()) target += "&" + query({{"cursor", cursor}});
        auto page = checked(http_request(pds_port(), "GET", target), "listRecords");
        for (const auto& record : page.at("records").as_array()) all.push_back(record);
        const auto* next = page.as_object().if_contains("cursor");
        cursor = next && next->is_string() && !page.at("records").as_array().empty() ? std::string(next->as_string()) : "";
    } while (!cursor.empty());
    return all;
}

std::string BlueskyServer::get_blob(const std::string& did, const std::string& cid) const {
    auto response = http_request(pds_port(), "GET", "/xrpc/com.atproto.sync.getBlob?" + query({{"did", did}, {"cid", cid}}));
    if (response.status != 200) throw std::runtime_error("getBlob: HTTP " + std::to_string(response.status));
    return response.body;
}

std::string record_key_of(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

}  // namespace chorus::testing
