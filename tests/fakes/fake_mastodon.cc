#include "fake_mastodon.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>

#include "core/clock.h"
#include "core/digest.h"
#include "core/id.h"
#include "http/multipart.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

http::Response error(int status, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"error", message}}));
}

// Form fields (application/x-www-form-urlencoded) or a JSON object's string fields: the
// API accepts both.
std::map<std::string, std::string> fields_of(const http::Request& request) {
    std::map<std::string, std::string> fields;
    if (request.header("content-type").value_or("").starts_with("application/json")) {
        boost::system::error_code failure;
        auto body = json::parse(request.body, failure);
        if (!failure && body.is_object())
            for (const auto& [key, value] : body.get_object())
                fields[std::string(key)] = value.is_string() ? std::string(value.get_string()) : json::serialize(value);
        return fields;
    }
    auto params = boost::urls::parse_query(request.body);
    if (params)
        for (auto param : *params) fields[param.key.decode()] = param.value.decode();
    return fields;
}

std::string iso_time(std::chrono::system_clock::time_point at) {
    return format_utc(std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count());
}

// Mastodon's length: code points, every URL counting as characters_reserved_per_url.
std::size_t status_length(const std::string& text, std::size_t per_url) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 8, "https://") == 0 || text.compare(i, 7, "http://") == 0) {
            while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
            length += per_url;
            continue;
        }
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++length;
        ++i;
    }
    return length;
}

std::string html_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else if (c == '\n') out += "<br />";
        else out.push_back(c);
    }
    return out;
}

}  // namespace

FakeMastodon::FakeMastodon(FakeMastodonOptions options) : options_(options), remaining_(options.rate_limit) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("POST", "/api/v1/apps", [this](http::Request& r) { return register_app(r); }, on_io);
    router_.add("GET", "/oauth/authorize", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/oauth/token", [this](http::Request& r) { return token(r); }, on_io);
    router_.add("GET", "/api/v1/accounts/verify_credentials", [this](http::Request& r) { return verify_credentials(r); }, on_io);
    router_.add("GET", "/api/v2/instance", [this](http::Request& r) { return instance(r); }, on_io);
    router_.add_upload("POST", "/api/v2/media", [this](http::Request& r) { return upload(r); }, 64 << 20);
    router_.add("GET", "/api/v1/media/{id}", [this](http::Request& r) { return media_status(r); }, on_io);
    router_.add("POST", "/api/v1/statuses", [this](http::Request& r) { return create_status(r); }, on_io);
    router_.add("GET", "/api/v1/accounts/{id}/statuses", [this](http::Request& r) { return account_statuses(r); }, on_io);
    router_.add("DELETE", "/api/v1/statuses/{id}", [this](http::Request& r) { return delete_status(r); }, on_io);
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeMastodon::~FakeMastodon() = default;

std::string FakeMastodon::base_url() const { return server_->base_url(); }

void FakeMastodon::rate_limit_next_create(std::chrono::seconds reset_in) {
    std::lock_guard lock(mutex_);
    rate_limit_next_ = reset_in;
}

void FakeMastodon::drop_answer_to_next_create() {
    std::lock_guard lock(mutex_);
    drop_next_ = true;
}

void FakeMastodon::revoke_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : tokens_) valid = false;
}

std::vector<MastodonStatus> FakeMastodon::statuses() const {
    std::lock_guard lock(mutex_);
    return statuses_;
}

std::optional<MastodonMedia> FakeMastodon::media(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = media_.find(id);
    if (it == media_.end()) return std::nullopt;
    return it->second;
}

int FakeMastodon::create_requests() const {
    std::lock_guard lock(mutex_);
    return create_requests_;
}

int FakeMastodon::app_registrations() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(apps_.size());
}

bool FakeMastodon::authorised(const http::Request& request, http::Response& refusal) const {
    auto header = request.header("authorization").value_or("");
    auto it = header.starts_with("Bearer ") ? tokens_.find(header.substr(7)) : tokens_.end();
    if (it != tokens_.end() && it->second) return true;
    refusal = error(401, "The access token is invalid");
    return false;
}

