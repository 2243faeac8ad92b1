#include "networks/mastodon/connector.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <thread>

#include "core/id.h"
#include "networks/failures.h"
#include "networks/http_forms.h"
#include "networks/oauth2.h"
#include "networks/json_fields.h"
#include "networks/link_preview.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

// What the channel keeps (sealed): the instance, the token, the account.
struct Credentials {
    std::string server;
    std::string access_token;
    std::string account_id;

    std::string serialize() const {
        return json::serialize(json::object{{"server", server}, {"access_token", access_token}, {"account_id", account_id}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "server"), string_at(value, "access_token"), string_at(value, "account_id")};
        if (credentials.server.empty() || credentials.access_token.empty()) return std::nullopt;
        return credentials;
    }
};

// A status's HTML as plain text, for recognising our own posts: tags dropped, line breaks
// kept, entities decoded, whitespace collapsed (the same is done to our text).
std::string plain_text(std::string_view html) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] == '<') {
            const auto end = html.find('>', i);
            const auto tag = html.substr(i, end == std::string_view::npos ? html.size() - i : end - i + 1);
            if (tag.starts_with("<br") || tag.starts_with("</p")) out.push_back('\n');
            i = end == std::string_view::npos ? html.size() : end + 1;
            continue;
        }
        out.push_back(html[i++]);
    }
    return decode_html_entities(out);
}

