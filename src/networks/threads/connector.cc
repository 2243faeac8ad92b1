#include "networks/threads/connector.h"

#include <boost/json.hpp>

#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/meta_containers.h"
#include "networks/meta_graph.h"
#include "networks/reconcile.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

// What the channel keeps (sealed). The username makes addresses when Threads gives none.
struct Credentials {
    std::string access_token;
    std::string user_id;
    std::string username;

    std::string serialize() const {
        return json::serialize(json::object{{"access_token", access_token}, {"user_id", user_id}, {"username", username}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "access_token"), string_at(value, "user_id"), string_at(value, "username")};
        if (credentials.access_token.empty() || credentials.user_id.empty()) return std::nullopt;
        return credentials;
    }
};

// An attachment as upload_media() hands it to publish(): where Threads downloads it from.
struct HostedMedia {
    std::string media_type;  // IMAGE or VIDEO
    std::string url;
    std::string alt_text;

    std::string serialize() const { return json::serialize(json::object{{"type", media_type}, {"url", url}, {"alt", alt_text}}); }
    static HostedMedia parse(const std::string& text) {
        auto value = parse_json(text);
        return {string_at(value, "type"), string_at(value, "url"), string_at(value, "alt")};
    }
    void add_to(FormFields& fields) const {
        fields.emplace_back("media_type", media_type);
        fields.emplace_back(media_type == "VIDEO" ? "video_url" : "image_url", url);
        if (!alt_text.empty()) fields.emplace_back("alt_text", alt_text);
    }
};

Failure unreadable(std::string message, bool maybe_created) {
    auto failure = local_failure(FailureClass::transient, "unreadable_answer", std::move(message));
    failure.maybe_created = maybe_created;
    return failure;
}

template <class T, class U>
Outcome<T> fail(const Outcome<U>& outcome, std::vector<Budget>& budgets) {
    budgets.insert(budgets.end(), outcome.budgets.begin(), outcome.budgets.end());
    return {outcome.failure(), budgets};
}

class ThreadsConnector final : public Connector, public OAuthFlow {
public:
    ThreadsConnector(HttpClient& http, ThreadsOptions options)
        : http_(http),
          options_(std::move(options)),
          graph_(http, api_url() + "/" + options_.api_version, "threads", options_.timeout),
          publisher_(graph_, ContainerApi{"Threads", "threads", "threads_publish", "status", "error_message", "threads_publishing_limit",
                                          options_.container_poll_interval, options_.container_polls}) {}

    std::string_view network() const override { return "threads"; }
    OAuthFlow* oauth() override { return this; }
    std::optional<std::chrono::milliseconds> renew_ahead() const override { return options_.renew_ahead; }

    // --- connecting ---

