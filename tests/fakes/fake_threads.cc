#include "fake_threads.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>

#include "core/id.h"
#include "graph_fake.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

using graph::iso_time;
using graph::no_such_object;
using graph::parameters;

http::Response invalid_parameter(const std::string& message) { return graph::invalid_parameter(message, "THApiException"); }

// Threads counts characters, with an emoji costing its UTF-8 bytes; near enough: code
// points, and every 4-byte sequence (where emoji live) as 4.
std::size_t threads_length(const std::string& text) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) == 0x80) continue;
        length += (byte & 0xF8) == 0xF0 ? 4 : 1;
    }
    return length;
}

}  // namespace

FakeThreads::FakeThreads(FakeThreadsOptions options) : options_(std::move(options)) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("GET", "/oauth/authorize", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/oauth/access_token", [this](http::Request& r) { return code_exchange(r); }, on_io);
    router_.add("GET", "/access_token", [this](http::Request& r) { return long_lived_exchange(r); }, on_io);
    router_.add("GET", "/refresh_access_token", [this](http::Request& r) { return renew(r); }, on_io);
    router_.add("GET", "/v1.0/{id}", [this](http::Request& r) { return read_node(r); }, on_io);
    router_.add("DELETE", "/v1.0/{id}", [this](http::Request& r) { return delete_node(r); }, on_io);
    // Creating a container downloads its media: not on the I/O thread.
    router_.add("POST", "/v1.0/{id}/threads", [this](http::Request& r) { return create_container(r); });
    router_.add("POST", "/v1.0/{id}/threads_publish", [this](http::Request& r) { return publish(r); }, on_io);
    router_.add("GET", "/v1.0/{id}/threads", [this](http::Request& r) { return list(r, false); }, on_io);
    router_.add("GET", "/v1.0/{id}/replies", [this](http::Request& r) { return list(r, true); }, on_io);
    router_.add("GET", "/v1.0/{id}/threads_publishing_limit", [this](http::Request& r) { return publishing_limit(r); }, on_io);
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeThreads::~FakeThreads() = default;

std::string FakeThreads::base_url() const { return server_->base_url(); }

void FakeThreads::drop_answer_to_next_publish() {
    std::lock_guard lock(mutex_);
    drop_next_ = true;
}

void FakeThreads::fail_next_publish() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
}

void FakeThreads::rate_limit_next_publish() {
    std::lock_guard lock(mutex_);
    rate_limit_next_ = true;
}

void FakeThreads::fail_next_video_processing() {
    std::lock_guard lock(mutex_);
    fail_next_video_ = true;
}

void FakeThreads::expire_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, state] : tokens_) state.valid = false;
}

void FakeThreads::revoke_tokens() { expire_tokens(); }

std::vector<ThreadsPost> FakeThreads::posts() const {
    std::lock_guard lock(mutex_);
    return posts_;
}

int FakeThreads::publish_requests() const {
    std::lock_guard lock(mutex_);
    return publish_requests_;
}

int FakeThreads::containers_created() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(containers_.size());
}

int FakeThreads::renewals() const {
    std::lock_guard lock(mutex_);
    return renewals_;
}

bool FakeThreads::authorised(const http::Request& request, http::Response& refusal) const {
    auto token = parameters(request)["access_token"];
    auto it = tokens_.find(token);
    if (it != tokens_.end() && it->second.valid) return true;
    refusal = it == tokens_.end() ? graph::error(400, 190, "Invalid OAuth access token - Cannot parse access token")
                                  : graph::error(400, 190, "Error validating access token: Session has expired.", 463);
    return false;
}

// --- OAuth ---

http::Response FakeThreads::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("response_type") != "code" || param("client_id") != options_.client_id)
        return invalid_parameter("Invalid platform app");
    if (param("scope").find("threads_basic") == std::string::npos || param("scope").find("threads_content_publish") == std::string::npos)
        return invalid_parameter("threads_basic and threads_content_publish must be requested");
    const auto code = random_secret(16);
    codes_[code] = param("redirect_uri");
    return graph::approve(param("redirect_uri"), code, param("state"));
}

http::Response FakeThreads::code_exchange(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    // This endpoint answers errors in the Instagram form.
    auto refuse = [](const std::string& message) {
        return http::Response::json(
            400, json::serialize(json::object{{"error_type", "OAuthException"}, {"code", 400}, {"error_message", message}}));
    };
    if (fields["client_id"] != options_.client_id || fields["client_secret"] != options_.client_secret)
        return refuse("Error validating client secret.");
    if (fields["grant_type"] != "authorization_code") return refuse("Invalid grant_type");
    auto code = codes_.find(fields["code"]);
    if (code == codes_.end() || code->second != fields["redirect_uri"]) return refuse("Invalid authorization code");
    codes_.erase(code);  // single use
    const auto token = "THQ" + random_secret(24);
    tokens_[token] = Token{false, true};
    return http::Response::json(200, R"({"access_token":")" + token + R"(","user_id":)" + user_id() + "}");
}

