#include "networks/x/connector.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <thread>

#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/reconcile.h"
#include "networks/link_preview.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

// What the channel keeps (sealed). The username makes the post's address.
struct Credentials {
    std::string access_token;
    std::string refresh_token;
    std::string user_id;
    std::string username;

    std::string serialize() const {
        return json::serialize(json::object{
            {"access_token", access_token}, {"refresh_token", refresh_token}, {"user_id", user_id}, {"username", username}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "access_token"), string_at(value, "refresh_token"), string_at(value, "user_id"),
                                string_at(value, "username")};
        if (credentials.access_token.empty() || credentials.user_id.empty()) return std::nullopt;
        return credentials;
    }
};

// A post's text as X gives it back, in the form ours is written: links put back (X answers
// with t.co addresses, and adds one for attached media) and entities decoded (X escapes &,
// < and >). Then compared with comparable_text().
std::string text_as_written(const json::value& post) {
    std::string text = decode_html_entities(string_at(post, "text"));
    const auto* entities = member(post, "entities");
    const auto* urls = entities ? member(*entities, "urls") : nullptr;
    if (!urls || !urls->is_array()) return text;
    for (const auto& url : urls->get_array()) {
        const auto shortened = string_at(url, "url");
        if (shortened.empty()) continue;
        // A media attachment's link is X's addition, not part of what was written.
        const auto original = member(url, "media_key") ? std::string() : string_at(url, "expanded_url");
        if (auto at = text.find(shortened); at != std::string::npos) text.replace(at, shortened.size(), original);
    }
    return text;
}

std::string replied_to(const json::value& post) {
    const auto* references = member(post, "referenced_tweets");
    if (!references || !references->is_array()) return {};
    for (const auto& reference : references->get_array())
        if (string_at(reference, "type") == "replied_to") return string_at(reference, "id");
    return {};
}

std::string media_category(MediaFacts::Kind kind) {
    switch (kind) {
        case MediaFacts::Kind::gif: return "tweet_gif";
        case MediaFacts::Kind::video: return "tweet_video";
        case MediaFacts::Kind::image: break;
    }
    return "tweet_image";
}

// A window as X reports it: remaining calls and the reset in epoch seconds.
std::optional<Budget> window(const HttpResponse& response, const std::string& prefix, const std::string& scope) {
    auto remaining = header_number(response, prefix + "-remaining");
    auto reset = header_number(response, prefix + "-reset");
    if (!remaining || !reset) return std::nullopt;
    return Budget{scope, *remaining, millis_from_seconds(*reset)};
}

class XConnector final : public Connector, public RegisteredAppFlow {
public:
    XConnector(HttpClient& http, XOptions options) : http_(http), options_(std::move(options)) {
        if (options_.app.api_url.empty()) options_.app.api_url = "https://api.x.com";
        if (options_.app.authorize_url.empty()) options_.app.authorize_url = "https://x.com/i/oauth2/authorize";
    }

    std::string_view network() const override { return "x"; }
    OAuthFlow* oauth() override { return this; }

