#include "fake_network.h"

#include <boost/json.hpp>

#include <algorithm>

#include "core/id.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

http::Response error(int status, std::string code, std::string message) {
    return http::Response::json(
        status, json::serialize(json::object{{"error", json::object{{"code", std::move(code)}, {"message", std::move(message)}}}}));
}

std::string text_at(const json::object& object, std::string_view key) {
    if (const auto* value = object.if_contains(key); value && value->is_string()) return std::string(value->as_string());
    return {};
}

}  // namespace

FakeNetwork::FakeNetwork(FakeNetworkOptions options) : options_(options), random_(1) {
    const auto inline_route = http::Execution::inline_on_io;
    router_.add("POST", "/v1/posts", [this](http::Request& r) { return create(r); }, inline_route);
    router_.add("GET", "/v1/posts", [this](http::Request& r) { return lookup(r); }, inline_route);
    router_.add("DELETE", "/v1/posts/{id}", [this](http::Request& r) { return remove(r); }, inline_route);
    router_.add("POST", "/oauth/token", [this](http::Request& r) { return token(r); }, inline_route);
    router_.add_upload("POST", "/v1/media", [this](http::Request& r) { return upload(r); }, 64 << 20);
    server_ = std::make_unique<LoopbackServer>(router_, options_.io_threads);
}

FakeNetwork::~FakeNetwork() = default;

std::string FakeNetwork::base_url() const { return server_->base_url(); }

void FakeNetwork::inject(double rate, std::vector<Fault> kinds, std::uint32_t seed) {
    std::lock_guard lock(mutex_);
    fault_rate_ = rate;
    fault_kinds_ = std::move(kinds);
    random_.seed(seed);
}

void FakeNetwork::script(std::vector<Fault> faults) {
    std::lock_guard lock(mutex_);
    scripted_ = std::move(faults);
    std::reverse(scripted_.begin(), scripted_.end());
}

void FakeNetwork::fail_lookups(double rate) {
    std::lock_guard lock(mutex_);
    lookup_failure_rate_ = rate;
}

FakeNetwork::Tokens FakeNetwork::issue_tokens() {
    std::lock_guard lock(mutex_);
    access_token_ = "access-" + random_secret(8);
    refresh_token_ = "refresh-" + random_secret(8);
    return {access_token_, refresh_token_};
}

void FakeNetwork::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    access_token_ = "expired-" + random_secret(8);
}

void FakeNetwork::revoke_refresh_tokens() {
    std::lock_guard lock(mutex_);
    refresh_token_ = "revoked-" + random_secret(8);
}

std::vector<CreatedPost> FakeNetwork::created() const {
    std::lock_guard lock(mutex_);
    return created_;
}

std::vector<UploadedMedia> FakeNetwork::media() const {
    std::lock_guard lock(mutex_);
    return media_;
}

http::Response FakeNetwork::upload(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (!authorised(request)) return error(401, "token_expired", "The access token has expired");
    const auto type = request.header("content-type").value_or("");
    if (type != "image/jpeg" && type != "image/png" && type != "image/gif" && type != "image/webp" && type != "video/mp4")
        return error(415, "unsupported_media", "This network takes JPEG, PNG, GIF, WebP and MP4");
    if (request.body.size() > 1'000'000 && type != "video/mp4")
        return error(413, "image_too_large", "Images can be at most 1 MB");
    UploadedMedia uploaded{new_id("fakemedia"), type, request.body, request.query_param("alt_text").value_or("")};
    media_.push_back(uploaded);
    return http::Response::json(201, json::serialize(json::object{{"id", uploaded.id}}));
}

std::size_t FakeNetwork::create_requests() const {
    std::lock_guard lock(mutex_);
    return create_requests_;
}

std::size_t FakeNetwork::lookups() const {
    std::lock_guard lock(mutex_);
    return lookups_;
}

Fault FakeNetwork::draw_fault() {
    if (!scripted_.empty()) {
        Fault fault = scripted_.back();
        scripted_.pop_back();
        return fault;
    }
    if (fault_kinds_.empty() || std::uniform_real_distribution<double>(0, 1)(random_) >= fault_rate_) return Fault::none;
    return fault_kinds_[std::uniform_int_distribution<std::size_t>(0, fault_kinds_.size() - 1)(random_)];
}

bool FakeNetwork::authorised(const http::Request& request) const {
    if (!options_.require_token) return true;
    return request.header("authorization") == "Bearer " + access_token_;
}