std::string collapsed(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

class MastodonConnector final : public Connector, public OAuthFlow {
public:
    MastodonConnector(HttpClient& http, MastodonOptions options) : http_(http), options_(std::move(options)) {}

    std::string_view network() const override { return "mastodon"; }
    OAuthFlow* oauth() override { return this; }

    // --- connecting ---

    Outcome<OAuthClient> register_client(const std::string& server, const std::string& redirect_uri) override {
        auto request = json_request("POST", server + "/api/v1/apps", {});
        request.body = json::serialize(json::object{{"client_name", options_.client_name},
                                                    {"redirect_uris", redirect_uri},
                                                    {"scopes", options_.scopes},
                                                    {"website", options_.website}});
        auto answer = exchange(std::move(request), "");
        if (!answer.ok()) return {answer.failure(), {}};
        OAuthClient client{string_at(answer.get(), "client_id"), string_at(answer.get(), "client_secret")};
        if (client.client_id.empty() || client.client_secret.empty())
            return {local_failure(FailureClass::transient, "unreadable_answer", "The instance registered no app"), {}};
        return {client, {}};
    }

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        return networks::authorization_url(request.server + "/oauth/authorize", client, request, options_.scopes);
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string& code_verifier) override {
        auto token = request_token(http_, request.server + "/oauth/token",
                                   {{"grant_type", "authorization_code"},
                                    {"code", code},
                                    {"redirect_uri", request.redirect_uri},
                                    {"code_verifier", code_verifier},
                                    {"scope", options_.scopes}},
                                   client, ClientAuth::form, options_.timeout);
        if (!token.ok()) return {token.failure(), {}};
        Credentials credentials{request.server, token.get().access_token, ""};
        auto account = exchange(json_request("GET", credentials.server + "/api/v1/accounts/verify_credentials", credentials.access_token), "");
        if (!account.ok()) return {account.failure(), {}};
        credentials.account_id = string_at(account.get(), "id");
        const auto host = boost::urls::parse_uri(request.server);
        Connection connection;
        connection.remote_account_id = credentials.account_id;
        connection.handle = "@" + string_at(account.get(), "acct") + "@" + (host ? std::string(host->host()) : request.server);
        connection.display_name = string_at(account.get(), "display_name");
        if (connection.display_name.empty()) connection.display_name = string_at(account.get(), "username");
        connection.credentials = credentials.serialize();
        connection.settings = instance_settings(credentials.server);
        return {std::vector{std::move(connection)}, {}};
    }

    // --- publishing ---

    Outcome<Refreshed> refresh(const Account&) override {
        // Mastodon's tokens do not expire and there is no refresh token: a refused token
        // was revoked, and only the user can connect again.
        return {local_failure(FailureClass::auth, "token_revoked", "Mastodon refused the channel's token (revoked or the app was removed); reconnect it"),
                {}};
    }

    Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        Multipart form;
        const auto extension = media.mime.substr(media.mime.find('/') + 1);
        form.file("file", "upload." + extension, media.mime, media.bytes);
        if (!media.facts.alt_text.empty()) form.field("description", media.facts.alt_text);
        if (!media.facts.focus.empty()) form.field("focus", media.facts.focus);
        auto request = json_request("POST", credentials->server + "/api/v2/media", credentials->access_token);
        request.headers.front() = {"Content-Type", form.content_type()};
        request.body = form.finish();
        request.idempotent = false;
        auto answer = exchange_with_status(std::move(request), scope_of(account));
        if (!answer.ok()) return {answer.failure(), std::move(answer.budgets)};
        auto budgets = std::move(answer.budgets);
        const auto id = string_at(answer.get().second, "id");
        if (id.empty())
            return {local_failure(FailureClass::transient, "unreadable_answer", "The instance's media answer had no id"), std::move(budgets)};
        // 202: still processing (video, large images); the status must wait until it is ready.
        for (int poll = 0; answer.get().first == 202 && poll < options_.media_poll_limit; ++poll) {
            std::this_thread::sleep_for(options_.media_poll_interval);
            auto status = exchange_with_status(json_request("GET", credentials->server + "/api/v1/media/" + id, credentials->access_token),
                                               scope_of(account));
            if (!status.ok()) return {status.failure(), std::move(status.budgets)};
            if (status.get().first == 200) return {UploadedMedia{id}, std::move(status.budgets)};
        }
        if (answer.get().first == 202)
            return {local_failure(FailureClass::transient, "media_processing", "The instance is still processing the upload"), std::move(budgets)};
        return {UploadedMedia{id}, std::move(budgets)};
    }

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto options = parse_json(request.options);
        std::vector<std::string> parts{request.draft.text};
        parts.insert(parts.end(), request.thread.begin(), request.thread.end());
        std::vector<Budget> budgets;
        std::vector<std::string> ids;
        std::string first_url;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            json::object status{{"status", parts[i]}};
            for (const char* name : {"visibility", "spoiler_text", "sensitive", "language"})
                if (const auto* value = member(options, name)) status[name] = *value;
            if (i == 0) {
                json::array media_ids;
                for (const auto& id : request.media_ids) media_ids.push_back(json::value(id));
                if (!media_ids.empty()) status["media_ids"] = std::move(media_ids);
                if (const auto* poll = member(options, "poll")) status["poll"] = *poll;
            } else {
                status["in_reply_to_id"] = ids.back();
            }
            auto http_request = json_request("POST", credentials->server + "/api/v1/statuses", credentials->access_token);
            // The same key on every attempt: a repeat within the hour returns the original.
            http_request.headers.emplace_back("Idempotency-Key", part_key(request.idempotency_key, i));
            http_request.body = json::serialize(status);
            http_request.idempotent = false;
            auto created = exchange(std::move(http_request), scope_of(account));
            budgets.insert(budgets.end(), created.budgets.begin(), created.budgets.end());
            if (!created.ok()) {
                auto failure = created.failure();
                if (i > 0) {
                    failure.maybe_created = true;  // earlier parts exist; their keys bring them back on retry
                    failure.message = "Part " + std::to_string(i + 1) + " of the thread: " + failure.message;
                }
                return {failure, std::move(budgets)};
            }
            ids.push_back(string_at(created.get(), "id"));
            if (i == 0) first_url = string_at(created.get(), "url");
        }
        return {remote_post(ids, first_url), std::move(budgets)};
    }

    // Within the hour a repeat of the create is itself the safe lookup (see publish); past
    // it, the account's newest statuses are matched by text, part by part along the replies.
    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto listed = exchange_value(
            json_request("GET", credentials->server + "/api/v1/accounts/" + credentials->account_id + "/statuses?limit=40&exclude_reblogs=true",
                         credentials->access_token),
            scope_of(account));
        if (!listed.ok()) return {listed.failure(), std::move(listed.budgets)};
        if (!listed.get().is_array()) return {Found{}, std::move(listed.budgets)};
        std::vector<std::string> parts{request.draft.text};
        parts.insert(parts.end(), request.thread.begin(), request.thread.end());
        std::vector<std::string> ids;
        std::string first_url;
        const auto& statuses = listed.get().get_array();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const auto wanted = collapsed(parts[i]);
            const json::value* match = nullptr;
            for (const auto& status : statuses) {
                if (collapsed(plain_text(string_at(status, "content"))) != wanted) continue;
                if (i > 0 && string_at(status, "in_reply_to_id") != ids.back()) continue;
                match = &status;
                break;  // newest first
            }
            if (!match) return {Found{}, std::move(listed.budgets)};
            ids.push_back(string_at(*match, "id"));
            if (i == 0) first_url = string_at(*match, "url");
        }
        return {Found{remote_post(ids, first_url)}, std::move(listed.budgets)};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        std::vector<Budget> budgets;
        auto ids = split_remote_ids(remote_id);
        for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
            auto deleted = exchange(json_request("DELETE", credentials->server + "/api/v1/statuses/" + *id, credentials->access_token),
                                    scope_of(account));
            budgets.insert(budgets.end(), deleted.budgets.begin(), deleted.budgets.end());
            if (!deleted.ok() && deleted.failure().http_status != 404) return {deleted.failure(), std::move(budgets)};
        }
        return {Deleted{}, std::move(budgets)};
    }