    std::string own_server() const override { return api_url(); }
    std::optional<OAuthClient> configured_client() const override { return client(); }
    Outcome<OAuthClient> register_client(const std::string&, const std::string&) override { return {client(), {}}; }

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        const auto base = options_.app.authorize_url.empty() ? std::string("https://threads.net/oauth/authorize") : options_.app.authorize_url;
        return networks::authorization_url(base, client, request, options_.scopes, Pkce::none);
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string&) override {
        // The code buys a token for an hour; it is exchanged at once for one of 60 days.
        auto short_lived = redeem_code(http_, api_url() + "/oauth/access_token", code, request.redirect_uri, "", client, ClientAuth::form,
                                       options_.timeout);
        if (!short_lived.ok()) return {short_lived.failure(), {}};
        auto long_lived = token_call("/access_token", {{"grant_type", "th_exchange_token"},
                                                       {"client_secret", client.client_secret},
                                                       {"access_token", short_lived.get().access_token}});
        if (!long_lived.ok()) return {long_lived.failure(), {}};
        Credentials credentials{long_lived.get().credentials, "", ""};
        auto me = graph_.get("/me", {{"fields", "id,username,name"}}, credentials.access_token);
        if (!me.ok()) return {me.failure(), {}};
        credentials.user_id = graph_id(me.get(), "id");
        credentials.username = string_at(me.get(), "username");
        if (credentials.user_id.empty()) return {unreadable("The answer to /me had no id", false), {}};
        Connection connection;
        connection.remote_account_id = credentials.user_id;
        connection.handle = "@" + credentials.username;
        connection.display_name = string_at(me.get(), "name");
        connection.credentials = credentials.serialize();
        connection.expires_at = long_lived.get().expires_at;
        return {std::vector{std::move(connection)}, {}};
    }

    // A long-lived token renews itself while it is valid (and at least a day old).
    Outcome<Refreshed> refresh(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto renewed = token_call("/refresh_access_token", {{"grant_type", "th_refresh_token"}, {"access_token", credentials->access_token}});
        if (!renewed.ok()) return {renewed.failure(), {}};
        credentials->access_token = renewed.get().credentials;
        return {Refreshed{credentials->serialize(), renewed.get().expires_at}, {}};
    }

    // --- media: Threads downloads it, so it is put up where Threads can reach it ---

    Outcome<UploadedMedia> upload_media(const Account&, const MediaUpload& media) override {
        if (!options_.media_host)
            return {local_failure(FailureClass::validation, "media_unsupported", "This server cannot give Threads an address to download media from"), {}};
        auto url = options_.media_host->share(media);
        if (!url) return {local_failure(FailureClass::transient, "media_not_shared", "The media could not be put up for Threads to download"), {}};
        HostedMedia hosted{media.facts.kind == MediaFacts::Kind::video ? "VIDEO" : "IMAGE", *url, media.facts.alt_text};
        return {UploadedMedia{hosted.serialize()}, {}};
    }

    // --- posts ---

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto parts = parts_of(request);
        const auto scope = "channel:" + account.channel_id;
        std::vector<Budget> budgets;
        std::vector<std::string> ids;
        if (request.attempt > 1) {
            // An earlier attempt may have published some parts: resume after them.
            auto earlier = published_parts(*credentials, parts, request.not_before);
            if (!earlier.ok()) {
                auto failure = earlier.failure();
                failure.maybe_created = true;  // still unknown
                return {failure, std::move(earlier.budgets)};
            }
            budgets = std::move(earlier.budgets);
            ids = earlier.get();
        }
        for (std::size_t i = ids.size(); i < parts.size(); ++i) {
            auto id = publish_part(*credentials, request, parts[i], i, ids.empty() ? std::string() : ids.back(), scope);
            budgets.insert(budgets.end(), id.budgets.begin(), id.budgets.end());
            if (!id.ok()) {
                auto failure = id.failure();
                if (i > 0) {
                    failure.maybe_created = true;  // earlier parts exist; the next attempt resumes after them
                    failure.message = "Part " + std::to_string(i + 1) + " of the thread: " + failure.message;
                }
                return {failure, std::move(budgets)};
            }
            ids.push_back(id.get());
        }
        // Read back: the post's address, as Threads has it.
        auto url = "https://www.threads.net/@" + credentials->username;
        auto read = graph_.get("/" + ids.front(), {{"fields", "id,permalink"}}, credentials->access_token);
        if (read.ok() && !string_at(read.get(), "permalink").empty()) url = string_at(read.get(), "permalink");
        // 250 posts a rolling day per profile: what is left becomes the channel's budget.
        if (auto quota = publisher_.quota(credentials->user_id, credentials->access_token, scope)) budgets.push_back(*quota);
        return {RemotePost{join_remote_ids(ids), url}, std::move(budgets)};
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto parts = parts_of(request);
        auto earlier = published_parts(*credentials, parts, request.not_before);
        if (!earlier.ok()) return {earlier.failure(), std::move(earlier.budgets)};
        if (earlier.get().size() < parts.size()) return {Found{}, std::move(earlier.budgets)};
        auto url = "https://www.threads.net/@" + credentials->username;
        auto read = graph_.get("/" + earlier.get().front(), {{"fields", "id,permalink"}}, credentials->access_token);
        if (read.ok() && !string_at(read.get(), "permalink").empty()) url = string_at(read.get(), "permalink");
        return {Found{RemotePost{join_remote_ids(earlier.get()), url}}, std::move(earlier.budgets)};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto ids = split_remote_ids(remote_id);
        for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
            auto deleted = graph_.remove("/" + *id, credentials->access_token);
            if (!deleted.ok() && deleted.failure().code != "not_found" && deleted.failure().http_status != 404) return {deleted.failure(), {}};
        }
        return {Deleted{}, {}};
    }

