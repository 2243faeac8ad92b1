#include "fake_pinterest.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>

#include "core/clock.h"
#include "core/digest.h"
#include "core/id.h"
#include "fake_text.h"
#include "http/multipart.h"
#include "oauth_fake_parts.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

// Pinterest's error body: {"code": n, "message": "…"}. The numbers are the fake's own: the
// reference documents the shape, and the connector reads the status and the message.
http::Response pinterest_error(int status, int code, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"code", code}, {"message", message}}));
}

std::string text_at(const json::object& object, const char* name) {
    const auto* field = object.if_contains(name);
    return field && field->is_string() ? std::string(field->as_string()) : std::string();
}

// "2026-12-06T09:30:00-00:00", as the pin schema's examples write created_at.
std::string pinterest_time() { return format_utc(now_millis()).substr(0, 19) + "-00:00"; }

// What base64 of a JPEG or a PNG starts with (FF D8 FF, 89 50 4E 47).
bool image_data(const json::object& item) {
    const auto type = text_at(item, "content_type");
    const auto data = text_at(item, "data");
    if (data.empty() || data.size() % 4 != 0 || data.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != std::string::npos)
        return false;
    return (type == "image/jpeg" && data.starts_with("/9j/")) || (type == "image/png" && data.starts_with("iVBORw"));
}

}  // namespace

FakePinterest::FakePinterest(FakePinterestOptions options) : options_(std::move(options)) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("GET", "/oauth/", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/v5/oauth/token", [this](http::Request& r) { return token(r); }, on_io);
    router_.add("GET", "/v5/user_account", [this](http::Request& r) { return user_account(r); }, on_io);
    router_.add("GET", "/v5/boards", [this](http::Request& r) { return boards(r); }, on_io);
    router_.add("GET", "/v5/boards/{id}/pins", [this](http::Request& r) { return board_pins(r); }, on_io);
    router_.add_upload("POST", "/v5/pins", [this](http::Request& r) { return create_pin(r); }, 64 << 20);
    router_.add("DELETE", "/v5/pins/{id}", [this](http::Request& r) { return delete_pin(r); }, on_io);
    router_.add("POST", "/v5/media", [this](http::Request& r) { return register_media(r); }, on_io);
    router_.add("GET", "/v5/media/{id}", [this](http::Request& r) { return media_status(r); }, on_io);
    router_.add_upload("POST", "/pinterest-media-upload", [this](http::Request& r) { return storage_upload(r); }, 256 << 20);
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakePinterest::~FakePinterest() = default;

std::string FakePinterest::base_url() const { return server_->base_url(); }

void FakePinterest::drop_answer_to_next_pin() {
    std::lock_guard lock(mutex_);
    drop_next_pin_ = true;
}

void FakePinterest::fail_next_video() {
    std::lock_guard lock(mutex_);
    fail_next_video_ = true;
}

void FakePinterest::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : access_tokens_) valid = false;
}

void FakePinterest::revoke_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : access_tokens_) valid = false;
    refresh_tokens_.clear();
}

void FakePinterest::spend_pin_budget() {
    std::lock_guard lock(mutex_);
    pins_this_minute_ = options_.pins_per_minute;
}

void FakePinterest::start_new_minute() {
    std::lock_guard lock(mutex_);
    pins_this_minute_ = 0;
}

std::vector<PinterestPin> FakePinterest::pins() const {
    std::lock_guard lock(mutex_);
    return pins_;
}

int FakePinterest::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

int FakePinterest::uploads() const {
    std::lock_guard lock(mutex_);
    return uploads_;
}

int FakePinterest::registrations() const {
    std::lock_guard lock(mutex_);
    return registrations_;
}

std::vector<std::string> FakePinterest::board_ids() const {
    std::vector<std::string> ids;
    for (int n = 1; n <= options_.boards; ++n) ids.push_back(board_id(n));
    return ids;
}

// --- OAuth ---