http::Response FakeThreads::long_lived_exchange(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    if (fields["grant_type"] != "th_exchange_token") return invalid_parameter("Unsupported grant_type");
    if (fields["client_secret"] != options_.client_secret) return graph::error(400, 101, "Error validating client secret.");
    auto it = tokens_.find(fields["access_token"]);
    if (it == tokens_.end() || !it->second.valid || it->second.long_lived)
        return graph::error(400, 190, "Invalid OAuth access token - Cannot parse access token");
    const auto token = "THL" + random_secret(24);
    tokens_[token] = Token{true, true};
    return http::Response::json(
        200, json::serialize(json::object{{"access_token", token}, {"token_type", "bearer"}, {"expires_in", 5183944}}));
}

http::Response FakeThreads::renew(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    if (fields["grant_type"] != "th_refresh_token") return invalid_parameter("Unsupported grant_type");
    auto it = tokens_.find(fields["access_token"]);
    if (it == tokens_.end() || !it->second.long_lived)
        return graph::error(400, 190, "Invalid OAuth access token - Cannot parse access token");
    if (!it->second.valid) return graph::error(400, 190, "Error validating access token: Session has expired.", 463);
    ++renewals_;
    const auto token = "THL" + random_secret(24);
    tokens_[token] = Token{true, true};
    return http::Response::json(
        200, json::serialize(json::object{{"access_token", token}, {"token_type", "bearer"}, {"expires_in", 5184000}}));
}

// --- nodes: the user, containers, posts ---

std::string FakeThreads::post_json(const ThreadsPost& post, bool with_reply) const {
    json::object node{{"id", post.id},
                      {"media_type", post.media_type},
                      {"text", post.text},
                      {"timestamp", iso_time(post.created_at)},
                      {"permalink", post.permalink},
                      {"username", username()}};
    if (with_reply && post.reply_to) node["replied_to"] = json::object{{"id", *post.reply_to}};
    return json::serialize(node);
}

http::Response FakeThreads::read_node(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    const auto& id = request.param("id");
    if (id == "me" || id == user_id())
        return http::Response::json(200, json::serialize(json::object{{"id", user_id()}, {"username", username()}, {"name", "Café Luna"}}));
    if (auto it = containers_.find(id); it != containers_.end()) {
        auto& container = it->second;
        if (container.status == "IN_PROGRESS" && --container.polls_until_ready <= 0)
            container.status = container.error_message.empty() ? "FINISHED" : "ERROR";
        json::object node{{"id", id}, {"status", container.status}};
        if (container.status == "ERROR") node["error_message"] = container.error_message;
        return http::Response::json(200, json::serialize(node));
    }
    for (const auto& post : posts_)
        if (post.id == id) return http::Response::json(200, post_json(post, true));
    return no_such_object(id);
}

std::optional<ThreadsMedia> FakeThreads::download(const std::string& media_type, const std::string& url, const std::string& alt_text) {
    auto fetched = graph::download(downloader_, url);
    if (!fetched) return std::nullopt;
    const auto& mime = fetched->mime;
    const bool fits = media_type == "IMAGE" ? (mime == "image/jpeg" || mime == "image/png") : (mime == "video/mp4" || mime == "video/quicktime");
    if (!fits) return std::nullopt;
    return ThreadsMedia{media_type, url, mime, fetched->bytes, alt_text};
}