http::Response FakeMastodon::with_limits(http::Response response) {
    response.headers.emplace_back("X-RateLimit-Limit", std::to_string(options_.rate_limit));
    response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(std::max<std::int64_t>(remaining_, 0)));
    response.headers.emplace_back("X-RateLimit-Reset", iso_time(std::chrono::system_clock::now() + std::chrono::minutes(5)));
    return response;
}

http::Response FakeMastodon::register_app(http::Request& request) {
    auto fields = fields_of(request);
    if (fields["client_name"].empty()) return error(422, "Validation failed: Application name can't be blank");
    if (fields["redirect_uris"].empty()) return error(422, "Validation failed: Redirect URI can't be blank");
    std::lock_guard lock(mutex_);
    const auto client_id = random_secret(16);
    const auto scopes = fields["scopes"].empty() ? std::string("read") : fields["scopes"];
    apps_[client_id] = App{random_secret(24), fields["redirect_uris"], scopes};
    return http::Response::json(200, json::serialize(json::object{{"id", std::to_string(apps_.size())},
                                                                  {"name", fields["client_name"]},
                                                                  {"website", fields["website"]},
                                                                  {"scopes", json::array{scopes}},
                                                                  {"redirect_uri", fields["redirect_uris"]},
                                                                  {"redirect_uris", json::array{fields["redirect_uris"]}},
                                                                  {"client_id", client_id},
                                                                  {"client_secret", apps_[client_id].client_secret}}));
}

http::Response FakeMastodon::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    auto app = apps_.find(param("client_id"));
    if (param("response_type") != "code" || app == apps_.end()) return error(400, "invalid_client");
    if (param("redirect_uri") != app->second.redirect_uri) return error(400, "invalid_redirect_uri");
    if (param("code_challenge").empty() || param("code_challenge_method") != "S256") return error(400, "invalid_request: PKCE S256 required");
    const auto code = random_secret(16);
    grants_[code] = Grant{param("client_id"), param("redirect_uri"), param("code_challenge"), param("scope")};
    boost::urls::url location(param("redirect_uri"));
    location.params().append({"code", code});
    if (auto state = request.query_param("state")) location.params().append({"state", *state});
    http::Response redirect;
    redirect.status = 302;
    redirect.headers.emplace_back("Location", std::string(location.buffer()));
    return redirect;
}

