#include "networks/tiktok/connector.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <thread>

#include "core/digest.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/reconcile.h"
#include "networks/tiktok/api.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;
using tiktok::Api;

constexpr std::string_view default_api_url = "https://open.tiktokapis.com";
constexpr int video_cover_ms = 1000;  // the cover is the frame one second in

struct Credentials {
    std::string access_token;
    std::string refresh_token;
    std::string username;

    std::string serialize() const {
        return json::serialize(json::object{{"access_token", access_token}, {"refresh_token", refresh_token}, {"username", username}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "access_token"), string_at(value, "refresh_token"), string_at(value, "username")};
        if (credentials.access_token.empty()) return std::nullopt;
        return credentials;
    }
};

// Saved before the init (what is being posted, so that find() knows whether a lost answer
// can have made a post) and again right after it, with TikTok's handle on the post.
struct Checkpoint {
    std::string kind;  // "video" or "photo"
    std::string fingerprint;
    std::string publish_id;
    std::int64_t uploaded_bytes = 0;  // a video's chunks sent so far

    std::string serialize() const {
        return json::serialize(
            json::object{{"kind", kind}, {"fingerprint", fingerprint}, {"publish_id", publish_id}, {"uploaded_bytes", uploaded_bytes}});
    }
    static std::optional<Checkpoint> parse(const std::string& text) {
        if (text.empty()) return std::nullopt;
        auto value = parse_json(text);
        Checkpoint checkpoint{string_at(value, "kind"), string_at(value, "fingerprint"), string_at(value, "publish_id"),
                              int_at(value, "uploaded_bytes").value_or(0)};
        if (checkpoint.kind.empty()) return std::nullopt;
        return checkpoint;
    }
};

// What the user chose for the post (the target's options).
struct PostChoices {
    std::string privacy_level;
    bool disable_comment = false;
    bool disable_duet = false;
    bool disable_stitch = false;
    bool brand_organic = false;
    bool brand_content = false;
    bool is_aigc = false;

    static PostChoices parse(const std::string& options) {
        const auto value = parse_json(options);
        return {string_at(value, "privacy_level"), flag_at(value, "disable_comment"), flag_at(value, "disable_duet"),
                flag_at(value, "disable_stitch"), flag_at(value, "brand_organic"), flag_at(value, "brand_content"),
                flag_at(value, "is_aigc")};
    }
};

// The creator's settings as creator_info gives them; TikTok wants them honoured per post.
struct Creator {
    std::vector<std::string> privacy_levels;
    bool comment_disabled = false;
    bool duet_disabled = false;
    bool stitch_disabled = false;
    std::optional<std::int64_t> max_video_seconds;

    static Creator parse(const json::value& data) {
        Creator creator;
        if (const auto* levels = member(data, "privacy_level_options"); levels && levels->is_array())
            for (const auto& level : levels->get_array())
                if (level.is_string()) creator.privacy_levels.emplace_back(level.get_string());
        creator.comment_disabled = flag_at(data, "comment_disabled");
        creator.duet_disabled = flag_at(data, "duet_disabled");
        creator.stitch_disabled = flag_at(data, "stitch_disabled");
        creator.max_video_seconds = int_at(data, "max_video_post_duration_sec");
        return creator;
    }
};

std::string audience_name(std::string_view level) {
    if (level == "PUBLIC_TO_EVERYONE") return "Everyone";
    if (level == "MUTUAL_FOLLOW_FRIENDS") return "Friends (followers you follow back)";
    if (level == "FOLLOWER_OF_CREATOR") return "Followers";
    if (level == "SELF_ONLY") return "Only me";
    return std::string(level);
}

Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no TikTok token; reconnect it"); }

bool is_photo_post(const std::vector<MediaUpload>& attachments) {
    return std::all_of(attachments.begin(), attachments.end(), [](const MediaUpload& media) { return media.facts.kind == MediaFacts::Kind::image; });
}

