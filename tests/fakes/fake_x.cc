#include "fake_x.h"

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

// X's error bodies are RFC 7807 problem details.
http::Response problem(int status, const std::string& title, const std::string& detail, const std::string& type = "about:blank") {
    return http::Response::json(status, json::serialize(json::object{{"title", title}, {"detail", detail}, {"type", type}, {"status", status}}));
}

http::Response invalid_request(const std::string& message) {
    return http::Response::json(
        400, json::serialize(json::object{{"errors", json::array{json::object{{"message", message}}}},
                                          {"title", "Invalid Request"},
                                          {"detail", "One or more parameters to your request was invalid."},
                                          {"type", "https://api.twitter.com/2/problems/invalid-request"}}));
}


std::int64_t epoch_seconds_in(std::chrono::seconds delay) { return now_millis() / 1000 + delay.count(); }

// The length X counts, near enough for a fake: code points, every link 23.
std::size_t weighted_length(const std::string& text) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 8, "https://") == 0 || text.compare(i, 7, "http://") == 0) {
            while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
            length += 23;
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
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out.push_back(c);
    }
    return out;
}

}  // namespace

FakeX::FakeX(FakeXOptions options)
    : options_(std::move(options)),
      window_remaining_(options_.window_limit),
      day_remaining_(options_.user_day_limit),
      app_remaining_(options_.app_day_limit) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("GET", "/i/oauth2/authorize", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/2/oauth2/token", [this](http::Request& r) { return token(r); }, on_io);
    router_.add("GET", "/2/users/me", [this](http::Request& r) { return me(r); }, on_io);
    router_.add_upload("POST", "/2/media/upload", [this](http::Request& r) { return upload(r); }, 64 << 20);
    router_.add("GET", "/2/media/upload", [this](http::Request& r) { return upload_status(r); }, on_io);
    router_.add("POST", "/2/media/metadata", [this](http::Request& r) { return metadata(r); }, on_io);
    router_.add("POST", "/2/tweets", [this](http::Request& r) { return create_post(r); }, on_io);
    router_.add("GET", "/2/users/{id}/tweets", [this](http::Request& r) { return user_posts(r); }, on_io);
    router_.add("DELETE", "/2/tweets/{id}", [this](http::Request& r) { return delete_post(r); }, on_io);
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeX::~FakeX() = default;

std::string FakeX::base_url() const { return server_->base_url(); }

void FakeX::rate_limit_next_create(std::chrono::seconds reset_in) {
    std::lock_guard lock(mutex_);
    rate_limit_next_ = reset_in;
}

void FakeX::drop_answer_to_next_create() {
    std::lock_guard lock(mutex_);
    drop_next_ = true;
}

void FakeX::fail_next_media_processing() {
    std::lock_guard lock(mutex_);
    fail_next_media_ = true;
}

void FakeX::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : access_tokens_) valid = false;
}

void FakeX::revoke_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : access_tokens_) valid = false;
    for (auto& [token, valid] : refresh_tokens_) valid = false;
}

std::vector<XPost> FakeX::posts() const {
    std::lock_guard lock(mutex_);
    return posts_;
}

std::optional<XMedia> FakeX::media(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = media_.find(id);
    if (it == media_.end()) return std::nullopt;
    return it->second;
}

int FakeX::create_requests() const {
    std::lock_guard lock(mutex_);
    return create_requests_;
}

int FakeX::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

bool FakeX::authorised(const http::Request& request, http::Response& refusal) const {
    auto header = request.header("authorization").value_or("");
    auto it = header.starts_with("Bearer ") ? access_tokens_.find(header.substr(7)) : access_tokens_.end();
    if (it != access_tokens_.end() && it->second) return true;
    refusal = problem(401, "Unauthorized", "Unauthorized");
    return false;
}

http::Response FakeX::with_window(http::Response response) const {
    response.headers.emplace_back("x-rate-limit-limit", std::to_string(options_.window_limit));
    response.headers.emplace_back("x-rate-limit-remaining", std::to_string(std::max<std::int64_t>(window_remaining_, 0)));
    response.headers.emplace_back("x-rate-limit-reset", std::to_string(epoch_seconds_in(std::chrono::minutes(15))));
    return response;
}

http::Response FakeX::with_day_caps(http::Response response) const {
    response.headers.emplace_back("x-user-limit-24hour-limit", std::to_string(options_.user_day_limit));
    response.headers.emplace_back("x-user-limit-24hour-remaining", std::to_string(std::max<std::int64_t>(day_remaining_, 0)));
    response.headers.emplace_back("x-user-limit-24hour-reset", std::to_string(epoch_seconds_in(std::chrono::hours(24))));
    response.headers.emplace_back("x-app-limit-24hour-limit", std::to_string(options_.app_day_limit));
    response.headers.emplace_back("x-app-limit-24hour-remaining", std::to_string(std::max<std::int64_t>(app_remaining_, 0)));
    response.headers.emplace_back("x-app-limit-24hour-reset", std::to_string(epoch_seconds_in(std::chrono::hours(24))));
    return response;
}

