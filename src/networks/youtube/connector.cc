#include "networks/youtube/connector.h"

#include <boost/json.hpp>
#include <boost/url.hpp>
#include <spdlog/spdlog.h>

#include "core/digest.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/reconcile.h"
#include "networks/text.h"
#include "networks/youtube/api.h"
#include "networks/youtube/resumable.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;
using youtube::ResumableUpload;
using youtube::SessionState;
using youtube::UploadSession;

constexpr std::string_view default_api_url = "https://www.googleapis.com";
constexpr std::string_view upload_path = "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status";

struct Credentials {
    std::string access_token;
    std::string refresh_token;
    std::string channel_id;

    std::string serialize() const {
        return json::serialize(json::object{{"access_token", access_token}, {"refresh_token", refresh_token}, {"channel_id", channel_id}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "access_token"), string_at(value, "refresh_token"), string_at(value, "channel_id")};
        if (credentials.access_token.empty()) return std::nullopt;
        return credentials;
    }
};

// What an attempt keeps between its start and the video's existence: the session, and
// which upload it is for, so that an edited post is never finished with the old one.
struct Checkpoint {
    UploadSession session;
    std::string fingerprint;

    std::string serialize() const {
        return json::serialize(json::object{{"session", session.uri}, {"total", session.total}, {"fingerprint", fingerprint}});
    }
    static std::optional<Checkpoint> parse(const std::string& text) {
        if (text.empty()) return std::nullopt;
        auto value = parse_json(text);
        const auto* total = member(value, "total");
        Checkpoint checkpoint{{string_at(value, "session"), total && total->is_number() ? total->to_number<std::size_t>() : 0},
                              string_at(value, "fingerprint")};
        if (checkpoint.session.uri.empty() || checkpoint.session.total == 0) return std::nullopt;
        return checkpoint;
    }
};

Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no YouTube token; reconnect it"); }

std::string watch_url(const std::string& id) { return "https://www.youtube.com/watch?v=" + id; }

class YouTubeConnector final : public Connector, public RegisteredAppFlow {
public:
    YouTubeConnector(HttpClient& http, YouTubeOptions options)
        : http_(http), options_(with_defaults(std::move(options))), api_(http, options_.app.api_url, options_.timeout),
          uploads_(api_, options_.chunk_bytes, options_.chunk_timeout) {}

    std::string_view network() const override { return "youtube"; }
    OAuthFlow* oauth() override { return this; }
    bool media_goes_with_post() const override { return true; }