http::Response FakeMastodon::token(http::Request& request) {
    auto fields = fields_of(request);
    std::lock_guard lock(mutex_);
    auto oauth_error = [](const std::string& code, const std::string& description) {
        return http::Response::json(400, json::serialize(json::object{{"error", code}, {"error_description", description}}));
    };
    if (fields["grant_type"] != "authorization_code") return oauth_error("unsupported_grant_type", "The authorization grant type is not supported.");
    auto app = apps_.find(fields["client_id"]);
    if (app == apps_.end() || app->second.client_secret != fields["client_secret"])
        return http::Response::json(401, json::serialize(json::object{{"error", "invalid_client"},
                                                                       {"error_description", "Client authentication failed."}}));
    auto grant = grants_.find(fields["code"]);
    if (grant == grants_.end() || grant->second.client_id != fields["client_id"] || grant->second.redirect_uri != fields["redirect_uri"])
        return oauth_error("invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
    if (sha256_base64url(fields["code_verifier"]) != grant->second.code_challenge)
        return oauth_error("invalid_grant", "The provided authorization grant is invalid (code_verifier does not match).");
    const auto scope = grant->second.scope;
    grants_.erase(grant);  // single use
    const auto access_token = random_secret(32);
    tokens_[access_token] = true;
    return http::Response::json(200, json::serialize(json::object{{"access_token", access_token},
                                                                  {"token_type", "Bearer"},
                                                                  {"scope", scope},
                                                                  {"created_at", now_millis() / 1000}}));
}

http::Response FakeMastodon::verify_credentials(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    return with_limits(http::Response::json(200, json::serialize(json::object{{"id", account_id()},
                                                                              {"username", username()},
                                                                              {"acct", username()},
                                                                              {"display_name", "Café Luna"},
                                                                              {"url", base_url() + "/@" + username()}})));
}

http::Response FakeMastodon::instance(http::Request&) {
    json::object statuses{{"max_characters", options_.max_characters},
                          {"max_media_attachments", options_.max_media_attachments},
                          {"characters_reserved_per_url", options_.characters_reserved_per_url}};
    json::object media{{"supported_mime_types", json::array{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"}},
                       {"image_size_limit", 16777216},
                       {"image_matrix_limit", 33177600},
                       {"video_size_limit", 103809024},
                       {"video_frame_rate_limit", 120},
                       {"video_matrix_limit", 8294400}};
    json::object polls{{"max_options", 4}, {"max_characters_per_option", 50}, {"min_expiration", 300}, {"max_expiration", 2629746}};
    return http::Response::json(200, json::serialize(json::object{
                                         {"domain", "127.0.0.1"},
                                         {"title", "Fake Mastodon"},
                                         {"version", "4.3.0"},
                                         {"configuration", json::object{{"statuses", statuses}, {"media_attachments", media}, {"polls", polls}}}}));
}

http::Response FakeMastodon::upload(http::Request& request) {
    auto parts = http::parse_multipart(request.header("content-type").value_or(""), request.body);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (!parts) return error(422, "Validation failed: File can't be blank");
    MastodonMedia media;
    for (const auto& part : *parts) {
        if (part.name == "file") {
            media.mime = part.content_type;
            media.size = part.data.size();
        } else if (part.name == "description") {
            media.description = std::string(part.data);
        } else if (part.name == "focus") {
            media.focus = std::string(part.data);
        }
    }
    if (media.size == 0) return error(422, "Validation failed: File can't be blank");
    if (media.mime.starts_with("text/")) return error(422, "Validation failed: File content type is invalid");
    media.id = std::to_string(++next_id_);
    const bool video = media.mime.starts_with("video/");
    media.polls_until_ready = video ? options_.video_processing_polls : 0;
    media_[media.id] = media;
    json::object answer{{"id", media.id},
                        {"type", video ? "video" : "image"},
                        {"url", video ? json::value(nullptr) : json::value(base_url() + "/media/" + media.id)},
                        {"description", media.description}};
    return with_limits(http::Response::json(video ? 202 : 200, json::serialize(answer)));
}

http::Response FakeMastodon::media_status(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    auto it = media_.find(request.param("id"));
    if (it == media_.end()) return error(404, "Record not found");
    const bool processing = it->second.polls_until_ready > 0;
    if (processing) --it->second.polls_until_ready;
    json::object answer{{"id", it->first},
                        {"type", it->second.mime.starts_with("video/") ? "video" : "image"},
                        {"url", processing ? json::value(nullptr) : json::value(base_url() + "/media/" + it->first)}};
    return with_limits(http::Response::json(processing ? 206 : 200, json::serialize(answer)));
}

http::Response FakeMastodon::create_status(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++create_requests_;
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (rate_limit_next_) {
        auto response = error(429, "Too many requests");
        response.headers.emplace_back("X-RateLimit-Limit", std::to_string(options_.rate_limit));
        response.headers.emplace_back("X-RateLimit-Remaining", "0");
        response.headers.emplace_back("X-RateLimit-Reset", iso_time(std::chrono::system_clock::now() + *rate_limit_next_));
        rate_limit_next_.reset();
        return response;
    }
    --remaining_;
    const auto key = request.header("idempotency-key").value_or("");
    auto status_json = [&](const MastodonStatus& status) {
        return json::serialize(json::object{{"id", status.id},
                                            {"uri", base_url() + "/users/" + username() + "/statuses/" + status.id},
                                            {"url", base_url() + "/@" + username() + "/" + status.id},
                                            {"content", "<p>" + html_escape(status.text) + "</p>"},
                                            {"visibility", status.visibility},
                                            {"in_reply_to_id", status.in_reply_to_id ? json::value(*status.in_reply_to_id) : json::value(nullptr)},
                                            {"created_at", format_utc(now_millis())}});
    };
    if (!key.empty())
        if (auto seen = idempotent_.find(key); seen != idempotent_.end())
            for (const auto& status : statuses_)
                if (status.id == seen->second) return with_limits(http::Response::json(200, status_json(status)));

    boost::system::error_code failure;
    auto body = json::parse(request.body, failure);
    if (failure || !body.is_object()) return error(422, "Validation failed: Text can't be blank");
    const auto& object = body.get_object();
    auto text_of = [&](const char* name) {
        const auto* value = object.if_contains(name);
        return value && value->is_string() ? std::string(value->get_string()) : std::string();
    };
    MastodonStatus status;
    status.text = text_of("status");
    status.visibility = text_of("visibility").empty() ? "public" : text_of("visibility");
    status.spoiler_text = text_of("spoiler_text");
    status.language = text_of("language");
    if (const auto* sensitive = object.if_contains("sensitive"); sensitive && sensitive->is_bool()) status.sensitive = sensitive->get_bool();
    if (auto reply = text_of("in_reply_to_id"); !reply.empty()) status.in_reply_to_id = reply;
    if (const auto* ids = object.if_contains("media_ids"); ids && ids->is_array())
        for (const auto& id : ids->get_array())
            if (id.is_string()) status.media_ids.emplace_back(id.get_string());
    if (const auto* poll = object.if_contains("poll"); poll && poll->is_object())
        if (const auto* choices = poll->get_object().if_contains("options"); choices && choices->is_array())
            for (const auto& choice : choices->get_array())
                if (choice.is_string()) status.poll_options.emplace_back(choice.get_string());

    if (status.text.empty() && status.media_ids.empty()) return with_limits(error(422, "Validation failed: Text can't be blank"));
    if (status_length(status.text, options_.characters_reserved_per_url) + status.spoiler_text.size() > options_.max_characters)
        return with_limits(error(422, "Validation failed: Text character limit of " + std::to_string(options_.max_characters) + " exceeded"));
    if (status.media_ids.size() > options_.max_media_attachments)
        return with_limits(error(422, "Validation failed: Media attachments is too long"));
    for (const auto& id : status.media_ids) {
        auto media = media_.find(id);
        if (media == media_.end()) return with_limits(error(422, "Validation failed: Media attachments are invalid"));
        if (media->second.polls_until_ready > 0)
            return with_limits(error(422, "Cannot attach files that have not finished processing. Try again in a moment!"));
    }
    if (status.in_reply_to_id &&
        std::none_of(statuses_.begin(), statuses_.end(), [&](const MastodonStatus& s) { return s.id == *status.in_reply_to_id; }))
        return with_limits(error(404, "Record not found"));

    status.id = std::to_string(++next_id_);
    status.account_id = account_id();
    status.idempotency_key = key;
    statuses_.push_back(status);
    if (!key.empty()) idempotent_[key] = status.id;
    auto response = with_limits(http::Response::json(200, status_json(status)));
    if (drop_next_) {
        drop_next_ = false;
        response.drop_connection = true;
    }
    return response;
}

http::Response FakeMastodon::account_statuses(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    const auto limit = std::clamp(std::stoi(request.query_param("limit").value_or("20")), 1, 40);
    json::array answer;
    for (auto it = statuses_.rbegin(); it != statuses_.rend() && static_cast<int>(answer.size()) < limit; ++it) {
        if (it->account_id != request.param("id")) continue;
        answer.push_back(json::object{{"id", it->id},
                                      {"url", base_url() + "/@" + username() + "/" + it->id},
                                      {"content", "<p>" + html_escape(it->text) + "</p>"},
                                      {"in_reply_to_id", it->in_reply_to_id ? json::value(*it->in_reply_to_id) : json::value(nullptr)}});
    }
    return with_limits(http::Response::json(200, json::serialize(answer)));
}

http::Response FakeMastodon::delete_status(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    auto it = std::find_if(statuses_.begin(), statuses_.end(), [&](const MastodonStatus& s) { return s.id == request.param("id"); });
    if (it == statuses_.end()) return with_limits(error(404, "Record not found"));
    auto answer = json::serialize(json::object{{"id", it->id}, {"text", it->text}});
    statuses_.erase(it);
    return with_limits(http::Response::json(200, answer));
}

}  // namespace chorus::fakes
