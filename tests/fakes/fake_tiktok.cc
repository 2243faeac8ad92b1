#include "fake_tiktok.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <array>
#include <charconv>

#include "core/clock.h"
#include "core/id.h"
#include "fake_text.h"
#include "oauth_fake_parts.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

constexpr long long megabyte = 1024 * 1024;
constexpr long long smallest_chunk = 5 * megabyte;
constexpr long long largest_chunk = 64 * megabyte;
constexpr long long largest_last_chunk = 128 * megabyte;

std::string log_id() { return "20261206" + random_secret(12); }

// The API's envelope: data, and an error whose code is "ok" on success.
http::Response tiktok_answer(int status, json::object data, const std::string& code, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{
                                            {"data", std::move(data)},
                                            {"error", json::object{{"code", code}, {"message", message}, {"log_id", log_id()}}}}));
}
http::Response tiktok_ok(json::object data) { return tiktok_answer(200, std::move(data), "ok", ""); }
http::Response tiktok_error(int status, const std::string& code, const std::string& message) {
    return tiktok_answer(status, {}, code, message);
}

// Login Kit's error body. Its status is not documented; the fake answers 200, as
// integrators report it does, so only the body says it failed.
http::Response oauth_refusal(const std::string& code, const std::string& description) {
    return http::Response::json(200, json::serialize(json::object{{"error", code}, {"error_description", description}, {"log_id", log_id()}}));
}

std::string text_at(const json::object& object, const char* name) {
    const auto* field = object.if_contains(name);
    return field && field->is_string() ? std::string(field->as_string()) : std::string();
}
bool flag_at(const json::object& object, const char* name) {
    const auto* field = object.if_contains(name);
    return field && field->is_bool() && field->as_bool();
}
std::optional<long long> number_at(const json::object& object, const char* name) {
    const auto* field = object.if_contains(name);
    if (!field || !field->is_int64()) return std::nullopt;
    return field->as_int64();
}

// JavaScript's .length, as TikTok counts captions.
std::size_t utf16_units(std::string_view text) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) == 0x80) continue;
        units += byte >= 0xF0 ? 2 : 1;
    }
    return units;
}

std::optional<json::object> json_body(const http::Request& request) {
    boost::system::error_code error;
    auto parsed = json::parse(request.body, error);
    if (error || !parsed.is_object()) return std::nullopt;
    return parsed.as_object();
}

bool scope_granted(const std::string& scopes, std::string_view scope) {
    std::size_t at = 0;
    while (at <= scopes.size()) {
        const auto comma = scopes.find(',', at);
        if (std::string_view(scopes).substr(at, comma - at) == scope) return true;
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    return false;
}

// "bytes first-last/total"
std::optional<std::array<long long, 3>> content_range(std::string_view value) {
    if (!value.starts_with("bytes ")) return std::nullopt;
    value.remove_prefix(6);
    std::array<long long, 3> numbers{};
    for (std::size_t i = 0; i < 3; ++i) {
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), numbers[i]);
        if (error != std::errc()) return std::nullopt;
        value.remove_prefix(static_cast<std::size_t>(end - value.data()));
        if (i < 2) {
            if (value.empty() || value.front() != (i == 0 ? '-' : '/')) return std::nullopt;
            value.remove_prefix(1);
        }
    }
    if (!value.empty()) return std::nullopt;
    return numbers;
}

}  // namespace