// --- OAuth 2 ---

http::Response FakeX::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("response_type") != "code" || param("client_id") != options_.client_id)
        return oauth_error(400, "invalid_request", "Something went wrong: this app is not allowed to ask");
    if (param("code_challenge").empty() || param("code_challenge_method") != "S256")
        return oauth_error(400, "invalid_request", "PKCE is required: code_challenge with method S256");
    if (param("state").empty()) return oauth_error(400, "invalid_request", "state is required");
    if (param("scope").find("tweet.write") == std::string::npos) return oauth_error(400, "invalid_scope", "tweet.write was not requested");
    const auto code = random_secret(16);
    codes_[code] = Grant{param("redirect_uri"), param("code_challenge"), param("scope")};
    boost::urls::url location(param("redirect_uri"));
    location.params().append({"state", param("state")});
    location.params().append({"code", code});
    return redirect_to(location);
}

http::Response FakeX::token(http::Request& request) {
    auto fields = form_fields(request.body);
    std::lock_guard lock(mutex_);
    // A confidential client authenticates with HTTP Basic.
    if (request.header("authorization").value_or("") != "Basic " + base64(options_.client_id + ":" + options_.client_secret))
        return oauth_error(401, "unauthorized_client", "Missing valid authorization header");
    auto issue = [&](const std::string& scope) {
        const auto access = random_secret(32);
        access_tokens_[access] = true;
        json::object answer{{"token_type", "bearer"}, {"expires_in", 7200}, {"access_token", access}, {"scope", scope}};
        if (scope.find("offline.access") != std::string::npos) {
            const auto refresh = random_secret(32);
            refresh_tokens_[refresh] = true;
            answer["refresh_token"] = refresh;
        }
        return http::Response::json(200, json::serialize(answer));
    };
    if (fields["grant_type"] == "authorization_code") {
        auto grant = codes_.find(fields["code"]);
        if (grant == codes_.end() || grant->second.redirect_uri != fields["redirect_uri"] ||
            sha256_base64url(fields["code_verifier"]) != grant->second.code_challenge)
            return oauth_error(400, "invalid_request", "Value passed for the authorization code was invalid.");
        const auto scope = grant->second.scope;
        codes_.erase(grant);  // single use
        return issue(scope);
    }
    if (fields["grant_type"] == "refresh_token") {
        auto it = refresh_tokens_.find(fields["refresh_token"]);
        if (it == refresh_tokens_.end() || !it->second)
            return oauth_error(400, "invalid_request", "Value passed for the token was invalid.");
        refresh_tokens_.erase(it);  // rotated: the old one no longer works
        ++refreshes_;
        return issue("tweet.read tweet.write users.read offline.access media.write");
    }
    return oauth_error(400, "unsupported_grant_type", "grant_type not supported");
}

http::Response FakeX::me(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    return with_window(http::Response::json(
        200, json::serialize(json::object{{"data", json::object{{"id", user_id()}, {"name", "Café Luna"}, {"username", username()}}}})));
}

// --- media ---

http::Response FakeX::upload(http::Request& request) {
    auto parts = http::parse_multipart(request.header("content-type").value_or(""), request.body);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (!parts) return invalid_request("The request body must be multipart/form-data");
    std::map<std::string, std::string> fields;
    std::string_view chunk;
    bool has_chunk = false;
    for (const auto& part : *parts) {
        if (part.name == "media") {
            chunk = part.data;
            has_chunk = true;
        } else {
            fields[part.name] = std::string(part.data);
        }
    }
    const auto command = fields["command"];
    if (command == "INIT") {
        if (fields["media_type"].empty() || fields["total_bytes"].empty()) return invalid_request("media_type and total_bytes are required");
        XMedia media;
        media.id = std::to_string(++next_id_);
        media.media_type = fields["media_type"];
        media.category = fields["media_category"];
        media.total_bytes = std::stoull(fields["total_bytes"]);
        media_[media.id] = media;
        return with_window(http::Response::json(
            200, json::serialize(json::object{{"data", json::object{{"id", media.id}, {"media_key", "3_" + media.id}, {"expires_after_secs", 86400}}}})));
    }
    auto it = media_.find(fields["media_id"]);
    if (it == media_.end()) return invalid_request("The media_id is not a known upload");
    auto& media = it->second;
    if (command == "APPEND") {
        const int segment = std::stoi(fields["segment_index"].empty() ? "-1" : fields["segment_index"]);
        if (segment < 0 || segment > 999 || !has_chunk) return invalid_request("segment_index (0-999) and media are required");
        if (chunk.size() > (5u << 20)) return invalid_request("A segment must be at most 5 MB");
        media.segments[segment] = chunk.size();
        return with_window(http::Response::json(204, ""));
    }
    if (command == "FINALIZE") {
        std::size_t received = 0;
        for (const auto& [index, size] : media.segments) received += size;
        if (received != media.total_bytes) return invalid_request("Segments do not add up to provided total file size.");
        media.finalized = true;
        json::object data{{"id", media.id}, {"media_key", "3_" + media.id}, {"size", received}, {"expires_after_secs", 86400}};
        if (media.media_type.starts_with("video/") || media.media_type == "image/gif") {
            media.polls_until_ready = options_.video_processing_polls;
            media.fails = fail_next_media_;
            fail_next_media_ = false;
            data["processing_info"] = json::object{{"state", "pending"}, {"check_after_secs", 1}};
        }
        return with_window(http::Response::json(200, json::serialize(json::object{{"data", data}})));
    }
    return invalid_request("command must be INIT, APPEND or FINALIZE");
}

