#include "networks/instagram/connector.h"

#include <boost/json.hpp>

#include "networks/facebook/login.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/meta_containers.h"
#include "networks/meta_graph.h"
#include "networks/reconcile.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

// What a channel keeps (sealed): the Instagram account, and the token of the Page it is linked to.
struct Credentials {
    std::string page_token;
    std::string user_id;  // the Instagram professional account's id
    std::string username;

    std::string serialize() const {
        return json::serialize(json::object{{"page_token", page_token}, {"user_id", user_id}, {"username", username}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "page_token"), string_at(value, "user_id"), string_at(value, "username")};
        if (credentials.page_token.empty() || credentials.user_id.empty()) return std::nullopt;
        return credentials;
    }
};

// An attachment as upload_media() hands it to publish(): where Instagram downloads it from.
struct HostedMedia {
    bool video = false;
    std::string url;
    std::string alt_text;

    std::string serialize() const { return json::serialize(json::object{{"video", video}, {"url", url}, {"alt", alt_text}}); }
    static HostedMedia parse(const std::string& text) {
        auto value = parse_json(text);
        const auto* video = member(value, "video");
        return {video && video->is_bool() && video->get_bool(), string_at(value, "url"), string_at(value, "alt")};
    }
};

class InstagramConnector final : public Connector, public FacebookLoginFlow {
public:
    InstagramConnector(HttpClient& http, InstagramOptions options)
        : FacebookLoginFlow(http, options.app, options.api_version, options.scopes, "instagram", options.timeout),
          options_(std::move(options)),
          publisher_(graph_, ContainerApi{"Instagram", "media", "media_publish", "status_code", "status", "content_publishing_limit",
                                          options_.container_poll_interval, options_.container_polls}) {}

    std::string_view network() const override { return "instagram"; }
    OAuthFlow* oauth() override { return this; }

    // --- connecting: one Facebook login, the Instagram accounts of its Pages to choose from ---

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string&) override {
        auto user_token = login_.user_token(client, request, code);
        if (!user_token.ok()) return {user_token.failure(), {}};
        auto pages = login_.pages(user_token.get(), "id,name,access_token,tasks,instagram_business_account{id,username,name}");
        if (!pages.ok()) return {pages.failure(), {}};
        std::vector<Connection> connections;
        for (const auto& page : pages.get()) {
            const auto* account = member(page, "instagram_business_account");
            if (!account || !may_publish_on(page)) continue;
            Credentials credentials{string_at(page, "access_token"), graph_id(*account, "id"), string_at(*account, "username")};
            if (credentials.page_token.empty() || credentials.user_id.empty()) continue;
            Connection connection;
            connection.remote_account_id = credentials.user_id;
            connection.handle = "@" + credentials.username;
            connection.display_name = string_at(*account, "name").empty() ? credentials.username : string_at(*account, "name");
            connection.kind = "Instagram professional account (Page " + string_at(page, "name") + ")";
            connection.credentials = credentials.serialize();
            connections.push_back(std::move(connection));
        }
        if (connections.empty())
            return {local_failure(FailureClass::validation, "no_instagram_accounts",
                                  "None of the Pages this Facebook login manages has an Instagram professional account linked: link one "
                                  "in the Page's settings (Linked accounts), then connect again"),
                    {}};
        return {std::move(connections), {}};
    }

    // The Page token does not expire; a refused one needs a new login.
    Outcome<Refreshed> refresh(const Account&) override {
        return {local_failure(FailureClass::auth, "token_revoked",
                              "Instagram no longer accepts the linked Page's token (the app was removed, or the user lost the Page); reconnect it"),
                {}};
    }

    // --- media: Instagram downloads it, so it is put up where Instagram can reach it ---

    Outcome<UploadedMedia> upload_media(const Account&, const MediaUpload& media) override {
        if (!options_.media_host)
            return {local_failure(FailureClass::validation, "media_unsupported", "This server cannot give Instagram an address to download media from"),
                    {}};
        auto url = options_.media_host->share(media);
        if (!url) return {local_failure(FailureClass::transient, "media_not_shared", "The media could not be put up for Instagram to download"), {}};
        return {UploadedMedia{HostedMedia{media.facts.kind == MediaFacts::Kind::video, *url, media.facts.alt_text}.serialize()}, {}};
    }

    // --- posts ---

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (request.media_ids.empty())
            return {local_failure(FailureClass::validation, "media_required", "An Instagram post needs an image or a video"), {}};
        const auto scope = "channel:" + account.channel_id;
        std::vector<Budget> budgets;
        FormFields fields;
        if (request.media_ids.size() == 1) {
            add_media(fields, HostedMedia::parse(request.media_ids.front()), false);
        } else {
            std::string children;
            for (const auto& media_id : request.media_ids) {
                FormFields item;
                add_media(item, HostedMedia::parse(media_id), true);
                auto child = publisher_.create(credentials->user_id, credentials->page_token, std::move(item), scope);
                budgets.insert(budgets.end(), child.budgets.begin(), child.budgets.end());
                if (!child.ok()) return {child.failure(), std::move(budgets)};
                children += (children.empty() ? "" : ",") + child.get();
            }
            fields.emplace_back("media_type", "CAROUSEL");
            fields.emplace_back("children", children);
        }
        if (!request.draft.text.empty()) fields.emplace_back("caption", request.draft.text);
        auto container = publisher_.create(credentials->user_id, credentials->page_token, std::move(fields), scope);
        budgets.insert(budgets.end(), container.budgets.begin(), container.budgets.end());
        if (!container.ok()) return {container.failure(), std::move(budgets)};
        auto published = publisher_.publish(credentials->user_id, credentials->page_token, container.get(), scope,
                                            [&]() -> Outcome<std::string> {
                                                auto found = recent_match(*credentials, request.draft.text, request.not_before);
                                                if (!found.ok()) return {found.failure(), std::move(found.budgets)};
                                                return {found.get() ? found.get()->remote_id : std::string(), std::move(found.budgets)};
                                            });
        budgets.insert(budgets.end(), published.budgets.begin(), published.budgets.end());
        if (!published.ok()) return {published.failure(), std::move(budgets)};
        // 100 posts a rolling day per account (Meta's figure has changed; it is read, not assumed).
        if (auto quota = publisher_.quota(credentials->user_id, credentials->page_token, scope)) budgets.push_back(*quota);
        return {RemotePost{published.get(), permalink(*credentials, published.get())}, std::move(budgets)};
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto found = recent_match(*credentials, request.draft.text, request.not_before);
        if (!found.ok()) return {found.failure(), std::move(found.budgets)};
        return {Found{found.get()}, std::move(found.budgets)};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto deleted = graph_.remove("/" + remote_id, credentials->page_token);
        if (!deleted.ok() && deleted.failure().code != "not_found" && deleted.failure().http_status != 404) return {deleted.failure(), {}};
        return {Deleted{}, {}};
    }

    // --- a post's first comment, by the account (instagram_manage_comments) ---

    Outcome<RemoteComment> comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        return post_graph_comment(graph_, request, credentials->page_token, "channel:" + account.channel_id);
    }

    Outcome<std::optional<RemoteComment>> find_comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto username = credentials->username;
        return find_graph_comment(graph_, request, credentials->page_token,
                                  {"id,text,username,timestamp", "text", "timestamp",
                                   [&](const json::value& comment) { return string_at(comment, "username") == username; }});
    }