std::string fingerprint_of(const std::vector<MediaUpload>& attachments) {
    std::string digests;
    for (const auto& media : attachments) digests += sha256_base64url(media.bytes);
    return sha256_base64url(digests);
}

std::string profile_url(const Credentials& credentials) { return "https://www.tiktok.com/@" + credentials.username; }

// The post a finished status names: its public id once TikTok has one (after moderation;
// never for a private post), else the publish_id with a note saying why.
RemotePost post_from_status(const Credentials& credentials, const Checkpoint& checkpoint, const json::value& status) {
    std::string post_id;
    if (const auto* ids = member(status, "publicaly_available_post_id"); ids && ids->is_array() && !ids->get_array().empty())
        post_id = id_text(ids->get_array().front());
    if (!post_id.empty())
        return {post_id, profile_url(credentials) + (checkpoint.kind == "photo" ? "/photo/" : "/video/") + post_id};
    if (string_at(status, "status") == "SEND_TO_USER_INBOX")
        return {checkpoint.publish_id, profile_url(credentials), "TikTok sent the post to the creator's inbox, to finish in the TikTok app."};
    return {checkpoint.publish_id, profile_url(credentials),
            "TikTok published the post; its address comes once it is public (private posts, and posts still in "
            "TikTok's review, have none)."};
}

bool finished(const std::string& status) { return status == "PUBLISH_COMPLETE" || status == "SEND_TO_USER_INBOX"; }

class TikTokConnector final : public Connector, public RegisteredAppFlow {
public:
    TikTokConnector(HttpClient& http, TikTokOptions options)
        : http_(http), options_(with_defaults(std::move(options))), api_(http, options_.app.api_url + "/v2", options_.timeout) {}

    std::string_view network() const override { return "tiktok"; }
    OAuthFlow* oauth() override { return this; }
    bool media_goes_with_post() const override { return true; }

