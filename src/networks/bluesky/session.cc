#include "networks/bluesky/session.h"

#include <sodium.h>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::bluesky {
namespace {

namespace json = boost::json;

// The #atproto_pds service endpoint of a DID document, or "".
std::string pds_endpoint(const json::value& did_document) {
    const auto* services = member(did_document, "service");
    if (!services || !services->is_array()) return {};
    for (const auto& service : services->get_array()) {
        const auto id = string_at(service, "id");
        if ((id == "#atproto_pds" || id.ends_with("#atproto_pds")) && string_at(service, "type") == "AtprotoPersonalDataServer")
            return string_at(service, "serviceEndpoint");
    }
    return {};
}

}  // namespace

std::string Session::to_credentials() const {
    return json::serialize(json::object{{"did", did},
                                        {"handle", handle},
                                        {"service", service},
                                        {"pds", pds},
                                        {"identifier", identifier},
                                        {"app_password", app_password},
                                        {"access_jwt", access_jwt},
                                        {"refresh_jwt", refresh_jwt}});
}

std::optional<Session> Session::from_credentials(const std::string& credentials) {
    const auto value = parse_json(credentials);
    Session session{string_at(value, "did"),        string_at(value, "handle"),       string_at(value, "service"),
                    string_at(value, "pds"),        string_at(value, "identifier"),   string_at(value, "app_password"),
                    string_at(value, "access_jwt"), string_at(value, "refresh_jwt")};
    if (session.did.empty() || session.pds.empty()) return std::nullopt;
    return session;
}

std::optional<Millis> Session::access_expires_at() const {
    // A JWT is header.payload.signature, each base64url; only the payload's exp is wanted.
    const auto first = access_jwt.find('.');
    const auto second = access_jwt.find('.', first + 1);
    if (first == std::string::npos || second == std::string::npos) return std::nullopt;
    const auto encoded = access_jwt.substr(first + 1, second - first - 1);
    std::string payload(encoded.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(payload.data()), payload.size(), encoded.data(), encoded.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return std::nullopt;
    payload.resize(length);
    if (auto exp = int_at(parse_json(payload), "exp")) return millis_from_seconds(*exp);
    return std::nullopt;
}

Outcome<Session> Sessions::create(const std::string& service, const std::string& identifier, const std::string& app_password) const {
    XrpcCall call;
    call.service = service;
    call.nsid = "com.atproto.server.createSession";
    call.body = json::object{{"identifier", identifier}, {"password", app_password}};
    auto answer = xrpc_.call(call);
    if (!answer.ok()) return {answer.failure(), {}};
    Session session;
    session.did = string_at(answer.get(), "did");
    session.handle = string_at(answer.get(), "handle");
    session.access_jwt = string_at(answer.get(), "accessJwt");
    session.refresh_jwt = string_at(answer.get(), "refreshJwt");
    session.service = service;
    session.identifier = identifier;
    session.app_password = app_password;
    if (session.did.empty() || session.access_jwt.empty())
        return {local_failure(FailureClass::transient, "unreadable_answer", "createSession answered without a DID or token"), {}};
    const auto* did_document = member(answer.get(), "didDoc");
    auto pds = pds_of(session.did, did_document ? *did_document : json::value());
    if (!pds.ok()) return {pds.failure(), {}};
    session.pds = pds.get();
    return {std::move(session), {}};
}

Outcome<Session> Sessions::refresh(const Session& session) const {
    XrpcCall call;
    call.service = session.pds;
    call.nsid = "com.atproto.server.refreshSession";
    call.procedure = true;  // with no body: the server refuses one
    call.token = session.refresh_jwt;
    auto answer = xrpc_.call(call);
    if (answer.ok()) {
        Session renewed = session;
        renewed.access_jwt = string_at(answer.get(), "accessJwt");
        renewed.refresh_jwt = string_at(answer.get(), "refreshJwt");
        if (auto handle = string_at(answer.get(), "handle"); !handle.empty()) renewed.handle = handle;
        if (!renewed.access_jwt.empty() && !renewed.refresh_jwt.empty()) return {std::move(renewed), {}};
    } else if (answer.failure().kind != FailureClass::auth) {
        return {answer.failure(), {}};  // the server is failing for now: the refresh token is still good
    }
    // The refresh JWT is spent or expired: log in again with the kept app password.
    if (session.app_password.empty())
        return {local_failure(FailureClass::auth, "session_expired", "The Bluesky session expired; reconnect the channel"), {}};
    return create(session.service.empty() ? session.pds : session.service, session.identifier.empty() ? session.did : session.identifier,
                  session.app_password);
}

Outcome<std::string> Sessions::pds_of(const std::string& did, const json::value& did_document) const {
    if (auto endpoint = pds_endpoint(did_document); !endpoint.empty()) return {endpoint, {}};
    std::string url;
    if (did.starts_with("did:plc:")) {
        url = directory_.plc_url + "/" + did;
    } else if (did.starts_with("did:web:")) {
        url = "https://" + did.substr(8) + "/.well-known/did.json";
    } else {
        return {local_failure(FailureClass::validation, "unsupported_did", "Accounts with a " + did + " identity are not supported"), {}};
    }
    auto fetched = xrpc_.fetch(url);
    if (!fetched.ok()) return {fetched.failure(), {}};
    const auto document = parse_json(fetched.get().body);
    auto endpoint = pds_endpoint(document);
    if (endpoint.empty())
        return {local_failure(FailureClass::validation, "no_pds", "The account's DID document names no personal data server"), {}};
    return {endpoint, {}};
}

}  // namespace chorus::networks::bluesky