FakeTikTok::FakeTikTok(FakeTikTokOptions options) : options_(std::move(options)) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("GET", "/v2/auth/authorize/", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/v2/oauth/token/", [this](http::Request& r) { return token(r); }, on_io);
    router_.add("GET", "/v2/user/info/", [this](http::Request& r) { return user_info(r); }, on_io);
    router_.add("POST", "/v2/post/publish/creator_info/query/", [this](http::Request& r) { return creator_info(r); }, on_io);
    router_.add("POST", "/v2/post/publish/video/init/", [this](http::Request& r) { return video_init(r); }, on_io);
    router_.add("POST", "/v2/post/publish/content/init/", [this](http::Request& r) { return content_init(r); });  // downloads
    router_.add("POST", "/v2/post/publish/status/fetch/", [this](http::Request& r) { return status_fetch(r); }, on_io);
    router_.add("POST", "/v2/video/list/", [this](http::Request& r) { return video_list(r); }, on_io);
    router_.add_upload("PUT", "/upload/", [this](http::Request& r) { return upload(r); }, largest_last_chunk + megabyte);
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeTikTok::~FakeTikTok() = default;

std::string FakeTikTok::base_url() const { return server_->base_url(); }

void FakeTikTok::drop_answer_to_next_init() {
    std::lock_guard lock(mutex_);
    drop_next_init_ = true;
}

void FakeTikTok::fail_next_post(std::string reason) {
    std::lock_guard lock(mutex_);
    fail_next_post_ = std::move(reason);
}

void FakeTikTok::refuse_next_init(int status, std::string code, std::string message) {
    std::lock_guard lock(mutex_);
    refuse_next_init_ = tiktok_error(status, code, message);
}

void FakeTikTok::fail_upload_chunk(int n) {
    std::lock_guard lock(mutex_);
    fail_chunk_ = n;
}

void FakeTikTok::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, grant] : access_tokens_) grant.valid = false;
}

void FakeTikTok::revoke_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, grant] : access_tokens_) grant.valid = false;
    refresh_tokens_.clear();
}

void FakeTikTok::spend_init_budget() {
    std::lock_guard lock(mutex_);
    inits_this_minute_ = options_.inits_per_minute;
}

void FakeTikTok::start_new_minute() {
    std::lock_guard lock(mutex_);
    inits_this_minute_ = 0;
}

std::vector<TikTokPost> FakeTikTok::posts() {
    std::lock_guard lock(mutex_);
    finish_processing();
    std::vector<TikTokPost> published;
    for (const auto& id : order_)
        if (const auto& post = posts_.at(id); post.status == "PUBLISH_COMPLETE") published.push_back(post);
    return published;
}

int FakeTikTok::inits() const {
    std::lock_guard lock(mutex_);
    return inits_;
}

int FakeTikTok::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

int FakeTikTok::creator_queries() const {
    std::lock_guard lock(mutex_);
    return creator_queries_;
}

// --- Login Kit ---

http::Response FakeTikTok::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("client_key") != options_.client_key) return oauth_error(400, "invalid_client", "Unknown client_key");
    if (param("response_type") != "code") return oauth_error(400, "unsupported_response_type", "response_type must be code");
    const auto scope = param("scope");
    if (!scope_granted(scope, "user.info.basic")) return oauth_error(400, "invalid_scope", "user.info.basic is required");
    const auto code = random_secret(24);
    codes_[code] = Code{param("redirect_uri"), options_.granted_scopes.empty() ? scope : options_.granted_scopes};
    boost::urls::url location(param("redirect_uri"));
    location.params().append({"code", code});
    location.params().append({"scopes", options_.granted_scopes.empty() ? scope : options_.granted_scopes});
    location.params().append({"state", param("state")});
    return redirect_to(location);
}

http::Response FakeTikTok::token(http::Request& request) {
    auto fields = form_fields(request.body);
    std::lock_guard lock(mutex_);
    if (fields["client_key"] != options_.client_key || fields["client_secret"] != options_.client_secret)
        return oauth_refusal("invalid_client", "Client key or secret is incorrect.");
    std::string scopes;
    if (fields["grant_type"] == "authorization_code") {
        auto it = codes_.find(fields["code"]);
        if (it == codes_.end() || it->second.redirect_uri != fields["redirect_uri"])
            return oauth_refusal("invalid_grant", "Authorization code is expired or invalid.");
        scopes = it->second.scopes;
        codes_.erase(it);
    } else if (fields["grant_type"] == "refresh_token") {
        // Rotation: the refresh token is spent and a new one comes back.
        auto it = refresh_tokens_.find(fields["refresh_token"]);
        if (it == refresh_tokens_.end()) return oauth_refusal("invalid_grant", "Refresh token is invalid or expired.");
        scopes = it->second;
        refresh_tokens_.erase(it);
        ++refreshes_;
    } else {
        return oauth_refusal("unsupported_grant_type", "Unsupported grant_type " + fields["grant_type"]);
    }
    const auto access = "act." + random_secret(40);
    const auto refresh = "rft." + random_secret(40);
    access_tokens_[access] = Grant{true, scopes};
    refresh_tokens_[refresh] = scopes;
    return http::Response::json(200, json::serialize(json::object{{"access_token", access},
                                                                  {"expires_in", 7200},
                                                                  {"open_id", "-000OZGwbFhb9Kys4ZQ5Msh0bPPl2uShNLM8"},
                                                                  {"refresh_expires_in", 31'536'000},
                                                                  {"refresh_token", refresh},
                                                                  {"scope", scopes},
                                                                  {"token_type", "Bearer"}}));
}

