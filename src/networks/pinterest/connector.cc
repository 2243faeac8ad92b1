#include "networks/pinterest/connector.h"

#include <boost/json.hpp>

#include "core/ascii.h"
#include "core/digest.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/pinterest/api.h"
#include "networks/reconcile.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;
using pinterest::Api;

constexpr std::string_view default_api_url = "https://api.pinterest.com";
constexpr int most_board_pages = 20;  // 2,000 boards, Pinterest's cap per account

struct Credentials {
    std::string access_token;
    std::string refresh_token;

    std::string serialize() const { return json::serialize(json::object{{"access_token", access_token}, {"refresh_token", refresh_token}}); }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "access_token"), string_at(value, "refresh_token")};
        if (credentials.access_token.empty()) return std::nullopt;
        return credentials;
    }
};

// A video registered by an earlier attempt, and which file it was, so that an edited post
// never goes out with the old video.
struct Checkpoint {
    std::string media_id;
    std::string fingerprint;

    std::string serialize() const { return json::serialize(json::object{{"media_id", media_id}, {"fingerprint", fingerprint}}); }
    static std::optional<Checkpoint> parse(const std::string& text) {
        if (text.empty()) return std::nullopt;
        auto value = parse_json(text);
        Checkpoint checkpoint{string_at(value, "media_id"), string_at(value, "fingerprint")};
        if (checkpoint.media_id.empty()) return std::nullopt;
        return checkpoint;
    }
};

Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no Pinterest token; reconnect it"); }

std::string pin_url(const std::string& id) { return "https://www.pinterest.com/pin/" + id + "/"; }

std::string board_of(const PublishRequest& request) { return string_at(parse_json(request.options), "board_id"); }

// image_base64 takes JPEG and PNG (the media library converts the others).
json::object image_source(const MediaUpload& image) {
    return json::object{{"content_type", image.mime == "image/png" ? "image/png" : "image/jpeg"}, {"data", base64(image.bytes)}};
}

class PinterestConnector final : public Connector, public RegisteredAppFlow {
public:
    PinterestConnector(HttpClient& http, PinterestOptions options)
        : http_(http), options_(with_defaults(std::move(options))), api_(http, options_.app.api_url + "/v5", options_.timeout) {}

    std::string_view network() const override { return "pinterest"; }
    OAuthFlow* oauth() override { return this; }
    bool media_goes_with_post() const override { return true; }