private:
    static Failure not_connected() {
        return local_failure(FailureClass::auth, "not_connected", "The channel has no token for its Instagram account; reconnect it");
    }

    // Since 2023 a single video is published as a reel; inside a carousel it stays VIDEO.
    static void add_media(FormFields& fields, const HostedMedia& media, bool carousel_item) {
        if (media.video) {
            fields.emplace_back("media_type", carousel_item ? "VIDEO" : "REELS");
            fields.emplace_back("video_url", media.url);
            if (!carousel_item) fields.emplace_back("share_to_feed", "true");
        } else {
            fields.emplace_back("image_url", media.url);
            if (!media.alt_text.empty()) fields.emplace_back("alt_text", media.alt_text);
        }
        if (carousel_item) fields.emplace_back("is_carousel_item", "true");
    }

    // The account's newest media whose caption is the post's text, made no earlier than not_before.
    Outcome<std::optional<RemotePost>> recent_match(const Credentials& credentials, const std::string& caption, Millis not_before) {
        auto listed = graph_.get("/" + credentials.user_id + "/media",
                                 {{"fields", "id,caption,permalink,timestamp"}, {"limit", std::to_string(options_.recent_media_examined)}},
                                 credentials.page_token);
        if (!listed.ok()) return {listed.failure(), std::move(listed.budgets)};
        const auto* data = member(listed.get(), "data");
        const auto wanted = comparable_text(caption);
        if (data && data->is_array())
            for (const auto& media : data->get_array())
                if (comparable_text(string_at(media, "caption")) == wanted &&
                    !made_before(parse_iso8601(string_at(media, "timestamp")), not_before))
                    return {RemotePost{graph_id(media, "id"), string_at(media, "permalink")}, std::move(listed.budgets)};
        return {std::optional<RemotePost>{}, std::move(listed.budgets)};
    }

    std::string permalink(const Credentials& credentials, const std::string& id) {
        auto read = graph_.get("/" + id, {{"fields", "id,permalink"}}, credentials.page_token);
        if (read.ok() && !string_at(read.get(), "permalink").empty()) return string_at(read.get(), "permalink");
        return "https://www.instagram.com/" + credentials.username + "/";
    }

    InstagramOptions options_;
    ContainerPublisher publisher_;
};

}  // namespace

std::shared_ptr<Connector> make_instagram_connector(HttpClient& http, InstagramOptions options) {
    return std::make_shared<InstagramConnector>(http, std::move(options));
}

}  // namespace chorus::networks