private:
    std::string api_url() const { return options_.app.api_url.empty() ? std::string("https://graph.threads.net") : options_.app.api_url; }
    OAuthClient client() const { return OAuthClient{options_.app.client_id, options_.app.client_secret}; }
    static Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no Threads token; reconnect it"); }

    static std::vector<std::string> parts_of(const PublishRequest& request) {
        std::vector<std::string> parts{request.draft.text};
        parts.insert(parts.end(), request.thread.begin(), request.thread.end());
        return parts;
    }

    // The token endpoints (th_exchange_token, th_refresh_token) are GETs outside the versioned API.
    Outcome<Refreshed> token_call(const std::string& path, const FormFields& query) {
        HttpRequest request;
        request.url = api_url() + path + "?" + form_encode(query);
        const Millis sent_at = now_millis();
        auto answer = graph_.send(std::move(request), {}, false);
        if (!answer.ok()) return {answer.failure(), {}};
        Refreshed token{string_at(answer.get(), "access_token"), std::nullopt};
        if (token.credentials.empty()) return {unreadable("Threads' token answer had no access_token", false), {}};
        if (auto seconds = int_at(answer.get(), "expires_in")) token.expires_at = sent_at + millis_from_seconds(*seconds);
        return {std::move(token), {}};
    }

    // One part: its container (with the media and options on the first part, as a reply to
    // the part before on the others), ready, then published.
    Outcome<std::string> publish_part(const Credentials& credentials, const PublishRequest& request, const std::string& text,
                                      std::size_t index, const std::string& parent, const std::string& scope) {
        std::vector<Budget> budgets;
        FormFields fields;
        fields.reserve(8);  // also spares g++ 12 at -O3 a false -Warray-bounds on the empty vector
        if (index == 0) {
            if (request.media_ids.size() == 1) {
                HostedMedia::parse(request.media_ids.front()).add_to(fields);
            } else if (request.media_ids.size() > 1) {
                auto children = carousel_items(credentials, request.media_ids, scope);
                if (!children.ok()) return fail<std::string>(children, budgets);
                budgets = std::move(children.budgets);
                fields.emplace_back("media_type", "CAROUSEL");
                fields.emplace_back("children", children.get());
            } else {
                fields.emplace_back("media_type", "TEXT");
            }
            const auto options = parse_json(request.options);
            for (const char* name : {"reply_control", "topic_tag", "quote_post_id"})
                if (auto value = string_at(options, name); !value.empty()) fields.emplace_back(name, value);
        } else {
            fields.emplace_back("media_type", "TEXT");
            fields.emplace_back("reply_to_id", parent);
        }
        if (!text.empty()) fields.emplace_back("text", text);
        auto container = create_container(credentials, std::move(fields), scope);
        budgets.insert(budgets.end(), container.budgets.begin(), container.budgets.end());
        if (!container.ok()) return {container.failure(), std::move(budgets)};
        auto published = publish_container(credentials, container.get(), text, parent, scope);
        budgets.insert(budgets.end(), published.budgets.begin(), published.budgets.end());
        if (!published.ok()) return {published.failure(), std::move(budgets)};
        return {published.get(), std::move(budgets)};
    }

    // A carousel's items, each its own container, all ready: their ids, comma-separated.
    Outcome<std::string> carousel_items(const Credentials& credentials, const std::vector<std::string>& media_ids, const std::string& scope) {
        std::vector<Budget> budgets;
        std::string children;
        for (const auto& media_id : media_ids) {
            FormFields fields;
            HostedMedia::parse(media_id).add_to(fields);
            fields.emplace_back("is_carousel_item", "true");
            auto item = create_container(credentials, std::move(fields), scope);
            budgets.insert(budgets.end(), item.budgets.begin(), item.budgets.end());
            if (!item.ok()) return {item.failure(), std::move(budgets)};
            children += (children.empty() ? "" : ",") + item.get();
        }
        return {children, std::move(budgets)};
    }

    // The account's newest posts (or replies), as Threads lists them.
    Outcome<json::value> recent(const Credentials& credentials, bool replies) {
        auto listed = graph_.get("/" + credentials.user_id + (replies ? "/replies" : "/threads"),
                                 {{"fields", replies ? "id,text,timestamp,permalink,replied_to" : "id,text,timestamp,permalink"},
                                  {"limit", std::to_string(options_.recent_posts_examined)}},
                                 credentials.access_token);
        if (!listed.ok()) return listed;
        const auto* data = member(listed.get(), "data");
        return {data && data->is_array() ? *data : json::value(json::array{}), std::move(listed.budgets)};
    }

    // The newest post with this text (replying to `parent` when given) made no earlier than
    // not_before (0: any), or "".
    static std::string match(const json::value& posts, const std::string& text, const std::string& parent, Millis not_before = 0) {
        const auto wanted = comparable_text(text);
        for (const auto& post : posts.get_array()) {
            if (comparable_text(string_at(post, "text")) != wanted) continue;
            if (made_before(parse_iso8601(string_at(post, "timestamp")), not_before)) continue;
            if (!parent.empty()) {
                const auto* replied_to = member(post, "replied_to");
                if (!replied_to || graph_id(*replied_to, "id") != parent) continue;
            }
            return graph_id(post, "id");
        }
        return {};
    }

    Outcome<std::string> recent_match(const Credentials& credentials, const std::string& text, const std::string& parent,
                                      Millis not_before = 0) {
        auto posts = recent(credentials, !parent.empty());
        if (!posts.ok()) return {posts.failure(), std::move(posts.budgets)};
        return {match(posts.get(), text, parent, not_before), std::move(posts.budgets)};
    }

    // The ids of the parts an earlier attempt published, first first, up to the first missing;
    // the first made no earlier than not_before (0: any).
    Outcome<std::vector<std::string>> published_parts(const Credentials& credentials, const std::vector<std::string>& parts,
                                                      Millis not_before) {
        std::vector<std::string> ids;
        auto first = recent_match(credentials, parts.front(), {}, not_before);
        if (!first.ok()) return {first.failure(), std::move(first.budgets)};
        auto budgets = std::move(first.budgets);
        if (first.get().empty()) return {ids, std::move(budgets)};
        ids.push_back(first.get());
        if (parts.size() == 1) return {ids, std::move(budgets)};
        auto replies = recent(credentials, true);
        budgets.insert(budgets.end(), replies.budgets.begin(), replies.budgets.end());
        if (!replies.ok()) return {replies.failure(), std::move(budgets)};
        for (std::size_t i = 1; i < parts.size(); ++i) {
            auto id = match(replies.get(), parts[i], ids.back());
            if (id.empty()) break;
            ids.push_back(id);
        }
        return {ids, std::move(budgets)};
    }

    // A container: created, ready.
    Outcome<std::string> create_container(const Credentials& credentials, FormFields fields, const std::string& scope) {
        return publisher_.create(credentials.user_id, credentials.access_token, std::move(fields), scope);
    }

    // Published once; a lost answer is settled by the container's status and the account's
    // newest posts (or replies to `parent`).
    Outcome<std::string> publish_container(const Credentials& credentials, const std::string& container, const std::string& text,
                                           const std::string& parent, const std::string& scope) {
        return publisher_.publish(credentials.user_id, credentials.access_token, container, scope,
                                  [&] { return recent_match(credentials, text, parent); });
    }

    HttpClient& http_;
    ThreadsOptions options_;
    GraphClient graph_;
    ContainerPublisher publisher_;
};

}  // namespace

std::shared_ptr<Connector> make_threads_connector(HttpClient& http, ThreadsOptions options) {
    return std::make_shared<ThreadsConnector>(http, std::move(options));
}

}  // namespace chorus::networks
