#include "networks/oauth2.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "core/digest.h"
#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks {

std::string authorization_url(const std::string& base, const OAuthClient& client, const OAuthRequest& request, const std::string& scope,
                              Pkce pkce) {
    boost::urls::url url(base);
    url.params().append({"response_type", "code"});
    url.params().append({"client_id", client.client_id});
    url.params().append({"redirect_uri", request.redirect_uri});
    url.params().append({"scope", scope});
    url.params().append({"state", request.state});
    if (pkce == Pkce::s256) {
        url.params().append({"code_challenge", request.code_challenge});
        url.params().append({"code_challenge_method", "S256"});
    }
    return std::string(url.buffer());
}

Outcome<TokenGrant> request_token(HttpClient& http, const std::string& token_url, FormFields fields, const OAuthClient& client,
                                  ClientAuth auth, std::chrono::milliseconds timeout) {
    HttpRequest request;
    request.method = "POST";
    request.url = token_url;
    request.timeout = timeout;
    // A code or a rotating refresh token works once: the transport must not send it twice.
    request.idempotent = false;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    if (auth == ClientAuth::basic && !client.client_secret.empty()) {
        request.headers.emplace_back("Authorization", "Basic " + base64(client.client_id + ":" + client.client_secret));
        fields.emplace_back("client_id", client.client_id);  // X wants it in the form as well
    } else {
        fields.emplace_back(auth == ClientAuth::form_client_key ? "client_key" : "client_id", client.client_id);
        if (!client.client_secret.empty()) fields.emplace_back("client_secret", client.client_secret);
    }
    request.body = form_encode(fields);
    const Millis sent_at = now_millis();
    auto result = http.send(std::move(request));
    if (auto* error = std::get_if<TransportError>(&result)) {
        auto failure = transport_failure(*error);
        failure.maybe_created = false;  // nothing to look up: a token request creates no post
        return {failure, {}};
    }
    const auto& response = std::get<HttpResponse>(result);
    const auto answer = parse_json(response.body);
    // A 2xx carrying an OAuth error is a refusal all the same: TikTok documents its error
    // body without saying which status comes with it.
    const bool success_status = response.status >= 200 && response.status < 300;
    const bool refused = success_status && !string_at(answer, "error").empty() && string_at(answer, "access_token").empty();
    if (success_status && !refused) {
        TokenGrant grant{string_at(answer, "access_token"), string_at(answer, "refresh_token"), std::nullopt, string_at(answer, "scope")};
        if (auto seconds = int_at(answer, "expires_in")) grant.expires_at = sent_at + millis_from_seconds(*seconds);
        if (grant.access_token.empty())
            return {local_failure(FailureClass::transient, "unreadable_answer", "The network's token answer had no access_token"), {}};
        return {std::move(grant), {}};
    }
    auto code = string_at(answer, "error");
    auto description = string_at(answer, "error_description");
    if (const auto* error = member(answer, "error"); error && error->is_object())
        description = string_at(*error, "message");  // Meta's Graph form: {"error":{"message","code",…}}
    if (description.empty()) description = string_at(answer, "error_message");  // Threads' and Instagram's token endpoints
    if (description.empty()) description = string_at(answer, "message");  // Pinterest's {"code","message"}
    auto failure = status_failure(response, code, description.empty() ? code : description, now_millis());
    failure.maybe_created = false;
    if (response.status == 400 || response.status == 401 || refused) {
        // invalid_request also covers "this refresh token is not valid" at X; a malformed
        // request of ours would fail the same way every time, so retrying cannot help.
        failure.kind = FailureClass::auth;
        if (failure.code.starts_with("http_")) failure.code = "invalid_grant";
    }
    return {failure, {}};
}

Outcome<TokenGrant> redeem_code(HttpClient& http, const std::string& token_url, const std::string& code, const std::string& redirect_uri,
                                const std::string& code_verifier, const OAuthClient& client, ClientAuth auth,
                                std::chrono::milliseconds timeout) {
    FormFields fields{{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect_uri}};
    if (!code_verifier.empty()) fields.emplace_back("code_verifier", code_verifier);
    return request_token(http, token_url, std::move(fields), client, auth, timeout);
}

std::set<std::string> scope_set(std::string_view scope) {
    std::set<std::string> scopes;
    std::string current;
    for (const char c : scope) {
        if (c == ' ' || c == ',') {
            if (!current.empty()) scopes.insert(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) scopes.insert(std::move(current));
    return scopes;
}

}  // namespace chorus::networks