http::Response FakePinterest::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("client_id") != options_.client_id) return pinterest_error(400, 1, "Invalid client_id");
    if (param("response_type") != "code") return pinterest_error(400, 1, "response_type must be code");
    const auto scope = param("scope");
    for (const char* needed : {"pins:write", "boards:read", "user_accounts:read"})
        if (scope.find(needed) == std::string::npos) return pinterest_error(400, 1, std::string("Missing scope ") + needed);
    const auto code = random_secret(20);
    codes_[code] = param("redirect_uri");
    boost::urls::url location(param("redirect_uri"));
    location.params().append({"code", code});
    location.params().append({"state", param("state")});
    return redirect_to(location);
}

http::Response FakePinterest::token(http::Request& request) {
    auto fields = form_fields(request.body);
    std::lock_guard lock(mutex_);
    // The app authenticates with HTTP Basic; client credentials in the form are not read.
    if (request.header("authorization").value_or("") != "Basic " + base64(options_.client_id + ":" + options_.client_secret))
        return pinterest_error(401, 2, "Authentication failed.");
    if (fields["grant_type"] == "authorization_code") {
        auto it = codes_.find(fields["code"]);
        if (it == codes_.end() || it->second != fields["redirect_uri"]) return pinterest_error(400, 1, "Invalid authorization code");
        codes_.erase(it);
    } else if (fields["grant_type"] == "refresh_token") {
        // Continuous refresh: the refresh token is spent and a new one comes back.
        if (refresh_tokens_.erase(fields["refresh_token"]) == 0) return pinterest_error(400, 1, "Invalid refresh token");
        ++refreshes_;
    } else {
        return pinterest_error(400, 1, "Unsupported grant_type " + fields["grant_type"]);
    }
    const auto access = "pina_" + random_secret(32);
    const auto refresh = "pinr_" + random_secret(32);
    access_tokens_[access] = true;
    refresh_tokens_.insert(refresh);
    return http::Response::json(200, json::serialize(json::object{{"access_token", access},
                                                                  {"refresh_token", refresh},
                                                                  {"response_type", fields["grant_type"]},
                                                                  {"token_type", "bearer"},
                                                                  {"expires_in", 2'592'000},
                                                                  {"refresh_token_expires_in", 5'184'000},
                                                                  {"scope", "boards:read,pins:read,pins:write,user_accounts:read"}}));
}

std::optional<http::Response> FakePinterest::unauthorised(const http::Request& request) const {
    const auto header = request.header("authorization").value_or("");
    auto it = header.starts_with("Bearer ") ? access_tokens_.find(header.substr(7)) : access_tokens_.end();
    if (it == access_tokens_.end() || !it->second) return pinterest_error(401, 2, "Authentication failed.");
    return std::nullopt;
}

// --- the API ---

http::Response FakePinterest::user_account(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    return http::Response::json(200, json::serialize(json::object{{"account_type", "BUSINESS"},
                                                                  {"id", "549755885175"},
                                                                  {"username", "cafeluna"},
                                                                  {"business_name", "Café Luna"},
                                                                  {"website_url", "https://cafe.example"},
                                                                  {"board_count", options_.boards}}));
}

http::Response FakePinterest::boards(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    int size = 25;
    try {
        size = std::stoi(request.query_param("page_size").value_or("25"));
    } catch (const std::exception&) {
        return pinterest_error(400, 1, "Invalid page_size");
    }
    if (size < 1 || size > 250) return pinterest_error(400, 1, "page_size must be between 1 and 250");
    std::size_t from = 0;
    if (auto bookmark = request.query_param("bookmark"); bookmark && !bookmark->empty()) from = std::stoul(bookmark->substr(2));
    const auto ids = board_ids();
    json::array items;
    for (std::size_t i = from; i < ids.size() && items.size() < static_cast<std::size_t>(size); ++i) {
        const int n = static_cast<int>(i) + 1;
        const std::string name = n == 1 ? "Recipes" : n == 2 ? "Café life" : "Board " + std::to_string(n);
        items.push_back(json::object{{"id", ids[i]}, {"name", name}, {"privacy", n == 2 ? "SECRET" : "PUBLIC"},
                                     {"owner", json::object{{"username", "cafeluna"}}}});
    }
    const auto next = from + items.size();
    return http::Response::json(200, json::serialize(json::object{
                                         {"items", std::move(items)},
                                         {"bookmark", next < ids.size() ? json::value("bm" + std::to_string(next)) : json::value(nullptr)}}));
}