http::Response FakeNetwork::create(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++create_requests_;
    boost::system::error_code parse_error;
    auto body = json::parse(request.body, parse_error);
    if (parse_error || !body.is_object()) return error(400, "bad_request", "The body must be a JSON object");
    const auto& object = body.as_object();
    CreatedPost post{"", text_at(object, "account"), text_at(object, "idempotency_key"), text_at(object, "text"), {}};
    if (const auto* ids = object.if_contains("media_ids"); ids && ids->is_array())
        for (const auto& id : ids->as_array())
            if (id.is_string()) post.media_ids.emplace_back(id.as_string());
    post.reply_to = text_at(object, "reply_to");
    if (post.text.empty()) return error(422, "empty_text", "A post needs text");
    if (!post.reply_to.empty() &&
        std::none_of(created_.begin(), created_.end(), [&](const CreatedPost& parent) { return parent.id == post.reply_to; }))
        return error(404, "not_found", "No post " + post.reply_to + " to reply to");
    if (post.text.find("#forbidden") != std::string::npos)
        return error(422, "content_refused", "This content violates the network's rules");
    if (!authorised(request)) return error(401, "token_expired", "The access token has expired");
    const Fault fault = draw_fault();
    http::Response response;
    auto delay = options_.latency;
    switch (fault) {
        case Fault::rate_limited:
            response = error(429, "rate_limited", "Too many posts; slow down");
            response.headers.emplace_back("Retry-After", std::to_string(options_.retry_after_seconds));
            break;
        case Fault::unavailable:
            response = error(503, "unavailable", "The network is over capacity");
            break;
        case Fault::hang_before_create:
            response = error(504, "too_late", "never seen by the client");
            delay = options_.hang;
            break;
        case Fault::drop_before_create:
            response.drop_connection = true;
            break;
        default:  // the post is stored; what the client hears depends on the fault
            post.id = new_id("fake");
            by_key_.emplace(post.idempotency_key, created_.size());
            created_.push_back(post);
            response = http::Response::json(201, json::serialize(json::object{
                                                     {"id", post.id}, {"url", "https://testnet.example/" + post.account + "/" + post.id}}));
            if (fault == Fault::error_after_create) response = error(500, "internal", "Something went wrong");
            if (fault == Fault::hang_after_create) delay = options_.hang;
            if (fault == Fault::drop_after_create) response.drop_connection = true;
            if (fault == Fault::slow) delay = options_.slow;
    }
    response.delay = delay;
    return response;
}

http::Response FakeNetwork::lookup(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++lookups_;
    if (!authorised(request)) return error(401, "token_expired", "The access token has expired");
    if (lookup_failure_rate_ > 0 && std::uniform_real_distribution<double>(0, 1)(random_) < lookup_failure_rate_)
        return error(503, "unavailable", "The network is over capacity");
    const auto key = request.query_param("idempotency_key").value_or("");
    const auto account = request.query_param("account").value_or("");
    json::array posts;
    auto [begin, end] = by_key_.equal_range(key);
    for (auto it = begin; it != end; ++it) {
        const auto& post = created_[it->second];
        if (post.account == account && !post.id.starts_with("deleted:"))
            posts.push_back(json::object{{"id", post.id}, {"url", "https://testnet.example/" + post.account + "/" + post.id}});
    }
    return http::Response::json(200, json::serialize(json::object{{"posts", std::move(posts)}}));
}

http::Response FakeNetwork::remove(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (!authorised(request)) return error(401, "token_expired", "The access token has expired");
    const auto& id = request.param("id");
    auto it = std::find_if(created_.begin(), created_.end(), [&](const CreatedPost& post) { return post.id == id; });
    if (it == created_.end()) return error(404, "not_found", "No such post");
    it->id = "deleted:" + it->id;
    http::Response response;
    response.status = 204;
    return response;
}

http::Response FakeNetwork::token(http::Request& request) {
    boost::system::error_code parse_error;
    auto body = json::parse(request.body, parse_error);
    std::lock_guard lock(mutex_);
    // The password grant connects an account (the web app's channel screen in tests and demos).
    if (!parse_error && body.is_object() && text_at(body.as_object(), "grant_type") == "password") {
        const auto username = text_at(body.as_object(), "username");
        if (username.empty() || text_at(body.as_object(), "password") != options_.account_password)
            return http::Response::json(400, R"({"error":"invalid_grant","error_description":"Wrong username or password"})");
        access_token_ = "access-" + random_secret(8);
        refresh_token_ = "refresh-" + random_secret(8);
        return http::Response::json(200, json::serialize(json::object{{"access_token", access_token_},
                                                                      {"refresh_token", refresh_token_},
                                                                      {"token_type", "Bearer"},
                                                                      {"expires_in", 3600},
                                                                      {"account", json::object{{"id", "acct-" + username},
                                                                                               {"username", username}}}}));
    }
    if (parse_error || !body.is_object() || text_at(body.as_object(), "grant_type") != "refresh_token" ||
        text_at(body.as_object(), "refresh_token") != refresh_token_)
        return http::Response::json(400, R"({"error":"invalid_grant","error_description":"The refresh token is invalid or revoked"})");
    access_token_ = "access-" + random_secret(8);
    refresh_token_ = "refresh-" + random_secret(8);
    return http::Response::json(200, json::serialize(json::object{{"access_token", access_token_},
                                                                  {"refresh_token", refresh_token_},
                                                                  {"token_type", "Bearer"},
                                                                  {"expires_in", 3600}}));
}

}  // namespace chorus::fakes