std::optional<http::Response> FakeTikTok::refused(const http::Request& request, const char* scope) const {
    const auto header = request.header("authorization").value_or("");
    auto it = header.starts_with("Bearer ") ? access_tokens_.find(header.substr(7)) : access_tokens_.end();
    if (it == access_tokens_.end() || !it->second.valid)
        return tiktok_error(401, "access_token_invalid", "The access token is invalid or not found in the request.");
    if (!scope_granted(it->second.scopes, scope))
        return tiktok_error(401, "scope_not_authorized", std::string("The user did not authorize the scope required: ") + scope);
    return std::nullopt;
}

// --- the API ---

http::Response FakeTikTok::user_info(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = refused(request, "user.info.basic")) return *refusal;
    const json::object all{{"open_id", "-000OZGwbFhb9Kys4ZQ5Msh0bPPl2uShNLM8"},
                           {"union_id", "c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1"},
                           {"avatar_url", "https://p16-sign.tiktokcdn-us.com/cafeluna.jpeg"},
                           {"display_name", "Café Luna"},
                           {"username", "cafeluna"}};
    json::object user;
    const auto fields = request.query_param("fields").value_or("");
    for (const auto& [name, value] : all)
        if (scope_granted(fields, name)) user[name] = value;
    if (user.empty()) return tiktok_error(400, "invalid_params", "fields is required");
    return tiktok_ok(json::object{{"user", std::move(user)}});
}