http::Response FakePinterest::board_pins(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    const auto board = request.param("id");
    const auto ids = board_ids();
    if (std::find(ids.begin(), ids.end(), board) == ids.end()) return pinterest_error(404, 40, "Board not found.");
    const auto size = static_cast<std::size_t>(std::stoi(request.query_param("page_size").value_or("25")));
    json::array items;
    for (auto it = pins_.rbegin(); it != pins_.rend() && items.size() < size; ++it) {
        if (it->board_id != board) continue;
        items.push_back(json::object{{"id", it->id}, {"created_at", it->created_at}, {"board_id", it->board_id}, {"title", it->title},
                                     {"description", it->description}, {"link", it->link.empty() ? json::value(nullptr) : json::value(it->link)}});
    }
    return http::Response::json(200, json::serialize(json::object{{"items", std::move(items)}, {"bookmark", nullptr}}));
}

http::Response FakePinterest::create_pin(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    auto with_budget = [&](http::Response response) {
        response.headers.emplace_back("x-ratelimit-limit", std::to_string(options_.pins_per_minute));
        response.headers.emplace_back("x-ratelimit-remaining", std::to_string(std::max(0, options_.pins_per_minute - pins_this_minute_)));
        response.headers.emplace_back("x-ratelimit-reset", "60");
        return response;
    };
    if (pins_this_minute_ >= options_.pins_per_minute)
        return with_budget(pinterest_error(429, 29, "You have exceeded your rate limit. Try again later."));
    boost::system::error_code error;
    auto parsed = json::parse(request.body, error);
    if (error || !parsed.is_object()) return pinterest_error(400, 1, "Invalid JSON body");
    const auto& body = parsed.as_object();
    PinterestPin pin;
    pin.board_id = text_at(body, "board_id");
    pin.title = text_at(body, "title");
    pin.description = text_at(body, "description");
    pin.link = text_at(body, "link");
    pin.alt_text = text_at(body, "alt_text");
    const auto ids = board_ids();
    if (pin.board_id.empty()) return pinterest_error(400, 1, "board_id is required");
    if (std::find(ids.begin(), ids.end(), pin.board_id) == ids.end()) return pinterest_error(404, 40, "Board not found.");
    if (code_points(pin.title) > 100) return pinterest_error(400, 1, "Title must be 100 characters or fewer");
    if (code_points(pin.description) > 800) return pinterest_error(400, 1, "Description must be 800 characters or fewer");
    if (code_points(pin.alt_text) > 500) return pinterest_error(400, 1, "Alt text must be 500 characters or fewer");
    if (!pin.link.empty() && (pin.link.size() > 2048 || !(pin.link.starts_with("https://") || pin.link.starts_with("http://"))))
        return pinterest_error(400, 1, "Invalid link");
    const auto* source = body.if_contains("media_source");
    if (!source || !source->is_object()) return pinterest_error(400, 1, "media_source is required");
    const auto& media = source->as_object();
    pin.source_type = text_at(media, "source_type");
    if (pin.source_type == "image_base64") {
        if (!image_data(media)) return pinterest_error(400, 1, "Invalid image: content_type must be image/jpeg or image/png with its data");
        pin.images = 1;
    } else if (pin.source_type == "multiple_image_base64") {
        const auto* items = media.if_contains("items");
        if (!items || !items->is_array() || items->as_array().size() < 2 || items->as_array().size() > 5)
            return pinterest_error(400, 1, "A carousel takes 2 to 5 images");
        for (const auto& item : items->as_array())
            if (!item.is_object() || !image_data(item.as_object())) return pinterest_error(400, 1, "Invalid image in the carousel");
        pin.images = static_cast<int>(items->as_array().size());
    } else if (pin.source_type == "video_id") {
        pin.media_id = text_at(media, "media_id");
        auto it = media_.find(pin.media_id);
        if (it == media_.end()) return pinterest_error(400, 1, "Invalid media_id");
        if (it->second.status != "succeeded") return pinterest_error(400, 1, "The video is not ready: its status is " + it->second.status);
        if (!media.contains("cover_image_url") && !media.contains("cover_image_data") && !media.contains("cover_image_key_frame_time"))
            return pinterest_error(400, 1, "A video pin needs a cover image");
    } else {
        return pinterest_error(400, 1, "Unsupported source_type " + pin.source_type);
    }
    pin.id = "8134" + std::to_string(100000000 + ++next_id_);
    pin.created_at = pinterest_time();
    pins_.push_back(pin);
    ++pins_this_minute_;
    auto answer = with_budget(http::Response::json(
        201, json::serialize(json::object{{"id", pin.id}, {"created_at", pin.created_at}, {"board_id", pin.board_id}, {"title", pin.title},
                                          {"description", pin.description}, {"link", pin.link}})));
    answer.drop_connection = std::exchange(drop_next_pin_, false);
    return answer;
}