private:
    static std::string scope_of(const Account& account) { return "channel:" + account.channel_id; }
    static std::string part_key(const std::string& key, std::size_t part) { return part == 0 ? key : key + "-" + std::to_string(part); }
    static Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no Mastodon token; reconnect it"); }

    static RemotePost remote_post(const std::vector<std::string>& ids, const std::string& first_url) {
        return RemotePost{join_remote_ids(ids), first_url};
    }

    HttpRequest json_request(std::string method, std::string url, const std::string& token) const {
        HttpRequest request;
        request.method = std::move(method);
        request.url = std::move(url);
        request.timeout = options_.timeout;
        request.headers.emplace_back("Content-Type", "application/json");
        if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
        return request;
    }

    // The instance's limits for the rules engine; defaults when it does not say.
    std::string instance_settings(const std::string& server) {
        json::object settings;
        auto instance = exchange(json_request("GET", server + "/api/v2/instance", ""), "");
        if (!instance.ok()) return "{}";
        const auto* configuration = member(instance.get(), "configuration");
        const auto* statuses = configuration ? member(*configuration, "statuses") : nullptr;
        if (statuses)
            for (const char* name : {"max_characters", "characters_reserved_per_url", "max_media_attachments"})
                if (auto value = int_at(*statuses, name)) settings[name] = *value;
        const auto* media = configuration ? member(*configuration, "media_attachments") : nullptr;
        if (media)
            for (const char* name : {"image_size_limit", "video_size_limit"})
                if (auto value = int_at(*media, name)) settings[name] = *value;
        return json::serialize(settings);
    }

    static std::vector<Budget> budgets_from(const HttpResponse& response, const std::string& scope) {
        if (scope.empty()) return {};
        auto remaining = response.header("x-ratelimit-remaining");
        auto reset = response.header("x-ratelimit-reset");
        if (!remaining || !reset) return {};
        auto reset_at = parse_iso8601(*reset);
        if (!reset_at) return {};
        try {
            return {Budget{scope, std::stoll(*remaining), *reset_at}};
        } catch (const std::exception&) {
            return {};
        }
    }

    static Failure failure_from(const HttpResponse& response) {
        const auto answer = parse_json(response.body);
        // OAuth endpoints answer {"error": code, "error_description": sentence}; the API {"error": sentence}.
        if (auto description = string_at(answer, "error_description"); !description.empty())
            return status_failure(response, string_at(answer, "error"), description, now_millis());
        const auto message = string_at(answer, "error");
        std::string code;
        if (response.status == 422) {
            if (message.find("character limit") != std::string::npos) code = "too_long";
            else if (message.find("finished processing") != std::string::npos) code = "media_processing";
            else code = "validation_failed";
        } else if (response.status == 401) {
            code = "token_invalid";
        } else if (response.status == 404) {
            code = "not_found";
        }
        auto failure = status_failure(response, code, message, now_millis());
        // Media still processing is a matter of waiting, not of editing.
        if (code == "media_processing") failure.kind = FailureClass::transient;
        if (response.status == 429 && !failure.retry_at)
            if (auto reset = response.header("x-ratelimit-reset")) failure.retry_at = parse_iso8601(*reset);
        return failure;
    }

    // The answer's status and JSON, or a failure.
    Outcome<std::pair<int, json::value>> exchange_with_status(HttpRequest request, const std::string& scope) {
        auto result = http_.send(std::move(request));
        if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
        const auto& response = std::get<HttpResponse>(result);
        auto budgets = budgets_from(response, scope);
        if (response.status < 200 || response.status >= 300) return {failure_from(response), std::move(budgets)};
        return {std::pair{response.status, parse_json(response.body)}, std::move(budgets)};
    }

    Outcome<json::value> exchange_value(HttpRequest request, const std::string& scope) {
        auto answer = exchange_with_status(std::move(request), scope);
        if (!answer.ok()) return {answer.failure(), std::move(answer.budgets)};
        return {std::move(std::get<0>(answer.value).second), std::move(answer.budgets)};
    }

    // Like exchange_value, for answers that must be a JSON object.
    Outcome<json::value> exchange(HttpRequest request, const std::string& scope) {
        const bool creates = !request.idempotent;
        auto answer = exchange_value(std::move(request), scope);
        if (answer.ok() && !answer.get().is_object())
            return {Failure{FailureClass::transient, "unreadable_answer", "The instance's answer was not a JSON object", 200, {}, creates},
                    std::move(answer.budgets)};
        return answer;
    }

    HttpClient& http_;
    MastodonOptions options_;
};

}  // namespace

std::shared_ptr<Connector> make_mastodon_connector(HttpClient& http, MastodonOptions options) {
    return std::make_shared<MastodonConnector>(http, std::move(options));
}

}  // namespace chorus::networks