http::Response FakeX::upload_status(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (request.query_param("command").value_or("") != "STATUS") return invalid_request("command must be STATUS");
    auto it = media_.find(request.query_param("media_id").value_or(""));
    if (it == media_.end()) return invalid_request("The media_id is not a known upload");
    auto& media = it->second;
    json::object processing;
    if (media.polls_until_ready > 0) {
        --media.polls_until_ready;
        processing = {{"state", "in_progress"}, {"check_after_secs", 1}, {"progress_percent", 50}};
    } else if (media.fails) {
        processing = {{"state", "failed"},
                      {"progress_percent", 12},
                      {"error", json::object{{"code", 1}, {"name", "InvalidMedia"}, {"message", "Unsupported video format"}}}};
    } else {
        processing = {{"state", "succeeded"}, {"progress_percent", 100}};
    }
    return with_window(http::Response::json(
        200, json::serialize(json::object{{"data", json::object{{"id", media.id}, {"media_key", "3_" + media.id}, {"processing_info", processing}}}})));
}

http::Response FakeX::metadata(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    boost::system::error_code failure;
    auto body = json::parse(request.body, failure);
    const auto* id = failure || !body.is_object() ? nullptr : body.as_object().if_contains("id");
    auto it = id && id->is_string() ? media_.find(std::string(id->get_string())) : media_.end();
    if (it == media_.end()) return invalid_request("id must be a known media id");
    const auto* alt_value = failure ? nullptr : body.find_pointer("/metadata/alt_text/text", failure);
    const auto* alt = alt_value ? alt_value->if_string() : nullptr;
    if (!alt) return invalid_request("metadata.alt_text.text is required");
    if (code_points(*alt) > 1000) return invalid_request("alt_text.text must be at most 1000 characters");
    it->second.alt_text = std::string(*alt);
    return with_window(http::Response::json(200, json::serialize(json::object{{"data", json::object{{"id", it->first}}}})));
}

// --- posts ---

std::string FakeX::post_json(const XPost& post) const {
    // X answers with every link replaced by a t.co address, listed in entities.urls, and
    // one more for attached media.
    std::string text;
    json::array urls;
    for (std::size_t i = 0; i < post.text.size();) {
        if (post.text.compare(i, 8, "https://") == 0 || post.text.compare(i, 7, "http://") == 0) {
            std::size_t end = i;
            while (end < post.text.size() && post.text[end] != ' ' && post.text[end] != '\n') ++end;
            const auto original = post.text.substr(i, end - i);
            const auto shortened = "https://t.co/" + sha256_base64url(original).substr(0, 10);
            const auto start = code_points(text);
            text += shortened;
            urls.push_back(json::object{{"start", start}, {"end", start + 23}, {"url", shortened}, {"expanded_url", original},
                                        {"display_url", original.substr(original.find("//") + 2, 24)}});
            i = end;
            continue;
        }
        text.push_back(post.text[i++]);
    }
    if (!post.media_ids.empty()) {
        const auto shortened = "https://t.co/" + sha256_base64url(post.id).substr(0, 10);
        const auto start = code_points(text) + 1;
        text += " " + shortened;
        urls.push_back(json::object{{"start", start}, {"end", start + 23}, {"url", shortened},
                                    {"expanded_url", "https://x.com/" + username() + "/status/" + post.id + "/photo/1"},
                                    {"display_url", "pic.x.com/" + post.id.substr(0, 10)}, {"media_key", "3_" + post.media_ids.front()}});
    }
    json::object out{{"id", post.id}, {"text", html_escape(text)}, {"author_id", post.author_id}, {"created_at", format_utc(now_millis())}};
    if (!urls.empty()) out["entities"] = json::object{{"urls", urls}};
    if (post.in_reply_to) out["referenced_tweets"] = json::array{json::object{{"type", "replied_to"}, {"id", *post.in_reply_to}}};
    return json::serialize(out);
}