http::Response FakePinterest::delete_pin(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    auto it = std::find_if(pins_.begin(), pins_.end(), [&](const PinterestPin& pin) { return pin.id == request.param("id"); });
    if (it == pins_.end()) return pinterest_error(404, 50, "Pin not found.");
    pins_.erase(it);
    http::Response gone;
    gone.status = 204;
    return gone;
}

http::Response FakePinterest::register_media(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    boost::system::error_code error;
    auto parsed = json::parse(request.body, error);
    if (error || !parsed.is_object() || text_at(parsed.as_object(), "media_type") != "video")
        return pinterest_error(400, 1, "media_type must be video");
    const auto id = std::to_string(5'000'000 + ++next_id_);
    Media media;
    media.signature = random_secret(16);
    media.fail = std::exchange(fail_next_video_, false);
    media_[id] = media;
    ++registrations_;
    json::object parameters{{"x-amz-date", "20261206T000000Z"}, {"x-amz-signature", media.signature}, {"key", "uploads/" + id + ".mp4"},
                            {"policy", "eyJjb25kaXRpb25zIjpbXX0="}, {"Content-Type", "multipart/form-data"}};
    return http::Response::json(201, json::serialize(json::object{{"media_id", id},
                                                                  {"media_type", "video"},
                                                                  {"upload_url", base_url() + "/pinterest-media-upload"},
                                                                  {"upload_parameters", std::move(parameters)}}));
}

http::Response FakePinterest::media_status(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    auto it = media_.find(request.param("id"));
    if (it == media_.end()) return pinterest_error(404, 1, "Media not found.");
    auto& media = it->second;
    if (media.status == "processing" && ++media.polls > options_.processing_polls) media.status = media.fail ? "failed" : "succeeded";
    return http::Response::json(200, json::serialize(json::object{{"media_id", it->first}, {"media_type", "video"}, {"status", media.status}}));
}

// The storage service the upload_url names: no bearer token, the signed fields, file last.
http::Response FakePinterest::storage_upload(http::Request& request) {
    auto parts = http::parse_multipart(request.header("content-type").value_or(""), request.body);
    std::lock_guard lock(mutex_);
    if (!parts) return pinterest_error(400, 1, "The upload must be multipart/form-data");
    if (request.header("authorization")) return pinterest_error(400, 1, "Only one auth mechanism allowed");
    std::map<std::string, std::string> fields;
    const http::FormPart* file = nullptr;
    for (const auto& part : *parts) {
        if (part.filename) file = &part;
        else if (file) return pinterest_error(400, 1, "Fields after the file are ignored by the storage service");
        else fields[part.name] = std::string(part.data);
    }
    const auto key = fields["key"];
    const auto id = key.starts_with("uploads/") && key.ends_with(".mp4") ? key.substr(8, key.size() - 12) : std::string();
    auto it = media_.find(id);
    if (it == media_.end() || fields["x-amz-signature"] != it->second.signature || fields["policy"].empty())
        return pinterest_error(403, 1, "SignatureDoesNotMatch");
    if (!file || file->data.empty()) return pinterest_error(400, 1, "No file in the upload");
    it->second.status = "processing";
    ++uploads_;
    http::Response stored;
    stored.status = 204;
    return stored;
}

}  // namespace chorus::fakes