    // --- connecting ---

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        boost::urls::url url(networks::authorization_url(options_.app.authorize_url, client, request, options_.scopes, Pkce::s256));
        // A refresh token comes only with offline access, and again on a later login only
        // when consent is asked for again.
        url.params().append({"access_type", "offline"});
        url.params().append({"prompt", "consent"});
        url.params().append({"include_granted_scopes", "true"});
        return std::string(url.buffer());
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string& code_verifier) override {
        auto granted = redeem_code(http_, token_url(), code, request.redirect_uri, code_verifier, client, ClientAuth::form, options_.timeout);
        if (!granted.ok()) return {granted.failure(), {}};
        const auto& grant = granted.get();
        auto channels = api_.call(api_.request("GET", "/youtube/v3/channels?part=snippet&mine=true&maxResults=50", grant.access_token));
        if (!channels.ok()) return {channels.failure(), {}};
        std::vector<Connection> reached;
        const auto* items = member(channels.get(), "items");
        for (const auto& item : items && items->is_array() ? items->get_array() : json::array{}) {
            const auto id = string_at(item, "id");
            const auto* snippet = member(item, "snippet");
            if (id.empty() || !snippet) continue;
            const auto title = string_at(*snippet, "title");
            const auto custom_url = string_at(*snippet, "customUrl");  // "@cafeluna"
            Credentials credentials{grant.access_token, grant.refresh_token, id};
            reached.push_back(Connection{id, custom_url.empty() ? title : custom_url, title, credentials.serialize(), grant.expires_at, "{}",
                                         "Channel", !grant.refresh_token.empty()});
        }
        return {std::move(reached), {}};
    }

    Outcome<Refreshed> refresh(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (credentials->refresh_token.empty())
            return {local_failure(FailureClass::auth, "no_refresh_token", "Google gave this channel no refresh token; reconnect it"), {}};
        // Google keeps the refresh token; invalid_grant (revoked, or a testing app's 7 days
        // over) asks for reconnection.
        return renew_with_refresh_token(http_, token_url(), *credentials, client(), ClientAuth::form, options_.timeout);
    }

    // --- publishing ---

    Outcome<UploadedMedia> upload_media(const Account&, const MediaUpload&) override {
        // Never called: the video is the post (media_goes_with_post).
        return {local_failure(FailureClass::validation, "unsupported", "YouTube videos are uploaded with their post"), {}};
    }

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (request.attachments.size() != 1 || request.attachments.front().facts.kind != MediaFacts::Kind::video)
            return {local_failure(FailureClass::validation, "video_required", "A YouTube post is exactly one video"), {}};
        const auto& video = request.attachments.front();
        const auto metadata = metadata_for(request);
        // What was asked for, to tell the owner when YouTube decided otherwise.
        const std::string wanted_privacy(metadata.at("status").at("privacyStatus").as_string());
        const auto fingerprint = sha256_base64url(json::serialize(metadata) + "\n" + sha256_base64url(video.bytes));

        // An earlier attempt's session for this very upload: ask it before anything else.
        std::optional<UploadSession> session;
        std::size_t from = 0;
        if (auto saved = Checkpoint::parse(request.checkpoint); saved && saved->fingerprint == fingerprint) {
            auto state = uploads_.query(credentials->access_token, saved->session);
            if (!state.ok()) return {state.failure(), {}};
            if (state.get().kind == SessionState::Kind::complete) return created(state.get().resource, wanted_privacy);
            if (state.get().kind == SessionState::Kind::incomplete) {
                session = saved->session;
                from = state.get().received;
            }
        }
        if (!session) {
            auto opened = uploads_.start(credentials->access_token, std::string(upload_path), metadata, video.bytes.size(), video.mime);
            if (!opened.ok()) return {opened.failure(), {}};
            session = opened.get();
            // Kept before the first byte goes: from here on only the session can tell.
            if (request.save_checkpoint && !request.save_checkpoint(Checkpoint{*session, fingerprint}.serialize()))
                return {local_failure(FailureClass::transient, "lease_lost", "Another worker took this post over before the upload began"), {}};
        }
        auto uploaded = uploads_.send(credentials->access_token, *session, video.bytes, from, video.mime);
        if (!uploaded.ok()) return {uploaded.failure(), {}};
        return created(uploaded.get(), wanted_privacy);
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        // No session kept: no byte was sent, so no video can exist.
        const auto saved = Checkpoint::parse(request.checkpoint);
        if (!saved) return {Found{}, {}};
        auto state = uploads_.query(credentials->access_token, saved->session);
        if (!state.ok()) return {state.failure(), {}};
        if (state.get().kind != SessionState::Kind::complete) return {Found{}, {}};
        const auto id = string_at(state.get().resource, "id");
        if (id.empty()) return {local_failure(FailureClass::transient, "unreadable_answer", "The finished upload names no video"), {}};
        return {Found{RemotePost{id, watch_url(id)}}, {}};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        return api_.remove("/youtube/v3/videos?id=" + remote_id, credentials->access_token);
    }

    // --- a video's first comment: a comment thread by the channel (youtube.force-ssl) ---

    Outcome<RemoteComment> comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const json::object thread{
            {"snippet", json::object{{"videoId", request.post_remote_id},
                                     {"topLevelComment", json::object{{"snippet", json::object{{"textOriginal", request.text}}}}}}}};
        auto http_request = api_.json_request("POST", "/youtube/v3/commentThreads?part=snippet", credentials->access_token, thread);
        http_request.idempotent = false;
        auto made = api_.call(std::move(http_request));
        if (!made.ok()) return {made.failure(), {}};
        const auto id = string_at(made.get(), "id");
        if (id.empty()) {
            auto failure = local_failure(FailureClass::transient, "unreadable_answer", "YouTube's answer to the comment named no thread");
            failure.maybe_created = true;
            return {failure, {}};
        }
        return {RemoteComment{id}, {}};
    }

    // The video's newest threads (a first comment is made minutes after the video), matched
    // by the channel as author, the text as written and the time.
    Outcome<std::optional<RemoteComment>> find_comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto listed = api_.call(api_.request(
            "GET", "/youtube/v3/commentThreads?part=snippet&order=time&maxResults=100&videoId=" + request.post_remote_id,
            credentials->access_token));
        if (!listed.ok()) return {listed.failure(), {}};
        const auto wanted = comparable_text(request.text);
        const auto* items = member(listed.get(), "items");
        if (items && items->is_array())
            for (const auto& thread : items->get_array()) {
                const auto* snippet = member(thread, "snippet");
                const auto* top = snippet ? member(*snippet, "topLevelComment") : nullptr;
                const auto* comment = top ? member(*top, "snippet") : nullptr;
                const auto* author = comment ? member(*comment, "authorChannelId") : nullptr;
                if (author && string_at(*author, "value") == credentials->channel_id &&
                    comparable_text(string_at(*comment, "textOriginal")) == wanted &&
                    !made_before(parse_iso8601(string_at(*comment, "publishedAt")), request.not_before))
                    return {RemoteComment{string_at(thread, "id")}, {}};
            }
        return {std::optional<RemoteComment>{}, {}};
    }