    // --- connecting ---

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        // TikTok names the client client_key and separates scopes with commas; PKCE is for
        // its desktop and mobile flows only.
        boost::urls::url url(options_.app.authorize_url);
        url.params().append({"client_key", client.client_id});
        url.params().append({"scope", options_.scopes});
        url.params().append({"response_type", "code"});
        url.params().append({"redirect_uri", request.redirect_uri});
        url.params().append({"state", request.state});
        return std::string(url.buffer());
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string&) override {
        auto granted = request_token(http_, token_url(),
                                     {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", request.redirect_uri}}, client,
                                     ClientAuth::form_client_key, options_.timeout);
        if (!granted.ok()) return {granted.failure(), {}};
        const auto& grant = granted.get();
        // The user may untick scopes on TikTok's consent screen.
        if (!grant.scope.empty() && !scope_set(grant.scope).contains("video.publish"))
            return {local_failure(FailureClass::validation, "missing_scope",
                                  "The TikTok login did not allow posting (video.publish); connect again and keep that permission"),
                    {}};
        auto user = api_.get("/user/info/?fields=open_id,union_id,avatar_url,display_name,username", grant.access_token);
        if (!user.ok()) return {user.failure(), {}};
        const auto* profile = member(user.get(), "user");
        const auto open_id = profile ? string_at(*profile, "open_id") : std::string();
        const auto username = profile ? string_at(*profile, "username") : std::string();
        if (open_id.empty() || username.empty())
            return {local_failure(FailureClass::transient, "unreadable_answer", "TikTok's user answer has no open_id or username"), {}};
        auto display_name = string_at(*profile, "display_name");
        Credentials credentials{grant.access_token, grant.refresh_token, username};
        return {std::vector<Connection>{Connection{open_id, "@" + username, display_name.empty() ? username : display_name,
                                                   credentials.serialize(), grant.expires_at, "{}", "", !grant.refresh_token.empty()}},
                {}};
    }

    Outcome<Refreshed> refresh(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (credentials->refresh_token.empty())
            return {local_failure(FailureClass::auth, "no_refresh_token", "TikTok gave this channel no refresh token; reconnect it"), {}};
        return renew_with_refresh_token(http_, token_url(), *credentials, client(), ClientAuth::form_client_key, options_.timeout);
    }

    // Who may watch: the creator's own choices, which depend on their account (a private
    // account cannot post to everyone) and on whether the app has passed TikTok's audit.
    Outcome<Destinations> destinations(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto creator = creator_info(*credentials);
        if (!creator.ok()) return {creator.failure(), {}};
        Destinations audiences{"privacy_level", {}};
        for (const auto& level : creator.get().privacy_levels) audiences.items.push_back({level, audience_name(level)});
        return {std::move(audiences), {}};
    }

    // --- publishing ---

    Outcome<UploadedMedia> upload_media(const Account&, const MediaUpload&) override {
        // Never called: the video goes up with its post, and photos are downloaded by TikTok.
        return {local_failure(FailureClass::validation, "unsupported", "TikTok media is sent with its post"), {}};
    }

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (request.attachments.empty())
            return {local_failure(FailureClass::validation, "media_required", "A TikTok post needs a video or photos"), {}};
        const auto choices = PostChoices::parse(request.options);
        if (choices.privacy_level.empty())
            return {local_failure(FailureClass::validation, "privacy_level_required", "Choose who can watch the post on TikTok"), {}};

        Checkpoint checkpoint{is_photo_post(request.attachments) ? "photo" : "video", fingerprint_of(request.attachments), "", 0};
        if (auto saved = Checkpoint::parse(request.checkpoint);
            saved && saved->fingerprint == checkpoint.fingerprint && !saved->publish_id.empty()) {
            auto resumed = resume(*credentials, *saved, request);
            if (!resumed.ok()) return {resumed.failure(), {}};
            if (resumed.get()) return {*resumed.get(), {}};
        }

        auto creator = creator_info(*credentials);
        if (!creator.ok()) return {creator.failure(), {}};
        if (auto refused = refuse_for_creator(creator.get(), choices, request)) return {*refused, {}};
        if (request.save_checkpoint && !request.save_checkpoint(checkpoint.serialize()))
            return {lease_lost(), {}};

        auto initiated = checkpoint.kind == "video" ? init_video(*credentials, request, creator.get(), choices)
                                                     : init_photos(*credentials, request, creator.get(), choices);
        if (!initiated.ok()) return {initiated.failure(), {}};
        checkpoint.publish_id = string_at(initiated.get(), "publish_id");
        if (checkpoint.publish_id.empty()) {
            auto failure = local_failure(FailureClass::transient, "unreadable_answer", "TikTok's answer to the post names no publish_id");
            failure.maybe_created = checkpoint.kind == "photo";
            return {failure, {}};
        }
        if (request.save_checkpoint && !request.save_checkpoint(checkpoint.serialize())) {
            auto failure = lease_lost();
            failure.maybe_created = checkpoint.kind == "photo";  // TikTok is already downloading the photos
            return {failure, {}};
        }
        if (checkpoint.kind == "video") {
            auto uploaded = upload_video(request, checkpoint, string_at(initiated.get(), "upload_url"));
            if (!uploaded.ok()) return {uploaded.failure(), {}};
        }
        return until_finished(*credentials, checkpoint);
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        // Saved before anything was sent: without it, nothing was.
        auto saved = Checkpoint::parse(request.checkpoint);
        if (!saved) return {Found{}, {}};
        if (!saved->publish_id.empty()) {
            auto status = fetch_status(*credentials, saved->publish_id);
            if (!status.ok()) return {status.failure(), {}};
            if (finished(string_at(status.get(), "status"))) return {Found{post_from_status(*credentials, *saved, status.get())}, {}};
            return {Found{}, {}};  // publish() goes on from the publish_id: it waits, or begins anew if nothing can come of it
        }
        // The init's answer was lost. A video init makes no post until its bytes are
        // uploaded, and they never were; a photo init makes TikTok download the photos.
        if (saved->kind == "video") return {Found{}, {}};
        return recent_photo_post(*credentials, request);
    }

    Outcome<Deleted> remove(const Account&, const std::string&) override {
        return {local_failure(FailureClass::validation, "delete_unsupported",
                              "TikTok's API cannot delete posts: delete it in the TikTok app"),
                {}};
    }