    // --- connecting ---

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        // Pinterest documents no PKCE for its web flow.
        return networks::authorization_url(options_.app.authorize_url, client, request, options_.scopes, Pkce::none);
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string&) override {
        // continuous_refresh: apps made before 25 September 2025 must ask for rotating
        // refresh tokens (the legacy ones are no longer honoured); later apps get them anyway.
        auto granted = request_token(http_, token_url(),
                                     {{"grant_type", "authorization_code"},
                                      {"code", code},
                                      {"redirect_uri", request.redirect_uri},
                                      {"continuous_refresh", "true"}},
                                     client, ClientAuth::basic, options_.timeout);
        if (!granted.ok()) return {granted.failure(), {}};
        const auto& grant = granted.get();
        auto account = api_.call(api_.request("GET", "/user_account", grant.access_token));
        if (!account.ok()) return {account.failure(), {}};
        const auto username = string_at(account.get(), "username");
        if (username.empty()) return {local_failure(FailureClass::transient, "unreadable_answer", "Pinterest's account answer has no username"), {}};
        auto id = string_at(account.get(), "id");
        auto name = string_at(account.get(), "business_name");
        Credentials credentials{grant.access_token, grant.refresh_token};
        return {std::vector<Connection>{Connection{id.empty() ? username : id, username, name.empty() ? username : name,
                                                   credentials.serialize(), grant.expires_at, "{}", "", !grant.refresh_token.empty()}},
                {}};
    }

    Outcome<Refreshed> refresh(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (credentials->refresh_token.empty())
            return {local_failure(FailureClass::auth, "no_refresh_token", "Pinterest gave this channel no refresh token; reconnect it"), {}};
        return renew_with_refresh_token(http_, token_url(), *credentials, client(), ClientAuth::basic, options_.timeout);
    }

    Outcome<Destinations> destinations(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        Destinations boards{"board_id", {}};
        std::string bookmark;
        for (int page = 0; page < most_board_pages; ++page) {
            auto listed = api_.call(api_.request("GET", "/boards?page_size=100" + (bookmark.empty() ? "" : "&bookmark=" + bookmark),
                                                 credentials->access_token));
            if (!listed.ok()) return {listed.failure(), {}};
            const auto* items = member(listed.get(), "items");
            for (const auto& board : items && items->is_array() ? items->get_array() : json::array{}) {
                if (auto id = string_at(board, "id"); !id.empty())
                    boards.items.push_back({id, string_at(board, "name"), to_lower_ascii(string_at(board, "privacy"))});
            }
            bookmark = string_at(listed.get(), "bookmark");
            if (bookmark.empty()) break;
        }
        return {std::move(boards), {}};
    }

    // --- publishing ---

    Outcome<UploadedMedia> upload_media(const Account&, const MediaUpload&) override {
        // Never called: images go inside the pin, and a video is registered by publish().
        return {local_failure(FailureClass::validation, "unsupported", "Pinterest media is sent with its pin"), {}};
    }

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto board = board_of(request);
        if (board.empty()) return {local_failure(FailureClass::validation, "board_required", "Choose the board the pin goes to"), {}};
        if (request.attachments.empty())
            return {local_failure(FailureClass::validation, "media_required", "A pin needs an image or a video"), {}};

        auto source = media_source(*credentials, request);
        if (!source.ok()) return {source.failure(), {}};
        json::object pin{{"board_id", board}, {"description", request.draft.text}, {"media_source", source.get()}};
        if (request.draft.title && !request.draft.title->empty()) pin["title"] = *request.draft.title;
        if (request.draft.link && !request.draft.link->empty()) pin["link"] = *request.draft.link;
        if (const auto& alt = request.attachments.front().facts.alt_text; !alt.empty()) pin["alt_text"] = alt;

        auto http_request = api_.json_request("POST", "/pins", credentials->access_token, pin);
        http_request.idempotent = false;
        auto sent = api_.send(std::move(http_request));
        if (!sent.ok()) return {sent.failure(), {}};
        std::vector<Budget> budgets;
        if (auto budget = pinterest::budget_from(sent.get(), account.channel_id, now_millis())) budgets.push_back(*budget);
        auto created = api_.read(sent.get(), true);
        if (!created.ok()) return {created.failure(), std::move(budgets)};
        const auto id = string_at(created.get(), "id");
        if (id.empty()) {
            auto failure = local_failure(FailureClass::transient, "unreadable_answer", "Pinterest's answer to the pin names no pin");
            failure.maybe_created = true;
            return {failure, std::move(budgets)};
        }
        return {RemotePost{id, pin_url(id)}, std::move(budgets)};
    }

    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto board = board_of(request);
        if (board.empty()) return {Found{}, {}};
        auto listed = api_.call(api_.request("GET", "/boards/" + board + "/pins?page_size=" + std::to_string(options_.recent_pins_examined),
                                             credentials->access_token));
        if (!listed.ok()) return {listed.failure(), {}};
        const auto* items = member(listed.get(), "items");
        for (const auto& pin : items && items->is_array() ? items->get_array() : json::array{}) {
            if (made_before(parse_iso8601(string_at(pin, "created_at")), request.not_before)) continue;
            if (string_at(pin, "description") != request.draft.text) continue;
            if (string_at(pin, "title") != request.draft.title.value_or("")) continue;
            if (string_at(pin, "link") != request.draft.link.value_or("")) continue;
            const auto id = string_at(pin, "id");
            if (!id.empty()) return {Found{RemotePost{id, pin_url(id)}}, {}};
        }
        return {Found{}, {}};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        return api_.remove("/pins/" + remote_id, credentials->access_token);
    }