private:
    static YouTubeOptions with_defaults(YouTubeOptions options) {
        if (options.app.api_url.empty()) options.app.api_url = std::string(default_api_url);
        if (options.app.authorize_url.empty()) options.app.authorize_url = "https://accounts.google.com/o/oauth2/v2/auth";
        return options;
    }

    std::string token_url() const {
        return options_.app.api_url == default_api_url ? "https://oauth2.googleapis.com/token" : options_.app.api_url + "/token";
    }
    const NetworkApp& app() const override { return options_.app; }

    static json::value metadata_for(const PublishRequest& request) {
        const auto options = parse_json(request.options);
        const auto privacy = string_at(options, "privacy");
        json::object snippet{{"title", request.draft.title.value_or("")}, {"description", request.draft.text}};
        json::object status{{"privacyStatus", privacy.empty() ? "public" : privacy},
                            {"selfDeclaredMadeForKids", flag_at(options, "made_for_kids")}};
        return json::object{{"snippet", std::move(snippet)}, {"status", std::move(status)}};
    }

    // The video the upload made. YouTube may refuse it at once (a duplicate, a bad file); an
    // API project Google has not audited gets every upload locked to private, which is worth
    // a warning rather than a failure: the video exists and the owner can act on it.
    Outcome<RemotePost> created(const json::value& resource, const std::string& wanted_privacy) const {
        const auto id = string_at(resource, "id");
        if (id.empty()) {
            auto failure = local_failure(FailureClass::transient, "unreadable_answer", "YouTube's answer to the upload names no video");
            failure.maybe_created = true;
            return {failure, {}};
        }
        const auto* status = member(resource, "status");
        const auto upload_status = status ? string_at(*status, "uploadStatus") : std::string();
        if (upload_status == "rejected" || upload_status == "failed") {
            const auto reason = string_at(*status, upload_status == "rejected" ? "rejectionReason" : "failureReason");
            return {local_failure(FailureClass::validation, "video_" + upload_status,
                                  "YouTube " + upload_status + " the video" + (reason.empty() ? "" : ": " + reason)),
                    {}};
        }
        RemotePost post{id, watch_url(id)};
        if (const auto privacy = status ? string_at(*status, "privacyStatus") : std::string(); !privacy.empty() && privacy != wanted_privacy) {
            post.note = "YouTube made the video " + privacy + " although " + wanted_privacy +
                        " was asked for: Google locks uploads of API projects it has not audited to private (docs/NETWORKS.md, YouTube)";
            spdlog::warn("youtube: video {}: {}", id, post.note);
        }
        return {post, {}};
    }

    HttpClient& http_;
    YouTubeOptions options_;
    youtube::Api api_;
    ResumableUpload uploads_;
};

}  // namespace

std::shared_ptr<Connector> make_youtube_connector(HttpClient& http, YouTubeOptions options) {
    return std::make_shared<YouTubeConnector>(http, std::move(options));
}

}  // namespace chorus::networks