    // --- connecting ---

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        return networks::authorization_url(options_.app.authorize_url, client, request, options_.scopes);
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string& code_verifier) override {
        auto granted = redeem_code(http_, token_url(), code, request.redirect_uri, code_verifier, client, ClientAuth::basic, options_.timeout);
        if (!granted.ok()) return {granted.failure(), {}};
        Credentials credentials{granted.get().access_token, granted.get().refresh_token, "", ""};
        auto me = exchange(request_to("GET", "/2/users/me?user.fields=username,name", credentials.access_token), {});
        if (!me.ok()) return {me.failure(), {}};
        const auto* user = member(me.get(), "data");
        if (!user) return {unreadable("The answer to /2/users/me had no data"), {}};
        credentials.user_id = string_at(*user, "id");
        credentials.username = string_at(*user, "username");
        Connection connection;
        connection.remote_account_id = credentials.user_id;
        connection.handle = "@" + credentials.username;
        connection.display_name = string_at(*user, "name");
        connection.credentials = credentials.serialize();
        connection.expires_at = granted.get().expires_at;
        return {std::vector{std::move(connection)}, {}};
    }

    Outcome<Refreshed> refresh(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (credentials->refresh_token.empty())
            return {local_failure(FailureClass::auth, "no_refresh_token", "X gave this channel no refresh token; reconnect it"), {}};
        return renew_with_refresh_token(http_, token_url(), *credentials, client(), ClientAuth::basic, options_.timeout);
    }

    // --- media: INIT, APPEND…, FINALIZE, STATUS until processed, then the alt text ---

    Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        Multipart init;
        init.field("command", "INIT");
        init.field("media_type", media.mime);
        init.field("total_bytes", std::to_string(media.bytes.size()));
        init.field("media_category", media_category(media.facts.kind));
        auto started = exchange(multipart_request(init, credentials->access_token), {});
        if (!started.ok()) return {started.failure(), {}};
        const auto* data = member(started.get(), "data");
        const auto media_id = data ? string_at(*data, "id") : std::string();
        if (media_id.empty()) return {unreadable("X's INIT answer had no media id"), {}};

        for (std::size_t offset = 0, segment = 0; offset < media.bytes.size(); offset += options_.chunk_bytes, ++segment) {
            Multipart append;
            append.field("command", "APPEND");
            append.field("media_id", media_id);
            append.field("segment_index", std::to_string(segment));
            append.file("media", "chunk", "application/octet-stream", media.bytes.substr(offset, options_.chunk_bytes));
            auto appended = exchange(multipart_request(append, credentials->access_token), {}, /*empty_ok=*/true);
            if (!appended.ok()) return {appended.failure(), {}};
        }

        Multipart finalize;
        finalize.field("command", "FINALIZE");
        finalize.field("media_id", media_id);
        auto finished = exchange(multipart_request(finalize, credentials->access_token), {});
        if (!finished.ok()) return {finished.failure(), {}};
        const auto* finished_data = member(finished.get(), "data");
        auto processing = finished_data ? member(*finished_data, "processing_info") : nullptr;
        json::value status;
        for (int poll = 0; processing && poll <= options_.media_poll_limit; ++poll) {
            const auto state = string_at(*processing, "state");
            if (state == "succeeded") break;
            if (state == "failed") {
                const auto* error = member(*processing, "error");
                auto message = error ? string_at(*error, "message") : std::string();
                return {local_failure(FailureClass::validation, "media_rejected",
                                      "X could not process the media" + (message.empty() ? std::string() : ": " + message)),
                        {}};
            }
            if (poll == options_.media_poll_limit)
                return {local_failure(FailureClass::transient, "media_processing", "X is still processing the media"), {}};
            const auto wait = std::chrono::seconds(int_at(*processing, "check_after_secs").value_or(1));
            std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(wait, options_.longest_status_wait));
            auto polled = exchange(request_to("GET", "/2/media/upload?command=STATUS&media_id=" + media_id, credentials->access_token), {});
            if (!polled.ok()) return {polled.failure(), {}};
            status = std::move(polled.get());
            const auto* status_data = member(status, "data");
            processing = status_data ? member(*status_data, "processing_info") : nullptr;
        }

        // Alt text is for images and GIFs (X's metadata endpoint refuses it for video).
        if (!media.facts.alt_text.empty() && media.facts.kind != MediaFacts::Kind::video) {
            auto request = request_to("POST", "/2/media/metadata", credentials->access_token);
            request.headers.emplace_back("Content-Type", "application/json");
            request.body = json::serialize(json::object{{"id", media_id}, {"metadata", json::object{{"alt_text", json::object{{"text", media.facts.alt_text}}}}}});
            auto described = exchange(std::move(request), {});
            if (!described.ok()) return {described.failure(), {}};
        }
        return {UploadedMedia{media_id}, {}};
    }

    // --- posts ---

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto options = parse_json(request.options);
        const auto parts = parts_of(request);
        std::vector<Budget> budgets;
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            json::object post{{"text", parts[i]}};
            if (i == 0) {
                json::array media_ids;
                for (const auto& id : request.media_ids) media_ids.push_back(json::value(id));
                if (!media_ids.empty()) post["media"] = json::object{{"media_ids", std::move(media_ids)}};
                for (const char* name : {"reply_settings", "quote_tweet_id"})
                    if (const auto* value = member(options, name)) post[name] = *value;
            } else {
                post["reply"] = json::object{{"in_reply_to_tweet_id", ids.back()}};
            }
            auto http_request = request_to("POST", "/2/tweets", credentials->access_token);
            http_request.headers.emplace_back("Content-Type", "application/json");
            http_request.body = json::serialize(post);
            http_request.idempotent = false;
            auto created = exchange(std::move(http_request), scope_of(account));
            budgets.insert(budgets.end(), created.budgets.begin(), created.budgets.end());
            std::string id;
            if (created.ok()) {
                const auto* data = member(created.get(), "data");
                id = data ? string_at(*data, "id") : std::string();
                if (id.empty()) return {unreadable("X's answer to the post had no id", true), std::move(budgets)};
            } else if (created.failure().code == "duplicate_content" && request.media_ids.empty() && (request.attempt > 1 || i > 0)) {
                // X refuses the same text twice from one account. On a later attempt the
                // earlier one may have made this part: if so it is ours, so take it and go on
                // (a thread resumes where it stopped). On the first attempt a duplicate is the
                // user's, and is reported as such.
                auto earlier = recent_match(*credentials, parts[i], ids.empty() ? std::string() : ids.back(), request.not_before);
                budgets.insert(budgets.end(), earlier.budgets.begin(), earlier.budgets.end());
                if (earlier.ok() && !earlier.get().empty()) id = earlier.get();
            }
            if (id.empty()) {
                auto failure = created.ok() ? unreadable("X's answer to the post had no id", true) : created.failure();
                if (i > 0) {
                    failure.maybe_created = true;  // earlier parts exist; find() and the duplicate check pick them up
                    failure.message = "Part " + std::to_string(i + 1) + " of the thread: " + failure.message;
                }
                return {failure, std::move(budgets)};
            }
            ids.push_back(id);
        }
        return {RemotePost{join_remote_ids(ids), post_url(*credentials, ids.front())}, std::move(budgets)};
    }

    // X has no idempotency key: the account's newest posts are matched by text, part by
    // part along the replies.
    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto recent = recent_posts(*credentials);
        if (!recent.ok()) return {recent.failure(), std::move(recent.budgets)};
        std::vector<std::string> ids;
        for (const auto& part : parts_of(request)) {
            auto id = match(recent.get(), part, ids.empty() ? std::string() : ids.back(), request.not_before);
            if (id.empty()) return {Found{}, std::move(recent.budgets)};
            ids.push_back(id);
        }
        return {Found{RemotePost{join_remote_ids(ids), post_url(*credentials, ids.front())}}, std::move(recent.budgets)};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto ids = split_remote_ids(remote_id);
        for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
            auto deleted = exchange(request_to("DELETE", "/2/tweets/" + *id, credentials->access_token), {});
            if (!deleted.ok() && deleted.failure().http_status != 404) return {deleted.failure(), {}};
        }
        return {Deleted{}, {}};
    }