http::Response FakeX::create_post(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++create_requests_;
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (rate_limit_next_) {
        auto response = problem(429, "Too Many Requests", "Too Many Requests");
        response.headers.emplace_back("x-rate-limit-limit", std::to_string(options_.window_limit));
        response.headers.emplace_back("x-rate-limit-remaining", "0");
        response.headers.emplace_back("x-rate-limit-reset", std::to_string(epoch_seconds_in(*rate_limit_next_)));
        rate_limit_next_.reset();
        return with_day_caps(std::move(response));
    }
    boost::system::error_code failure;
    auto body = json::parse(request.body, failure);
    if (failure || !body.is_object()) return with_window(invalid_request("The body must be a JSON object"));
    XPost post;
    post.author_id = user_id();
    if (const auto* text = body.as_object().if_contains("text"); text && text->is_string()) post.text = std::string(text->get_string());
    boost::system::error_code absent;
    if (const auto* ids = body.find_pointer("/media/media_ids", absent); ids && ids->is_array())
        for (const auto& id : ids->get_array())
            if (id.is_string()) post.media_ids.emplace_back(id.get_string());
    if (const auto* reply = body.find_pointer("/reply/in_reply_to_tweet_id", absent); reply && reply->is_string())
        post.in_reply_to = std::string(reply->get_string());
    if (const auto* quote = body.as_object().if_contains("quote_tweet_id"); quote && quote->is_string())
        post.quote_tweet_id = std::string(quote->get_string());
    if (const auto* settings = body.as_object().if_contains("reply_settings"); settings && settings->is_string())
        post.reply_settings = std::string(settings->get_string());

    if (post.text.empty() && post.media_ids.empty()) return with_window(invalid_request("text or media is required"));
    if (weighted_length(post.text) > 280) return with_window(invalid_request("Tweet text is too long"));
    if (post.media_ids.size() > 4) return with_window(invalid_request("Your media IDs are invalid."));
    for (const auto& id : post.media_ids) {
        auto media = media_.find(id);
        if (media == media_.end() || !media->second.finalized || media->second.polls_until_ready > 0 || media->second.fails)
            return with_window(invalid_request("Your media IDs are invalid."));
    }
    if (post.in_reply_to && std::none_of(posts_.begin(), posts_.end(), [&](const XPost& p) { return p.id == *post.in_reply_to; }))
        return with_window(problem(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you."));
    if (post.media_ids.empty() && std::any_of(posts_.begin(), posts_.end(), [&](const XPost& p) { return p.media_ids.empty() && p.text == post.text; }))
        return with_window(problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."));

    --window_remaining_;
    --day_remaining_;
    --app_remaining_;
    post.id = std::to_string(++next_id_);
    posts_.push_back(post);
    const auto created = json::parse(post_json(post));
    auto response = with_day_caps(with_window(http::Response::json(
        201, json::serialize(json::object{{"data", json::object{{"id", post.id}, {"text", created.at("text")}}}}))));
    if (drop_next_) {
        drop_next_ = false;
        response.drop_connection = true;
    }
    return response;
}

http::Response FakeX::user_posts(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (!options_.read_access)
        return problem(403, "Client Forbidden",
                       "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter "
                       "developer App that is attached to a Project with the appropriate level of access.",
                       "https://api.twitter.com/2/problems/client-forbidden");
    const int limit = std::stoi(request.query_param("max_results").value_or("10"));
    if (limit < 5 || limit > 100) return invalid_request("The `max_results` query parameter value [" + std::to_string(limit) + "] is not between 5 and 100");
    json::array data;
    for (auto it = posts_.rbegin(); it != posts_.rend() && static_cast<int>(data.size()) < limit; ++it)
        if (it->author_id == request.param("id")) data.push_back(json::parse(post_json(*it)));
    json::object meta{{"result_count", data.size()}};
    if (!data.empty()) {
        meta["newest_id"] = data.front().at("id");
        meta["oldest_id"] = data.back().at("id");
    }
    json::object answer{{"meta", meta}};
    if (!data.empty()) answer["data"] = std::move(data);  // X leaves "data" out when there is nothing
    return with_window(http::Response::json(200, json::serialize(answer)));
}

http::Response FakeX::delete_post(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    auto it = std::find_if(posts_.begin(), posts_.end(), [&](const XPost& p) { return p.id == request.param("id"); });
    if (it == posts_.end()) return with_window(problem(404, "Not Found Error", "Could not find tweet with id: [" + request.param("id") + "]."));
    posts_.erase(it);
    return with_window(http::Response::json(200, json::serialize(json::object{{"data", json::object{{"deleted", true}}}})));
}

}  // namespace chorus::fakes
