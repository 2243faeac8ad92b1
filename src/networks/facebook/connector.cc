#include "networks/facebook/connector.h"

#include <boost/json.hpp>

#include "networks/facebook/login.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/meta_graph.h"
#include "networks/reconcile.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;

// What a channel keeps (sealed): its Page and the Page's token.
struct Credentials {
    std::string page_token;
    std::string page_id;

    std::string serialize() const { return json::serialize(json::object{{"page_token", page_token}, {"page_id", page_id}}); }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "page_token"), string_at(value, "page_id")};
        if (credentials.page_token.empty() || credentials.page_id.empty()) return std::nullopt;
        return credentials;
    }
};

// An attachment between upload_media() and publish(): an unpublished photo on the Page, or
// a video's address for Meta to download.
struct Attachment {
    std::string kind;  // "photo" or "video"
    std::string value;  // the photo's id, the video's address

    std::string serialize() const { return json::serialize(json::object{{"kind", kind}, {"value", value}}); }
    static Attachment parse(const std::string& text) {
        auto parsed = parse_json(text);
        return {string_at(parsed, "kind"), string_at(parsed, "value")};
    }
};

Failure unreadable(std::string message, bool maybe_created) {
    auto failure = local_failure(FailureClass::transient, "unreadable_answer", std::move(message));
    failure.maybe_created = maybe_created;
    return failure;
}

// Video permalinks come back relative to facebook.com ("/cafeluna/videos/123/").
std::string absolute_url(const std::string& url) { return url.starts_with("/") ? "https://www.facebook.com" + url : url; }

class FacebookConnector final : public Connector, public FacebookLoginFlow {
public:
    FacebookConnector(HttpClient& http, FacebookOptions options)
        : FacebookLoginFlow(http, options.app, options.api_version, options.scopes, "facebook", options.timeout),
          options_(std::move(options)),
          video_graph_(http, video_api_url() + "/" + options_.api_version, "facebook", options_.video_timeout) {}

    std::string_view network() const override { return "facebook"; }
    OAuthFlow* oauth() override { return this; }

    // --- connecting: one login, the Pages it manages to choose from ---

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string&) override {
        auto user_token = login_.user_token(client, request, code);
        if (!user_token.ok()) return {user_token.failure(), {}};
        auto pages = login_.pages(user_token.get(), "id,name,username,access_token,tasks");
        if (!pages.ok()) return {pages.failure(), {}};
        std::vector<Connection> connections;
        for (const auto& page : pages.get()) {
            Credentials credentials{string_at(page, "access_token"), graph_id(page, "id")};
            if (credentials.page_id.empty() || credentials.page_token.empty() || !may_publish_on(page)) continue;
            Connection connection;
            connection.remote_account_id = credentials.page_id;
            connection.display_name = string_at(page, "name");
            const auto username = string_at(page, "username");
            connection.handle = username.empty() ? connection.display_name : "@" + username;
            connection.kind = "Page";
            connection.credentials = credentials.serialize();
            connections.push_back(std::move(connection));
        }
        if (connections.empty())
            return {local_failure(FailureClass::validation, "no_pages",
                                  "This Facebook login manages no Page it may publish on: create a Page, or ask a Page's admin for a "
                                  "role that can create content, then connect again"),
                    {}};
        return {std::move(connections), {}};
    }

    // Page tokens do not expire, so there is nothing to renew: a refused one needs a new login.
    Outcome<Refreshed> refresh(const Account&) override {
        return {local_failure(FailureClass::auth, "token_revoked",
                              "Facebook no longer accepts the Page's token (the app was removed, or the user lost the Page); reconnect it"),
                {}};
    }

    // --- media ---

    Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (media.facts.kind == MediaFacts::Kind::video) {
            if (!options_.media_host)
                return {local_failure(FailureClass::validation, "media_unsupported", "This server cannot give Facebook an address to download videos from"),
                        {}};
            auto url = options_.media_host->share(media);
            if (!url) return {local_failure(FailureClass::transient, "media_not_shared", "The video could not be put up for Facebook to download"), {}};
            return {UploadedMedia{Attachment{"video", *url}.serialize()}, {}};
        }
        // A photo waits on the Page, unpublished, until the post that shows it is made.
        Multipart form;
        form.field("published", "false");
        if (!media.facts.alt_text.empty()) form.field("alt_text_custom", media.facts.alt_text);
        form.file("source", media.mime == "image/png" ? "photo.png" : "photo.jpg", media.mime, media.bytes);
        auto uploaded = graph_.post("/" + credentials->page_id + "/photos", std::move(form), credentials->page_token,
                                    "channel:" + account.channel_id, false);
        if (!uploaded.ok()) return {uploaded.failure(), std::move(uploaded.budgets)};
        auto id = graph_id(uploaded.get(), "id");
        if (id.empty()) return {unreadable("Facebook's answer to a photo upload had no id", false), std::move(uploaded.budgets)};
        return {UploadedMedia{Attachment{"photo", id}.serialize()}, std::move(uploaded.budgets)};
    }

    // --- posts ---

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto scope = "channel:" + account.channel_id;
        std::vector<std::string> photos;
        std::optional<std::string> video;
        for (const auto& media_id : request.media_ids) {
            auto attachment = Attachment::parse(media_id);
            if (attachment.kind == "video") video = attachment.value;
            else photos.push_back(attachment.value);
        }
        if (video && !photos.empty())
            return {local_failure(FailureClass::validation, "media_mixed", "A Facebook post has photos or one video, not both"), {}};

        Outcome<json::value> created = video ? post_video(*credentials, request, *video, scope) : post_feed(*credentials, request, photos, scope);
        if (!created.ok()) return {created.failure(), std::move(created.budgets)};
        auto id = graph_id(created.get(), "id");
        if (id.empty()) return {unreadable("Facebook's answer to a new post had no id", true), std::move(created.budgets)};
        return {RemotePost{id, permalink(*credentials, id)}, std::move(created.budgets)};
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const bool is_video = std::any_of(request.media_ids.begin(), request.media_ids.end(),
                                          [](const std::string& id) { return Attachment::parse(id).kind == "video"; });
        // Videos are listed with their description; other posts with their message.
        const auto [edge, text_field] = is_video ? std::pair{"/videos", "description"} : std::pair{"/published_posts", "message"};
        auto listed = graph_.get("/" + credentials->page_id + edge,
                                 {{"fields", std::string("id,") + text_field + ",permalink_url,created_time"},
                                  {"limit", std::to_string(options_.recent_posts_examined)}},
                                 credentials->page_token, "channel:" + account.channel_id);
        if (!listed.ok()) return {listed.failure(), std::move(listed.budgets)};
        const auto* data = member(listed.get(), "data");
        const auto wanted = comparable_text(request.draft.text);
        if (data && data->is_array())
            for (const auto& post : data->get_array())
                if (comparable_text(string_at(post, text_field)) == wanted &&
                    !made_before(parse_iso8601(string_at(post, "created_time")), request.not_before))
                    return {Found{RemotePost{graph_id(post, "id"), absolute_url(string_at(post, "permalink_url"))}}, std::move(listed.budgets)};
        return {Found{}, std::move(listed.budgets)};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto deleted = graph_.remove("/" + remote_id, credentials->page_token);
        if (!deleted.ok() && deleted.failure().code != "not_found" && deleted.failure().http_status != 404) return {deleted.failure(), {}};
        return {Deleted{}, {}};
    }

    // --- a post's first comment, by the Page (pages_manage_engagement) ---

    Outcome<RemoteComment> comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        return post_graph_comment(graph_, request, credentials->page_token, "channel:" + account.channel_id);
    }

    Outcome<std::optional<RemoteComment>> find_comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto page_id = credentials->page_id;
        return find_graph_comment(graph_, request, credentials->page_token,
                                  {"id,message,from,created_time", "message", "created_time",
                                   [&](const json::value& comment) {
                                       const auto* from = member(comment, "from");
                                       return from && graph_id(*from, "id") == page_id;
                                   }});
    }