private:
    const NetworkApp& app() const override { return options_.app; }
    std::string token_url() const { return options_.app.api_url + "/2/oauth2/token"; }
    static std::string scope_of(const Account& account) { return "channel:" + account.channel_id; }
    static std::string post_url(const Credentials& credentials, const std::string& id) {
        return "https://x.com/" + (credentials.username.empty() ? std::string("i/web") : credentials.username) + "/status/" + id;
    }
    static Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no X token; reconnect it"); }
    static Failure unreadable(std::string message, bool maybe_created = false) {
        auto failure = local_failure(FailureClass::transient, "unreadable_answer", std::move(message));
        failure.maybe_created = maybe_created;
        return failure;
    }

    static std::vector<std::string> parts_of(const PublishRequest& request) {
        std::vector<std::string> parts{request.draft.text};
        parts.insert(parts.end(), request.thread.begin(), request.thread.end());
        return parts;
    }

    HttpRequest request_to(std::string method, const std::string& path, const std::string& token) const {
        HttpRequest request;
        request.method = std::move(method);
        request.url = options_.app.api_url + path;
        request.timeout = options_.timeout;
        request.headers.emplace_back("Authorization", "Bearer " + token);
        return request;
    }

    HttpRequest multipart_request(Multipart& form, const std::string& token) const {
        auto request = request_to("POST", "/2/media/upload", token);
        request.headers.emplace_back("Content-Type", form.content_type());
        request.body = form.finish();
        return request;
    }

    Outcome<json::value> recent_posts(const Credentials& credentials) {
        auto listed = exchange(request_to("GET",
                                          "/2/users/" + credentials.user_id + "/tweets?max_results=" +
                                              std::to_string(std::clamp(options_.recent_posts_examined, 5, 100)) +
                                              "&exclude=retweets&tweet.fields=created_at,entities,referenced_tweets",
                                          credentials.access_token),
                               {});
        if (!listed.ok()) {
            auto failure = listed.failure();
            if (failure.http_status == 403)
                failure.message = "X did not let Chorus read the account's recent posts to check whether an earlier attempt was "
                                  "published (" + failure.message + "); check the post on X before publishing it again";
            return {failure, std::move(listed.budgets)};
        }
        const auto* data = member(listed.get(), "data");
        return {data && data->is_array() ? *data : json::value(json::array{}), std::move(listed.budgets)};
    }

    // The id of the newest recent post with this text (replying to `parent` when given) made
    // no earlier than not_before, or "".
    static std::string match(const json::value& posts, const std::string& text, const std::string& parent, Millis not_before) {
        const auto wanted = comparable_text(text);
        for (const auto& post : posts.get_array()) {
            if (comparable_text(text_as_written(post)) != wanted) continue;
            if (made_before(parse_iso8601(string_at(post, "created_at")), not_before)) continue;
            if (!parent.empty() && replied_to(post) != parent) continue;
            return string_at(post, "id");
        }
        return {};
    }

    Outcome<std::string> recent_match(const Credentials& credentials, const std::string& text, const std::string& parent,
                                      Millis not_before) {
        auto recent = recent_posts(credentials);
        if (!recent.ok()) return {recent.failure(), std::move(recent.budgets)};
        return {match(recent.get(), text, parent, not_before), std::move(recent.budgets)};
    }

    // The publishing budget of the channel: the tighter of the endpoint's 15-minute window
    // and the user's 24-hour cap; the app's 24-hour cap is the app's budget. Only answers
    // to POST /2/tweets are read: other endpoints have windows of their own.
    static std::vector<Budget> budgets_from(const HttpResponse& response, const std::string& scope) {
        if (scope.empty()) return {};
        std::vector<Budget> budgets;
        std::optional<Budget> channel;
        for (const auto* prefix : {"x-rate-limit", "x-user-limit-24hour"}) {
            auto found = window(response, prefix, scope);
            if (!found) continue;
            if (!channel || found->remaining < channel->remaining ||
                (found->remaining == channel->remaining && found->reset_at > channel->reset_at))
                channel = found;
        }
        if (channel) budgets.push_back(*channel);
        if (auto app = window(response, "x-app-limit-24hour", "app:x")) budgets.push_back(*app);
        return budgets;
    }

    static Failure failure_from(const HttpResponse& response) {
        const auto answer = parse_json(response.body);
        // v2 answers with problem details: {"title","detail","type","status"}, and for bad
        // parameters an "errors" array whose messages say which.
        std::string message = string_at(answer, "detail");
        if (const auto* errors = member(answer, "errors"); errors && errors->is_array() && !errors->get_array().empty()) {
            const auto first = string_at(errors->get_array().front(), "message");
            if (!first.empty()) message = message.empty() ? first : message + " " + first;
        }
        if (message.empty()) message = string_at(answer, "title");
        const auto type = string_at(answer, "type");
        std::string code;
        const auto mentions = [&](std::string_view words) { return message.find(words) != std::string::npos; };
        if (response.status == 401) {
            code = "token_invalid";
        } else if (response.status == 403) {
            if (mentions("duplicate content")) code = "duplicate_content";
            else if (mentions("suspended") || mentions("locked") || type.ends_with("client-forbidden")) code = "account_restricted";
            else code = "forbidden";
        } else if (response.status == 400) {
            code = mentions("media") || mentions("Media") ? "media_rejected" : "invalid_request";
        } else if (response.status == 404) {
            code = "not_found";
        }
        auto failure = status_failure(response, code, message, now_millis());
        if (response.status == 429 && !failure.retry_at) {
            // The window that ran out says when it comes back.
            for (const auto* prefix : {"x-user-limit-24hour", "x-rate-limit"})
                if (auto spent = window(response, prefix, "-"); spent && spent->remaining == 0) failure.retry_at = spent->reset_at;
            if (!failure.retry_at)
                if (auto reset = header_number(response, "x-rate-limit-reset")) failure.retry_at = millis_from_seconds(*reset);
        }
        return failure;
    }

    // The answer's JSON, or a failure; `scope` names the budget the headers feed, if any.
    Outcome<json::value> exchange(HttpRequest request, const std::string& scope, bool empty_ok = false) {
        const bool creates = !request.idempotent;
        auto result = http_.send(std::move(request));
        if (auto* error = std::get_if<TransportError>(&result)) return {transport_failure(*error), {}};
        const auto& response = std::get<HttpResponse>(result);
        auto budgets = budgets_from(response, scope);
        if (response.status < 200 || response.status >= 300) return {failure_from(response), std::move(budgets)};
        auto answer = parse_json(response.body);
        if (!answer.is_object() && !(empty_ok && response.body.empty()))
            return {unreadable("X's answer was not a JSON object", creates), std::move(budgets)};
        return {std::move(answer), std::move(budgets)};
    }

    HttpClient& http_;
    XOptions options_;
};

}  // namespace

std::shared_ptr<Connector> make_x_connector(HttpClient& http, XOptions options) {
    return std::make_shared<XConnector>(http, std::move(options));
}

}  // namespace chorus::networks