http::Response FakeTikTok::creator_info(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = refused(request, "video.publish")) return *refusal;
    ++creator_queries_;
    json::array levels;
    if (options_.audited)
        for (const char* level : {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR"}) levels.push_back(json::value(level));
    levels.push_back(json::value("SELF_ONLY"));
    return tiktok_ok(json::object{{"creator_avatar_url", "https://p16-sign.tiktokcdn-us.com/cafeluna.jpeg"},
                                  {"creator_username", "cafeluna"},
                                  {"creator_nickname", "Café Luna"},
                                  {"privacy_level_options", std::move(levels)},
                                  {"comment_disabled", options_.comment_disabled},
                                  {"duet_disabled", false},
                                  {"stitch_disabled", false},
                                  {"max_video_post_duration_sec", options_.max_video_seconds}});
}

// What every post init checks first: the token, the per-minute limit, an injected refusal.
std::optional<http::Response> FakeTikTok::refused_init(const http::Request& request) {
    if (auto refusal = refused(request, "video.publish")) return refusal;
    if (!request.header("content-type").value_or("").starts_with("application/json"))
        return tiktok_error(400, "invalid_params", "Content-Type must be application/json; charset=UTF-8");
    if (inits_this_minute_ >= options_.inits_per_minute)
        return tiktok_error(429, "rate_limit_exceeded", "The API rate limit was exceeded. Please try again later.");
    if (refuse_next_init_) return std::exchange(refuse_next_init_, std::nullopt);
    return std::nullopt;
}

namespace {

// post_info as both inits take it; the problem, if any.
std::optional<http::Response> read_post_info(const json::object& body, bool audited, TikTokPost& post) {
    const auto* info_value = body.if_contains("post_info");
    if (!info_value || !info_value->is_object()) return tiktok_error(400, "invalid_params", "post_info is required");
    const auto& info = info_value->as_object();
    post.privacy_level = text_at(info, "privacy_level");
    std::vector<std::string> allowed{"SELF_ONLY"};
    if (audited) allowed.insert(allowed.end(), {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR"});
    if (std::find(allowed.begin(), allowed.end(), post.privacy_level) == allowed.end())
        return tiktok_error(400, "privacy_level_option_mismatch", "privacy_level is not one of the creator's privacy_level_options");
    post.disable_comment = flag_at(info, "disable_comment");
    post.disable_duet = flag_at(info, "disable_duet");
    post.disable_stitch = flag_at(info, "disable_stitch");
    post.brand_content = flag_at(info, "brand_content_toggle");
    post.brand_organic = flag_at(info, "brand_organic_toggle");
    if (post.brand_content && post.privacy_level == "SELF_ONLY")
        return tiktok_error(400, "invalid_params", "Branded content cannot be private");
    post.title = text_at(info, "title");
    post.description = text_at(info, "description");
    return std::nullopt;
}

}  // namespace

http::Response FakeTikTok::video_init(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = refused_init(request)) return *refusal;
    auto body = json_body(request);
    if (!body) return tiktok_error(400, "invalid_params", "The body must be a JSON object");
    TikTokPost post;
    post.kind = "video";
    if (auto problem = read_post_info(*body, options_.audited, post)) return *problem;
    if (utf16_units(post.title) > 2200) return tiktok_error(400, "invalid_params", "title is longer than 2200 UTF-16 runes");
    const auto* source_value = body->if_contains("source_info");
    if (!source_value || !source_value->is_object()) return tiktok_error(400, "invalid_params", "source_info is required");
    const auto& source = source_value->as_object();
    if (text_at(source, "source") != "FILE_UPLOAD") return tiktok_error(400, "invalid_params", "source must be FILE_UPLOAD or PULL_FROM_URL");
    const auto size = number_at(source, "video_size").value_or(0);
    const auto chunk = number_at(source, "chunk_size").value_or(0);
    const auto count = number_at(source, "total_chunk_count").value_or(0);
    // The media transfer guide: under 5 MB one whole chunk; else chunks of 5–64 MB,
    // floor(size / chunk) of them, the last taking the rest (up to 128 MB); 1–1,000 chunks.
    const bool whole = chunk == size && count == 1;
    const bool chunked = chunk >= smallest_chunk && chunk <= largest_chunk && count == size / chunk && count >= 1 && count <= 1000 &&
                         size - (count - 1) * chunk <= largest_last_chunk;
    if (size <= 0 || !(whole ? (size < smallest_chunk || chunk <= largest_chunk) : chunked))
        return tiktok_error(400, "invalid_params", "video_size, chunk_size and total_chunk_count do not follow the chunk rules");
    ++inits_this_minute_;
    ++inits_;
    post.publish_id = "v_pub_file~v2-1." + std::to_string(7'400'000'000'000 + ++next_id_);
    post.status = "PROCESSING_UPLOAD";
    post.video_bytes = static_cast<std::size_t>(size);
    post.fail_reason = std::exchange(fail_next_post_, "");
    const auto upload_id = std::to_string(next_id_);
    uploads_[upload_id] = Upload{post.publish_id, random_secret(16), size, chunk, count, 0, 1};
    posts_[post.publish_id] = post;
    order_.push_back(post.publish_id);
    auto answer = tiktok_ok(json::object{
        {"publish_id", post.publish_id},
        {"upload_url", base_url() + "/upload/?upload_id=" + upload_id + "&upload_token=" + uploads_[upload_id].token}});
    answer.drop_connection = std::exchange(drop_next_init_, false);
    return answer;
}

http::Response FakeTikTok::upload(http::Request& request) {
    std::lock_guard lock(mutex_);
    auto it = uploads_.find(request.query_param("upload_id").value_or(""));
    if (it == uploads_.end() || request.query_param("upload_token").value_or("") != it->second.token)
        return tiktok_error(403, "invalid_params", "The upload address is not valid");
    if (request.header("authorization")) return tiktok_error(400, "invalid_params", "The upload address carries its own authorisation");
    auto& upload = it->second;
    const auto type = request.header("content-type").value_or("");
    if (type != "video/mp4" && type != "video/quicktime" && type != "video/webm")
        return tiktok_error(400, "invalid_file_upload", "Content-Type must be video/mp4, video/quicktime or video/webm");
    const auto range = content_range(request.header("content-range").value_or(""));
    if (!range) return tiktok_error(400, "invalid_params", "Content-Range must be bytes first-last/total");
    const long long first = (upload.next_chunk - 1) * upload.chunk_size;
    const long long last = upload.next_chunk == upload.chunks ? upload.size - 1 : first + upload.chunk_size - 1;
    if (upload.next_chunk > upload.chunks) return tiktok_error(400, "invalid_params", "Every chunk has already arrived");
    if ((*range)[0] != first || (*range)[1] != last || (*range)[2] != upload.size ||
        static_cast<long long>(request.body.size()) != last - first + 1)
        return tiktok_error(400, "invalid_params", "Chunks must arrive in order, each with its own bytes");
    if (fail_chunk_ == upload.next_chunk) {
        fail_chunk_ = 0;
        return tiktok_error(500, "internal_error", "Something went wrong. Please try again later.");
    }
    upload.received += last - first + 1;
    ++upload.next_chunk;
    auto& post = posts_.at(upload.publish_id);
    post.chunks = upload.next_chunk - 1;
    http::Response stored;
    stored.status = upload.received == upload.size ? 201 : 206;
    return stored;
}

http::Response FakeTikTok::content_init(http::Request& request) {
    TikTokPost post;
    std::vector<std::string> addresses;
    {
        std::lock_guard lock(mutex_);
        if (auto refusal = refused_init(request)) return *refusal;
        auto body = json_body(request);
        if (!body) return tiktok_error(400, "invalid_params", "The body must be a JSON object");
        if (text_at(*body, "media_type") != "PHOTO") return tiktok_error(400, "invalid_params", "media_type must be PHOTO");
        if (text_at(*body, "post_mode") != "DIRECT_POST" && text_at(*body, "post_mode") != "MEDIA_UPLOAD")
            return tiktok_error(400, "invalid_params", "post_mode must be DIRECT_POST or MEDIA_UPLOAD");
        post.kind = "photo";
        if (auto problem = read_post_info(*body, options_.audited, post)) return *problem;
        if (utf16_units(post.title) > 90) return tiktok_error(400, "invalid_params", "title is longer than 90 UTF-16 runes");
        if (utf16_units(post.description) > 4000) return tiktok_error(400, "invalid_params", "description is longer than 4000 UTF-16 runes");
        const auto* source_value = body->if_contains("source_info");
        if (!source_value || !source_value->is_object()) return tiktok_error(400, "invalid_params", "source_info is required");
        const auto& source = source_value->as_object();
        if (text_at(source, "source") != "PULL_FROM_URL") return tiktok_error(400, "invalid_params", "Photos are only pulled from URLs");
        const auto* images = source.if_contains("photo_images");
        if (!images || !images->is_array() || images->as_array().empty() || images->as_array().size() > 35)
            return tiktok_error(400, "invalid_params", "photo_images takes 1 to 35 addresses");
        for (const auto& image : images->as_array()) {
            if (!image.is_string()) return tiktok_error(400, "invalid_params", "photo_images must be addresses");
            addresses.emplace_back(image.as_string());
            if (!addresses.back().starts_with(options_.verified_url_prefix))
                return tiktok_error(403, "url_ownership_unverified", "The domain or URL prefix of the photos is not verified");
        }
        const auto cover = number_at(source, "photo_cover_index").value_or(-1);
        if (cover < 0 || cover >= static_cast<long long>(addresses.size()))
            return tiktok_error(400, "invalid_params", "photo_cover_index must name one of the photos");
        ++inits_this_minute_;
        ++inits_;
        post.publish_id = "p_pub_url~v2." + std::to_string(7'400'000'000'000 + ++next_id_);
        post.fail_reason = std::exchange(fail_next_post_, "");
    }
    // TikTok downloads the photos itself; the fake does it before answering.
    for (const auto& address : addresses) {
        networks::HttpRequest fetch;
        fetch.url = address;
        fetch.timeout = std::chrono::seconds(5);
        auto result = downloader_.send(std::move(fetch));
        const auto* response = std::get_if<networks::HttpResponse>(&result);
        if (!response || response->status != 200 || response->header("content-type").value_or("") != "image/jpeg") {
            post.fail_reason = "photo_pull_failed";
            break;
        }
        ++post.photos;
    }
    std::lock_guard lock(mutex_);
    post.status = "PROCESSING_DOWNLOAD";
    posts_[post.publish_id] = post;
    order_.push_back(post.publish_id);
    auto answer = tiktok_ok(json::object{{"publish_id", post.publish_id}});
    answer.drop_connection = std::exchange(drop_next_init_, false);
    return answer;
}

bool FakeTikTok::media_arrived(const TikTokPost& post) const {
    if (post.status == "PROCESSING_DOWNLOAD") return true;
    if (post.status != "PROCESSING_UPLOAD") return false;
    return std::any_of(uploads_.begin(), uploads_.end(), [&](const auto& entry) {
        return entry.second.publish_id == post.publish_id && entry.second.received == entry.second.size;
    });
}

// Failed with the reason given, or published (with a public id unless the post is private).
void FakeTikTok::finish(TikTokPost& post) {
    if (!post.fail_reason.empty()) {
        post.status = "FAILED";
        return;
    }
    post.status = "PUBLISH_COMPLETE";
    post.create_time = now_millis() / 1000;
    if (post.privacy_level != "SELF_ONLY") post.post_id = std::to_string(7'300'000'000'000'000'000LL + ++next_id_);
}

// Processing ends after a few status reads.
void FakeTikTok::advance(TikTokPost& post) {
    if (media_arrived(post) && ++polls_[post.publish_id] > options_.processing_polls) finish(post);
}

void FakeTikTok::finish_processing() {
    for (auto& [id, post] : posts_)
        if (media_arrived(post)) finish(post);
}

http::Response FakeTikTok::status_fetch(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = refused(request, "video.publish")) return *refusal;
    auto body = json_body(request);
    const auto publish_id = body ? text_at(*body, "publish_id") : std::string();
    auto it = posts_.find(publish_id);
    if (it == posts_.end()) return tiktok_error(400, "invalid_params", "publish_id is not valid");
    auto& post = it->second;
    advance(post);
    json::object data{{"status", post.status}};
    if (post.status == "FAILED") data["fail_reason"] = post.fail_reason;
    json::array ids;
    if (!post.post_id.empty()) ids.push_back(json::value(std::stoll(post.post_id)));
    data["publicaly_available_post_id"] = std::move(ids);
    if (post.kind == "video") {
        long long received = 0;
        for (const auto& [id, upload] : uploads_)
            if (upload.publish_id == publish_id) received = upload.received;
        data["uploaded_bytes"] = received;
    } else {
        data["downloaded_bytes"] = post.photos;
    }
    return tiktok_ok(std::move(data));
}

http::Response FakeTikTok::video_list(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = refused(request, "video.list")) return *refusal;
    auto body = json_body(request);
    const auto most = body ? number_at(*body, "max_count").value_or(10) : 10;
    if (most < 1 || most > 20) return tiktok_error(400, "invalid_params", "max_count must be between 1 and 20");
    // The Display API lists the creator's public posts only.
    finish_processing();
    json::array videos;
    for (auto id = order_.rbegin(); id != order_.rend() && static_cast<long long>(videos.size()) < most; ++id) {
        const auto& post = posts_.at(*id);
        if (post.status != "PUBLISH_COMPLETE" || post.post_id.empty()) continue;
        videos.push_back(json::object{{"id", post.post_id},
                                      {"create_time", post.create_time},
                                      {"title", post.kind == "photo" ? post.title : std::string()},
                                      {"video_description", post.kind == "photo" ? post.description : post.title},
                                      {"share_url", "https://www.tiktok.com/@cafeluna/" + post.kind + "/" + post.post_id}});
    }
    return tiktok_ok(json::object{{"videos", std::move(videos)}, {"cursor", 0}, {"has_more", false}});
}

}  // namespace chorus::fakes