private:
    static TikTokOptions with_defaults(TikTokOptions options) {
        if (options.app.api_url.empty()) options.app.api_url = std::string(default_api_url);
        if (options.app.authorize_url.empty()) options.app.authorize_url = "https://www.tiktok.com/v2/auth/authorize/";
        return options;
    }

    std::string token_url() const { return options_.app.api_url + "/v2/oauth/token/"; }
    const NetworkApp& app() const override { return options_.app; }

    static Failure lease_lost() {
        return local_failure(FailureClass::transient, "lease_lost", "Another worker took this post over before it was sent");
    }

    Outcome<Creator> creator_info(const Credentials& credentials) {
        auto queried = api_.post("/post/publish/creator_info/query/", credentials.access_token, json::value(), Api::Effect::reads);
        if (!queried.ok()) return {queried.failure(), {}};
        return {Creator::parse(queried.get()), {}};
    }

    // What the creator's settings rule out before anything is sent.
    static std::optional<Failure> refuse_for_creator(const Creator& creator, const PostChoices& choices, const PublishRequest& request) {
        if (std::find(creator.privacy_levels.begin(), creator.privacy_levels.end(), choices.privacy_level) == creator.privacy_levels.end()) {
            std::string offered;
            for (const auto& level : creator.privacy_levels) offered += (offered.empty() ? "" : ", ") + audience_name(level);
            return local_failure(FailureClass::validation, "privacy_level_unavailable",
                                 "This TikTok account cannot post to \"" + audience_name(choices.privacy_level) +
                                     "\" now; it offers: " + (offered.empty() ? "nothing" : offered) + ". Choose again.");
        }
        if (choices.brand_content && choices.privacy_level == "SELF_ONLY")
            return local_failure(FailureClass::validation, "branded_content_private",
                                 "TikTok does not allow branded content to be private: choose who else can watch it");
        const auto& first = request.attachments.front();
        if (first.facts.kind != MediaFacts::Kind::image && creator.max_video_seconds && first.facts.duration_seconds &&
            *first.facts.duration_seconds > static_cast<double>(*creator.max_video_seconds))
            return local_failure(FailureClass::validation, "video_too_long",
                                 "This TikTok account may post videos of up to " + std::to_string(*creator.max_video_seconds) +
                                     " s through apps; this one lasts " + std::to_string(static_cast<long>(*first.facts.duration_seconds)) +
                                     " s");
        return std::nullopt;
    }

    // post_info both kinds share. Interactions the creator turned off stay off.
    static json::object post_info(const Creator& creator, const PostChoices& choices) {
        json::object info{{"privacy_level", choices.privacy_level},
                          {"disable_comment", choices.disable_comment || creator.comment_disabled},
                          {"brand_content_toggle", choices.brand_content},
                          {"brand_organic_toggle", choices.brand_organic}};
        return info;
    }

    Outcome<json::value> init_video(const Credentials& credentials, const PublishRequest& request, const Creator& creator,
                                    const PostChoices& choices) {
        const auto& video = request.attachments.front();
        const auto size = static_cast<std::int64_t>(video.bytes.size());
        const auto plan = tiktok::plan_chunks(size, options_.chunk_bytes);
        auto info = post_info(creator, choices);
        info["title"] = request.draft.text;  // a video's caption
        info["disable_duet"] = choices.disable_duet || creator.duet_disabled;
        info["disable_stitch"] = choices.disable_stitch || creator.stitch_disabled;
        info["video_cover_timestamp_ms"] = video_cover_ms;
        info["is_aigc"] = choices.is_aigc;
        json::object body{{"post_info", std::move(info)},
                          {"source_info", json::object{{"source", "FILE_UPLOAD"},
                                                       {"video_size", size},
                                                       {"chunk_size", plan.chunk_size},
                                                       {"total_chunk_count", plan.total_chunk_count}}}};
        // Makes no post by itself (the bytes come next), so a lost answer is simply retried.
        return api_.post("/post/publish/video/init/", credentials.access_token, body, Api::Effect::prepares);
    }

    Outcome<json::value> init_photos(const Credentials& credentials, const PublishRequest& request, const Creator& creator,
                                     const PostChoices& choices) {
        if (!options_.media_host)
            return {local_failure(FailureClass::validation, "media_unsupported",
                                  "This server cannot give TikTok an address to download photos from (set its public URL)"),
                    {}};
        json::array images;
        for (const auto& photo : request.attachments) {
            auto url = options_.media_host->share(photo);
            if (!url) return {local_failure(FailureClass::transient, "media_not_shared", "The photos could not be put up for TikTok to download"), {}};
            images.push_back(json::value(*url));
        }
        auto info = post_info(creator, choices);
        info["description"] = request.draft.text;
        if (request.draft.title && !request.draft.title->empty()) info["title"] = *request.draft.title;
        info["auto_add_music"] = true;  // TikTok's photo posts play music; it picks one unless the creator does
        json::object body{{"post_info", std::move(info)},
                          {"source_info", json::object{{"source", "PULL_FROM_URL"}, {"photo_cover_index", 0}, {"photo_images", std::move(images)}}},
                          {"post_mode", "DIRECT_POST"},
                          {"media_type", "PHOTO"}};
        return api_.post("/post/publish/content/init/", credentials.access_token, body, Api::Effect::creates);
    }

    // The chunks, in order, to the address the init gave (no bearer token: it carries its
    // own). Progress is saved before each further chunk, which keeps the job's lease through
    // a long upload and stops here if another worker took the job over.
    Outcome<bool> upload_video(const PublishRequest& request, Checkpoint checkpoint, const std::string& upload_url) {
        if (upload_url.empty())
            return {local_failure(FailureClass::transient, "unreadable_answer", "TikTok's answer to the video names no upload address"), {}};
        const auto& video = request.attachments.front();
        const auto size = static_cast<std::int64_t>(video.bytes.size());
        for (const auto& range : tiktok::chunk_ranges(size, tiktok::plan_chunks(size, options_.chunk_bytes))) {
            checkpoint.uploaded_bytes = range.first;
            if (range.first > 0 && request.save_checkpoint && !request.save_checkpoint(checkpoint.serialize())) return {lease_lost(), {}};
            HttpRequest chunk;
            chunk.method = "PUT";
            chunk.url = upload_url;
            chunk.timeout = options_.upload_timeout;
            chunk.headers = {{"Content-Type", video.mime.empty() ? "video/mp4" : video.mime},
                             {"Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                                   std::to_string(size)}};
            chunk.body = video.bytes.substr(static_cast<std::size_t>(range.first), static_cast<std::size_t>(range.last - range.first + 1));
            auto sent = api_.send(std::move(chunk));
            if (!sent.ok()) {
                auto failure = sent.failure();
                failure.maybe_created = false;  // an incomplete upload never becomes a post; the next attempt begins anew
                return {failure, {}};
            }
        }
        return {true, {}};
    }

    Outcome<json::value> fetch_status(const Credentials& credentials, const std::string& publish_id) {
        return api_.post("/post/publish/status/fetch/", credentials.access_token, json::object{{"publish_id", publish_id}}, Api::Effect::reads);
    }

    // An earlier attempt's post: finished, still on its way (waited for), or dead (nullopt:
    // begin anew) — FAILED, or an upload that stopped half-way, never becomes a post.
    Outcome<std::optional<RemotePost>> resume(const Credentials& credentials, const Checkpoint& saved, const PublishRequest& request) {
        auto status = fetch_status(credentials, saved.publish_id);
        if (!status.ok()) return {status.failure(), {}};
        const auto state = string_at(status.get(), "status");
        if (finished(state)) return {post_from_status(credentials, saved, status.get()), {}};
        if (state == "FAILED") return {std::nullopt, {}};
        const auto uploaded = int_at(status.get(), "uploaded_bytes");
        if (saved.kind == "video" && state == "PROCESSING_UPLOAD" && uploaded &&
            *uploaded < static_cast<std::int64_t>(request.attachments.front().bytes.size()))
            return {std::nullopt, {}};
        auto waited = until_finished(credentials, saved);
        if (!waited.ok()) return {waited.failure(), {}};
        return {waited.get(), {}};
    }

    Outcome<RemotePost> until_finished(const Credentials& credentials, const Checkpoint& checkpoint) {
        for (int poll = 0; poll < options_.status_polls; ++poll) {
            if (poll > 0) std::this_thread::sleep_for(options_.status_poll_interval);
            auto status = fetch_status(credentials, checkpoint.publish_id);
            if (!status.ok()) {
                auto failure = status.failure();
                failure.maybe_created = true;  // the post may be on its way: look before posting again
                return {failure, {}};
            }
            const auto state = string_at(status.get(), "status");
            if (finished(state)) return {post_from_status(credentials, checkpoint, status.get()), {}};
            if (state == "FAILED") return {refused(string_at(status.get(), "fail_reason")), {}};
        }
        auto failure = local_failure(FailureClass::transient, "media_processing", "TikTok is still processing the post");
        failure.maybe_created = true;
        return {failure, {}};
    }

    // A FAILED status: TikTok's reason, read like an error answer's code.
    static Failure refused(const std::string& reason) {
        const json::value error = json::object{{"code", reason.empty() ? "failed" : reason}, {"message", "TikTok did not publish the post"}};
        auto failure = tiktok::failure_from_error(error, now_millis());
        if (failure.code.starts_with("http_")) failure.code = "post_failed";
        return failure;
    }

    // A photo post whose init answer was lost: TikTok lists only public posts, and only once
    // reviewed, so not seeing it proves nothing. Rather than risk posting twice, the target
    // stops with a reason the user can act on.
    Outcome<Found> recent_photo_post(const Credentials& credentials, const PublishRequest& request) {
        auto listed = api_.post("/video/list/?fields=id,create_time,title,video_description,share_url", credentials.access_token,
                                json::object{{"max_count", options_.recent_posts_examined}}, Api::Effect::reads);
        if (!listed.ok()) return {listed.failure(), {}};
        const auto* videos = member(listed.get(), "videos");
        for (const auto& post : videos && videos->is_array() ? videos->get_array() : json::array{}) {
            const auto created = int_at(post, "create_time");  // Unix seconds
            if (!created || made_before(millis_from_seconds(*created), request.not_before)) continue;
            if (string_at(post, "video_description") != request.draft.text && string_at(post, "title") != request.draft.text) continue;
            const auto* id_value = member(post, "id");
            const auto id = id_value ? id_text(*id_value) : std::string();
            if (id.empty()) continue;
            auto url = string_at(post, "share_url");
            return {Found{RemotePost{id, url.empty() ? profile_url(credentials) + "/photo/" + id : url}}, {}};
        }
        return {local_failure(FailureClass::validation, "unverifiable",
                              "TikTok may have received this photo post before its answer was lost, and its API shows only public, "
                              "reviewed posts: look in the TikTok app, and retry only if the post is not there"),
                {}};
    }

    HttpClient& http_;
    TikTokOptions options_;
    Api api_;
};

}  // namespace

std::shared_ptr<Connector> make_tiktok_connector(HttpClient& http, TikTokOptions options) {
    return std::make_shared<TikTokConnector>(http, std::move(options));
}

}  // namespace chorus::networks