private:
    std::string video_api_url() const {
        if (!options_.video_api_url.empty()) return options_.video_api_url;
        return options_.app.api_url.empty() ? std::string("https://graph-video.facebook.com") : options_.app.api_url;
    }
    static Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no Facebook Page token; reconnect it"); }

    Outcome<json::value> post_feed(const Credentials& credentials, const PublishRequest& request, const std::vector<std::string>& photos,
                                   const std::string& scope) {
        FormFields fields;
        if (!request.draft.text.empty()) fields.emplace_back("message", request.draft.text);
        if (request.draft.link) fields.emplace_back("link", *request.draft.link);
        for (std::size_t i = 0; i < photos.size(); ++i)
            fields.emplace_back("attached_media[" + std::to_string(i) + "]", json::serialize(json::object{{"media_fbid", photos[i]}}));
        return graph_.post("/" + credentials.page_id + "/feed", std::move(fields), credentials.page_token, scope, /*creates=*/true);
    }

    Outcome<json::value> post_video(const Credentials& credentials, const PublishRequest& request, const std::string& url,
                                    const std::string& scope) {
        FormFields fields{{"file_url", url}};
        if (!request.draft.text.empty()) fields.emplace_back("description", request.draft.text);
        if (request.draft.title) fields.emplace_back("title", *request.draft.title);
        return video_graph_.post("/" + credentials.page_id + "/videos", std::move(fields), credentials.page_token, scope, /*creates=*/true);
    }

    // Read back: the post's address as Facebook has it, or the Page's when it will not say.
    std::string permalink(const Credentials& credentials, const std::string& id) {
        auto read = graph_.get("/" + id, {{"fields", "id,permalink_url"}}, credentials.page_token);
        if (read.ok() && !string_at(read.get(), "permalink_url").empty()) return absolute_url(string_at(read.get(), "permalink_url"));
        return "https://www.facebook.com/" + id;
    }

    FacebookOptions options_;
    GraphClient video_graph_;
};

}  // namespace

std::shared_ptr<Connector> make_facebook_connector(HttpClient& http, FacebookOptions options) {
    return std::make_shared<FacebookConnector>(http, std::move(options));
}

}  // namespace chorus::networks
