#include "networks/testnet/connector.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <charconv>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

class TestnetConnector final : public Connector {
public:
    TestnetConnector(HttpClient& http, TestnetOptions options) : http_(http), options_(std::move(options)) {}

    std::string_view network() const override { return "testnet"; }

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        json::object body{{"account", account.handle},
                          {"text", request.draft.text},
                          {"idempotency_key", request.idempotency_key},
                          {"media_count", request.media_ids.size()}};
        json::array media_ids;
        for (const auto& id : request.media_ids) media_ids.push_back(json::value(id));
        body["media_ids"] = std::move(media_ids);
        if (request.draft.title) body["title"] = *request.draft.title;
        if (request.draft.link) body["link"] = *request.draft.link;
        return create(account, body);
    }

    // A comment is a post that replies to another, with its own idempotency key.
    Outcome<RemoteComment> comment(const Account& account, const CommentRequest& request) override {
        auto created = create(account, json::object{{"account", account.handle},
                                                    {"text", request.text},
                                                    {"idempotency_key", request.idempotency_key},
                                                    {"reply_to", request.post_remote_id},
                                                    {"media_count", 0}});
        if (!created.ok()) return {created.failure(), std::move(created.budgets)};
        return {RemoteComment{created.get().remote_id}, std::move(created.budgets)};
    }

    Outcome<std::optional<RemoteComment>> find_comment(const Account& account, const CommentRequest& request) override {
        auto found = lookup(account, request.idempotency_key);
        if (!found.ok()) return {found.failure(), std::move(found.budgets)};
        std::optional<RemoteComment> comment;
        if (found.get().post) comment = RemoteComment{found.get().post->remote_id};
        return {comment, std::move(found.budgets)};
    }

    Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) override {
        boost::urls::url url(options_.base_url + "/v1/media");
        if (!media.facts.alt_text.empty()) url.params().append({"alt_text", media.facts.alt_text});
        auto http_request = authorised(account, "POST", std::string(url.buffer()));
        http_request.headers.front() = {"Content-Type", media.mime};
        http_request.body = media.bytes;
        http_request.idempotent = false;
        return exchange<UploadedMedia>(account, std::move(http_request), [](const json::value& answer) -> std::optional<UploadedMedia> {
            UploadedMedia uploaded{string_at(answer, "id")};
            if (uploaded.remote_id.empty()) return std::nullopt;
            return uploaded;
        });
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override { return lookup(account, request.idempotency_key); }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        boost::urls::url url(options_.base_url);
        url.set_path("/v1/posts/" + remote_id);
        return exchange<Deleted>(account, authorised(account, "DELETE", std::string(url.buffer())),
                                 [](const json::value&) -> std::optional<Deleted> { return Deleted{}; });
    }

    Outcome<Refreshed> refresh(const Account& account) override {
        auto refresh_token = string_at(parse_json(account.credentials), "refresh_token");
        if (refresh_token.empty()) {
            Failure failure{FailureClass::auth, "no_refresh_token", "This channel has no refresh token; reconnect it", {}, {}, false};
            return {failure, {}};
        }
        auto granted = grant(json::object{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}});
        if (!granted.ok()) return {granted.failure(), {}};
        return {Refreshed{granted.get().credentials, granted.get().expires_at}, {}};
    }

    // The password grant: how the web app and demos connect an account of the test network.
    Outcome<Connection> connect_with_password(const PasswordLogin& login) override {
        auto granted = grant(json::object{{"grant_type", "password"}, {"username", login.identifier}, {"password", login.password}});
        if (!granted.ok()) return granted;
        auto connection = granted.get();
        connection.display_name = connection.handle = login.identifier;
        if (connection.remote_account_id.empty()) connection.remote_account_id = login.identifier;
        return {connection, {}};
    }