http::Response FakeThreads::create_container(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (request.param("id") != user_id() && request.param("id") != "me") return no_such_object(request.param("id"));
    Container container;
    container.id = std::to_string(++next_id_);
    container.media_type = fields["media_type"];
    container.text = fields["text"];
    container.is_carousel_item = fields["is_carousel_item"] == "true";
    container.reply_control = fields["reply_control"];
    container.topic_tag = fields["topic_tag"];
    if (!fields["reply_to_id"].empty()) {
        const auto parent = fields["reply_to_id"];
        if (std::none_of(posts_.begin(), posts_.end(), [&](const ThreadsPost& post) { return post.id == parent; }))
            return invalid_parameter("Param reply_to_id must be the id of a Threads post");
        container.reply_to = parent;
    }
    if (threads_length(container.text) > 500) return invalid_parameter("Param text must be at most 500 characters long.");
    static const std::vector<std::string> reply_controls{"", "everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only",
                                                         "followers_only"};
    if (std::find(reply_controls.begin(), reply_controls.end(), container.reply_control) == reply_controls.end())
        return invalid_parameter("Param reply_control must be one of {everyone, accounts_you_follow, mentioned_only, "
                                 "parent_post_author_only, followers_only}");
    if (container.media_type == "TEXT") {
        if (container.text.empty()) return invalid_parameter("Param text is required for media_type TEXT");
    } else if (container.media_type == "IMAGE" || container.media_type == "VIDEO") {
        const auto url = fields[container.media_type == "IMAGE" ? "image_url" : "video_url"];
        if (url.empty()) return invalid_parameter("Param " + std::string(container.media_type == "IMAGE" ? "image_url" : "video_url") + " is required");
        auto media = download(container.media_type, url, fields["alt_text"]);
        if (container.media_type == "IMAGE") {
            // By analogy with Instagram's documented code 9004 (Threads documents none).
            if (!media) return graph::error(400, 9004, "Media download has failed. The media URI doesn't meet our requirements.", 2207052);
        } else {
            container.status = "IN_PROGRESS";
            container.polls_until_ready = options_.video_processing_polls;
            if (!media) container.error_message = "FAILED_DOWNLOADING_VIDEO";
            else if (fail_next_video_) container.error_message = "FAILED_PROCESSING_VIDEO";
            fail_next_video_ = false;
        }
        if (media) container.media.push_back(*media);
    } else if (container.media_type == "CAROUSEL") {
        std::string list = fields["children"];
        for (std::size_t start = 0; start <= list.size() && !list.empty();) {
            auto comma = list.find(',', start);
            container.children.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (container.children.size() < 2 || container.children.size() > 20)
            return invalid_parameter("Param children must list 2 to 20 carousel items");
        for (const auto& child : container.children) {
            auto it = containers_.find(child);
            if (it == containers_.end() || !it->second.is_carousel_item) return invalid_parameter("Param children must be carousel item containers");
            if (it->second.status != "FINISHED") return invalid_parameter("Carousel item " + child + " is not ready");
            container.media.insert(container.media.end(), it->second.media.begin(), it->second.media.end());
        }
    } else {
        return invalid_parameter("Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}");
    }
    containers_[container.id] = container;
    return http::Response::json(200, json::serialize(json::object{{"id", container.id}}));
}

http::Response FakeThreads::publish(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    ++publish_requests_;
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    if (rate_limit_next_) {
        rate_limit_next_ = false;
        auto limited = graph::error(400, 4, "Application request limit reached");
        limited.headers.emplace_back("x-app-usage", R"({"call_count":100,"total_cputime":20,"total_time":31})");
        return limited;
    }
    if (fail_next_) {
        fail_next_ = false;
        auto failed = graph::error(500, 2, "Service temporarily unavailable");
        return failed;
    }
    auto it = containers_.find(fields["creation_id"]);
    if (it == containers_.end() || it->second.is_carousel_item) return invalid_parameter("Param creation_id must be a container ready to publish");
    auto& container = it->second;
    if (container.status == "PUBLISHED") return invalid_parameter("The container has already been published");
    if (container.status != "FINISHED") return graph::error(400, 9007, "The media is not ready for publishing, please wait for a moment", 2207027);
    ThreadsPost post;
    post.id = std::to_string(++next_id_);
    post.media_type = container.media_type == "TEXT" ? "TEXT_POST" : container.media_type == "CAROUSEL" ? "CAROUSEL_ALBUM" : container.media_type;
    post.text = container.text;
    post.media = container.media;
    post.reply_to = container.reply_to;
    post.reply_control = container.reply_control;
    post.topic_tag = container.topic_tag;
    post.permalink = "https://www.threads.net/@" + username() + "/post/C" + post.id.substr(post.id.size() - 8);
    post.created_at = now_millis();
    posts_.push_back(post);
    container.status = "PUBLISHED";
    container.published_id = post.id;
    auto answer = http::Response::json(200, json::serialize(json::object{{"id", post.id}}));
    if (drop_next_) {
        drop_next_ = false;
        answer.drop_connection = true;
    }
    return answer;
}

http::Response FakeThreads::list(http::Request& request, bool replies) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    std::size_t limit = 25;
    if (!fields["limit"].empty()) limit = std::clamp<std::size_t>(std::stoul(fields["limit"]), 1, 100);
    std::string data;
    std::size_t count = 0;
    for (auto post = posts_.rbegin(); post != posts_.rend() && count < limit; ++post) {
        if (post->reply_to.has_value() != replies) continue;
        data += (data.empty() ? "" : ",") + post_json(*post, replies);
        ++count;
    }
    return http::Response::json(200, R"({"data":[)" + data + R"(],"paging":{"cursors":{"before":"QVFIUk","after":"QVFIUl"}}})");
}

http::Response FakeThreads::publishing_limit(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    const Millis day_ago = now_millis() - 86'400'000;
    const auto used = std::count_if(posts_.begin(), posts_.end(), [&](const ThreadsPost& post) { return !post.reply_to && post.created_at > day_ago; });
    return http::Response::json(
        200, json::serialize(json::object{
                 {"data", json::array{json::object{{"quota_usage", used},
                                                   {"config", json::object{{"quota_total", options_.quota_total}, {"quota_duration", 86400}}}}}}}));
}

http::Response FakeThreads::delete_node(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    const auto& id = request.param("id");
    auto it = std::find_if(posts_.begin(), posts_.end(), [&](const ThreadsPost& post) { return post.id == id; });
    if (it == posts_.end()) return no_such_object(id);
    posts_.erase(it);
    return http::Response::json(200, json::serialize(json::object{{"success", true}, {"deleted_id", id}}));
}

}  // namespace chorus::fakes