private:
    static PinterestOptions with_defaults(PinterestOptions options) {
        if (options.app.api_url.empty()) options.app.api_url = std::string(default_api_url);
        if (options.app.authorize_url.empty()) options.app.authorize_url = "https://www.pinterest.com/oauth/";
        return options;
    }

    std::string token_url() const { return options_.app.api_url + "/v5/oauth/token"; }
    const NetworkApp& app() const override { return options_.app; }

    Outcome<json::object> media_source(const Credentials& credentials, const PublishRequest& request) {
        const auto& first = request.attachments.front();
        if (first.facts.kind == MediaFacts::Kind::video) {
            auto media_id = uploaded_video(credentials, request);
            if (!media_id.ok()) return {media_id.failure(), {}};
            // The cover is a frame one second in: Pinterest requires a cover for video pins.
            return {json::object{{"source_type", "video_id"}, {"media_id", media_id.get()}, {"cover_image_key_frame_time", 1}}, {}};
        }
        if (request.attachments.size() == 1) {
            auto source = image_source(first);
            source["source_type"] = "image_base64";
            return {std::move(source), {}};
        }
        json::array items;
        for (const auto& image : request.attachments) items.push_back(image_source(image));
        return {json::object{{"source_type", "multiple_image_base64"}, {"items", std::move(items)}}, {}};
    }

    // The video's media id once Pinterest has processed it: the one an earlier attempt
    // registered when it is still good, else a new registration and upload.
    Outcome<std::string> uploaded_video(const Credentials& credentials, const PublishRequest& request) {
        const auto& video = request.attachments.front();
        const auto fingerprint = sha256_base64url(video.bytes);
        if (auto saved = Checkpoint::parse(request.checkpoint); saved && saved->fingerprint == fingerprint) {
            auto status = api_.call(api_.request("GET", "/media/" + saved->media_id, credentials.access_token));
            if (!status.ok()) return {status.failure(), {}};
            const auto state = string_at(status.get(), "status");
            // "registered": the upload never finished; register again.
            if (state == "processing" || state == "succeeded") return until_processed(credentials, saved->media_id);
        }
        auto registered = api_.call(api_.json_request("POST", "/media", credentials.access_token, json::object{{"media_type", "video"}}));
        if (!registered.ok()) return {registered.failure(), {}};
        const auto media_id = string_at(registered.get(), "media_id");
        const auto upload_url = string_at(registered.get(), "upload_url");
        const auto* parameters = member(registered.get(), "upload_parameters");
        if (media_id.empty() || upload_url.empty() || !parameters || !parameters->is_object())
            return {local_failure(FailureClass::transient, "unreadable_answer", "Pinterest's media registration gave no upload address"), {}};
        if (request.save_checkpoint && !request.save_checkpoint(Checkpoint{media_id, fingerprint}.serialize()))
            return {local_failure(FailureClass::transient, "lease_lost", "Another worker took this post over before the upload began"), {}};

        // The upload goes to the storage address with the signed fields Pinterest gave,
        // file last, and without the bearer token: it is not Pinterest's API.
        Multipart form;
        for (const auto& [name, value] : parameters->get_object())
            form.field(std::string(name), value.is_string() ? std::string(value.get_string()) : json::serialize(value));
        form.file("file", "video.mp4", video.mime, video.bytes);
        HttpRequest upload;
        upload.method = "POST";
        upload.url = upload_url;
        upload.timeout = options_.upload_timeout;
        upload.headers = {{"Content-Type", form.content_type()}};
        upload.body = form.finish();
        auto stored = api_.exchange(std::move(upload));
        if (!stored.ok()) return {stored.failure(), {}};
        if (stored.get().status < 200 || stored.get().status >= 300) {
            auto failure = status_failure(stored.get(), "upload_failed", "Pinterest's media storage refused the video", now_millis());
            if (failure.kind == FailureClass::auth) failure.kind = FailureClass::transient;  // a signature gone stale: register again
            return {failure, {}};
        }
        return until_processed(credentials, media_id);
    }

    Outcome<std::string> until_processed(const Credentials& credentials, const std::string& media_id) {
        auto ready = api_.wait_for_media("/media/" + media_id, credentials.access_token,
                                         {"succeeded", "failed", "", "the video", options_.media_polls, options_.media_poll_interval});
        if (!ready.ok()) return {ready.failure(), {}};
        return {media_id, {}};
    }

    HttpClient& http_;
    PinterestOptions options_;
    Api api_;
};

}  // namespace

std::shared_ptr<Connector> make_pinterest_connector(HttpClient& http, PinterestOptions options) {
    return std::make_shared<PinterestConnector>(http, std::move(options));
}

}  // namespace chorus::networks