private:
    Outcome<Found> lookup(const Account& account, const std::string& idempotency_key) {
        boost::urls::url url(options_.base_url + "/v1/posts");
        url.params().append({"account", account.handle});
        url.params().append({"idempotency_key", idempotency_key});
        return exchange<Found>(account, authorised(account, "GET", std::string(url.buffer())),
                               [](const json::value& answer) -> std::optional<Found> {
                                   const auto* object = answer.if_object();
                                   const auto* posts = object ? object->if_contains("posts") : nullptr;
                                   if (!posts || !posts->is_array()) return std::nullopt;
                                   Found found;
                                   for (const auto& post : posts->get_array()) {
                                       RemotePost remote{string_at(post, "id"), string_at(post, "url")};
                                       if (!remote.remote_id.empty()) found.post = remote;
                                       break;
                                   }
                                   return found;
                               });
    }

    Outcome<RemotePost> create(const Account& account, const json::object& body) {
        auto http_request = authorised(account, "POST", options_.base_url + "/v1/posts");
        http_request.body = json::serialize(body);
        http_request.idempotent = false;
        return exchange<RemotePost>(account, std::move(http_request), [](const json::value& answer) -> std::optional<RemotePost> {
            RemotePost post{string_at(answer, "id"), string_at(answer, "url")};
            if (post.remote_id.empty()) return std::nullopt;
            return post;
        });
    }

    // POST /oauth/token; a refused grant (OAuth's invalid_grant) is an auth failure.
    Outcome<Connection> grant(const json::object& body) {
        HttpRequest request;
        request.method = "POST";
        request.url = options_.base_url + "/oauth/token";
        request.headers = {{"Content-Type", "application/json"}};
        request.body = json::serialize(body);
        request.timeout = options_.timeout;
        request.idempotent = false;
        auto result = http_.send(std::move(request));
        if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
        const auto& response = std::get<HttpResponse>(result);
        auto answer = parse_json(response.body);
        if (response.status == 400 || response.status == 401) {
            auto failure = status_failure(response, string_at(answer, "error"), string_at(answer, "error_description"), now_millis());
            failure.kind = FailureClass::auth;
            return {failure, {}};
        }
        if (response.status != 200) return {status_failure(response, "", "", now_millis()), {}};
        Connection granted;
        granted.credentials = json::serialize(json::object{{"access_token", string_at(answer, "access_token")},
                                                           {"refresh_token", string_at(answer, "refresh_token")}});
        if (const auto* object = answer.if_object()) {
            if (const auto* expires = object->if_contains("expires_in"); expires && expires->is_int64())
                granted.expires_at = now_millis() + millis_from_seconds(expires->as_int64());
            if (const auto* account = object->if_contains("account")) granted.remote_account_id = string_at(*account, "id");
        }
        return {granted, {}};
    }

    HttpRequest authorised(const Account& account, std::string method, std::string url) const {
        HttpRequest request;
        request.method = std::move(method);
        request.url = std::move(url);
        request.timeout = options_.timeout;
        request.headers.emplace_back("Content-Type", "application/json");
        auto token = string_at(parse_json(account.credentials), "access_token");
        if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
        return request;
    }

    static std::vector<Budget> budgets_from(const Account& account, const HttpResponse& response) {
        auto remaining = response.header("x-ratelimit-remaining");
        auto reset = response.header("x-ratelimit-reset");
        long long remaining_value = 0, reset_value = 0;
        if (!remaining || !reset) return {};
        if (std::from_chars(remaining->data(), remaining->data() + remaining->size(), remaining_value).ec != std::errc() ||
            std::from_chars(reset->data(), reset->data() + reset->size(), reset_value).ec != std::errc())
            return {};
        return {Budget{"channel:" + account.channel_id, remaining_value, millis_from_seconds(reset_value)}};
    }

    template <class T, class Read>
    Outcome<T> exchange(const Account& account, HttpRequest request, Read read) {
        auto result = http_.send(std::move(request));
        if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
        const auto& response = std::get<HttpResponse>(result);
        auto budgets = budgets_from(account, response);
        auto answer = parse_json(response.body);
        if (response.status >= 200 && response.status < 300) {
            if (auto value = read(answer)) return {std::move(*value), std::move(budgets)};
            Failure failure{FailureClass::transient, "unreadable_answer", "The network's answer could not be read", response.status, {}, true};
            return {failure, std::move(budgets)};
        }
        const json::value* error = answer.is_object() ? answer.get_object().if_contains("error") : nullptr;
        auto failure = status_failure(response, error ? string_at(*error, "code") : "", error ? string_at(*error, "message") : "",
                                      now_millis());
        return {failure, std::move(budgets)};
    }

    HttpClient& http_;
    TestnetOptions options_;
};

}  // namespace

std::shared_ptr<Connector> make_testnet_connector(HttpClient& http, TestnetOptions options) {
    return std::make_shared<TestnetConnector>(http, std::move(options));
}

}  // namespace chorus::networks
