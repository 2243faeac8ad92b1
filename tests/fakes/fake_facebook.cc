#include "fake_facebook.h"

#include <boost/json.hpp>

#include <algorithm>

#include "core/id.h"
#include "graph_fake.h"
#include "http/multipart.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

using graph::invalid_parameter;
using graph::no_such_object;
using graph::parameters;

http::Response invalid_token() { return graph::error(400, 190, "Invalid OAuth access token - Cannot parse access token"); }

}  // namespace

FakeFacebook::FakeFacebook(FakeFacebookOptions options) : options_(std::move(options)) {
    pages_ = {{"104000000000001", "Café Luna", "cafeluna", {"ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"},
               InstagramAccount{"17841400000000101", "cafeluna", "Café Luna"}},
              {"104000000000002", "Luna Roastery", "", {"ANALYZE", "MODERATE", "CREATE_CONTENT"}, std::nullopt},
              {"104000000000003", "Luna Fans", "lunafans", {"ANALYZE"}, InstagramAccount{"17841400000000103", "lunafans", "Luna Fans"}}};
    const auto on_io = http::Execution::inline_on_io;
    const auto v = "/" + options_.version;
    router_.add("GET", v + "/dialog/oauth", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("GET", v + "/oauth/access_token", [this](http::Request& r) { return access_token(r); }, on_io);
    router_.add("GET", v + "/{id}/accounts", [this](http::Request& r) { return accounts(r); }, on_io);
    router_.add("GET", v + "/{id}", [this](http::Request& r) { return read_node(r); }, on_io);
    router_.add("DELETE", v + "/{id}", [this](http::Request& r) { return delete_node(r); }, on_io);
    router_.add("POST", v + "/{id}/photos", [this](http::Request& r) { return upload_photo(r); }, on_io);
    router_.add("POST", v + "/{id}/feed", [this](http::Request& r) { return post_feed(r); }, on_io);
    // A video is downloaded from its address: not on the I/O thread.
    router_.add("POST", v + "/{id}/videos", [this](http::Request& r) { return post_video(r); });
    router_.add("GET", v + "/{id}/published_posts", [this](http::Request& r) { return list(r, false); }, on_io);
    router_.add("GET", v + "/{id}/videos", [this](http::Request& r) { return list(r, true); }, on_io);
    add_instagram_routes();
    add_comment_routes();
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeFacebook::~FakeFacebook() = default;

std::string FakeFacebook::base_url() const { return server_->base_url(); }

void FakeFacebook::drop_answer_to_next_post() {
    std::lock_guard lock(mutex_);
    drop_next_ = true;
}

void FakeFacebook::fail_next_post() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
}

void FakeFacebook::rate_limit_next_post() {
    std::lock_guard lock(mutex_);
    rate_limit_next_ = true;
}

void FakeFacebook::revoke_tokens() {
    std::lock_guard lock(mutex_);
    revoked_ = true;
}

std::vector<FacebookPost> FakeFacebook::posts() const {
    std::lock_guard lock(mutex_);
    return posts_;
}

std::vector<FacebookPhoto> FakeFacebook::photos() const {
    std::lock_guard lock(mutex_);
    return photos_;
}

int FakeFacebook::post_requests() const {
    std::lock_guard lock(mutex_);
    return post_requests_;
}

const FacebookPage* FakeFacebook::find_page(const std::string& id) const {
    auto it = std::find_if(pages_.begin(), pages_.end(), [&](const FacebookPage& page) { return page.id == id; });
    return it == pages_.end() ? nullptr : &*it;
}

const FacebookPage* FakeFacebook::page_for(const http::Request& request, http::Response& refusal) const {
    auto token = tokens_.find(parameters(request)["access_token"]);
    if (token == tokens_.end()) {
        refusal = invalid_token();
        return nullptr;
    }
    if (revoked_) {
        refusal = graph::error(400, 190, "Error validating access token: The user has not authorized application " + options_.client_id + ".", 458);
        return nullptr;
    }
    if (token->second.kind != TokenKind::page) {
        refusal = graph::error(403, 200, "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an "
                                         "admin with sufficient administrative permission",
                               0, "OAuthException");
        return nullptr;
    }
    return find_page(token->second.page_id);
}

const FacebookPage* FakeFacebook::page_acting_on(const http::Request& request, http::Response& refusal) const {
    const auto* page = page_for(request, refusal);
    if (page && page->id != request.param("id")) {
        refusal = graph::error(403, 200, "(#200) Permissions error");
        return nullptr;
    }
    return page;
}

// --- Facebook Login ---

http::Response FakeFacebook::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("response_type") != "code" || param("client_id") != options_.client_id) return invalid_parameter("Invalid App ID");
    if (param("scope").find("pages_show_list") == std::string::npos)
        return invalid_parameter("pages_show_list must be requested to list the Pages");
    const auto code = random_secret(16);
    codes_[code] = param("redirect_uri");
    return graph::approve(param("redirect_uri"), code, param("state"));
}

http::Response FakeFacebook::access_token(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    if (fields["client_id"] != options_.client_id) return invalid_parameter("Error validating application. Invalid application ID.");
    if (fields["client_secret"] != options_.client_secret) return graph::error(400, 1, "Error validating client secret.");
    if (fields["grant_type"] == "fb_exchange_token") {
        auto it = tokens_.find(fields["fb_exchange_token"]);
        if (it == tokens_.end() || it->second.kind != TokenKind::short_user) return invalid_token();
        const auto token = "EAAL" + random_secret(24);
        tokens_[token] = Token{TokenKind::long_user, {}};
        return http::Response::json(200, json::serialize(json::object{{"access_token", token}, {"token_type", "bearer"}, {"expires_in", 5183944}}));
    }
    auto code = codes_.find(fields["code"]);
    if (code == codes_.end() || code->second != fields["redirect_uri"])
        return graph::error(400, 100, "Invalid verification code format.", 36009);
    codes_.erase(code);  // single use
    const auto token = "EAAS" + random_secret(24);
    tokens_[token] = Token{TokenKind::short_user, {}};
    return http::Response::json(200, json::serialize(json::object{{"access_token", token}, {"token_type", "bearer"}, {"expires_in", 5183}}));
}

// The user's Pages, each with a Page token, `accounts_page_size` at a time.
http::Response FakeFacebook::accounts(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    auto token = tokens_.find(fields["access_token"]);
    if (token == tokens_.end() || token->second.kind == TokenKind::page) return invalid_token();
    if (revoked_) return graph::error(400, 190, "Error validating access token: The user has not authorized application.", 458);
    std::size_t start = fields["after"].empty() ? 0 : std::stoul(fields["after"].substr(1));
    const std::size_t end = std::min(pages_.size(), start + options_.accounts_page_size);
    json::array data;
    for (std::size_t i = start; i < end; ++i) {
        const auto& page = pages_[i];
        const auto page_token = "EAAP" + random_secret(24);
        tokens_[page_token] = Token{TokenKind::page, page.id};
        json::array tasks;
        for (const auto& task : page.tasks) tasks.push_back(json::value(task));
        json::object item{{"id", page.id}, {"name", page.name}, {"access_token", page_token}, {"tasks", tasks}, {"category", "Café"}};
        if (!page.username.empty()) item["username"] = page.username;
        if (page.instagram && fields["fields"].find("instagram_business_account") != std::string::npos)
            item["instagram_business_account"] =
                json::object{{"id", page.instagram->id}, {"username", page.instagram->username}, {"name", page.instagram->name}};
        data.push_back(item);
    }
    json::object paging{{"cursors", json::object{{"before", "c" + std::to_string(start)}, {"after", "c" + std::to_string(end)}}}};
    if (end < pages_.size()) paging["next"] = base_url() + request.path + "?after=c" + std::to_string(end);
    return http::Response::json(200, json::serialize(json::object{{"data", data}, {"paging", paging}}));
}

// --- publishing ---

std::optional<http::Response> FakeFacebook::armed_fault() {
    if (rate_limit_next_) {
        rate_limit_next_ = false;
        auto limited = graph::error(400, 32, "(#32) Page request limit reached");
        limited.headers.emplace_back("x-business-use-case-usage",
                                     R"({")" + pages_.front().id +
                                         R"(":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":20,"estimated_time_to_regain_access":17}]})");
        return limited;
    }
    if (fail_next_) {
        fail_next_ = false;
        return graph::error(500, 2, "An unexpected error has occurred. Please retry your request later.", 0, "OAuthException");
    }
    return std::nullopt;
}

http::Response FakeFacebook::created(const FacebookPost& post, const std::string& id_to_answer) {
    posts_.push_back(post);
    auto answer = http::Response::json(200, json::serialize(json::object{{"id", id_to_answer}}));
    if (drop_next_) {
        drop_next_ = false;
        answer.drop_connection = true;
    }
    return answer;
}

http::Response FakeFacebook::upload_photo(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = page_acting_on(request, refusal);
    if (!page) return refusal;
    FacebookPhoto photo;
    auto parts = http::parse_multipart(request.header("content-type").value_or(""), request.body);
    if (parts)
        for (const auto& part : *parts)
            if (part.name == "source" && part.filename) {
                photo.mime = part.content_type;
                photo.bytes = part.data.size();
            }
    if (photo.bytes == 0) return graph::error(400, 324, "(#324) Requires upload file");
    if (photo.mime != "image/jpeg" && photo.mime != "image/png" && photo.mime != "image/gif")
        return graph::error(400, 1366046, "Sorry, the image you selected is not supported. Please choose a JPG, PNG or GIF.");
    photo.id = std::to_string(++next_id_);
    photo.page_id = page->id;
    photo.alt_text = fields["alt_text_custom"];
    photo.published = fields["published"] != "false";
    photos_.push_back(photo);
    return http::Response::json(200, json::serialize(json::object{{"id", photo.id}}));
}

http::Response FakeFacebook::post_feed(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    ++post_requests_;
    http::Response refusal;
    const auto* page = page_acting_on(request, refusal);
    if (!page) return refusal;
    if (auto fault = armed_fault()) return *fault;
    FacebookPost post;
    post.page_id = page->id;
    post.message = fields["message"];
    post.link = fields["link"];
    for (int i = 0; fields.count("attached_media[" + std::to_string(i) + "]"); ++i) {
        auto attached = boost::json::parse(fields["attached_media[" + std::to_string(i) + "]"]);
        const auto* media_fbid = attached.is_object() ? attached.as_object().if_contains("media_fbid") : nullptr;
        const auto id = media_fbid && media_fbid->is_string() ? std::string(media_fbid->get_string()) : std::string();
        auto photo = std::find_if(photos_.begin(), photos_.end(), [&](const FacebookPhoto& p) { return p.id == id; });
        if (photo == photos_.end() || photo->page_id != page->id || photo->published)
            return invalid_parameter("(#100) param attached_media[" + std::to_string(i) + "] must be an unpublished photo of this Page");
        post.photo_ids.push_back(id);
    }
    if (post.message.empty() && post.link.empty() && post.photo_ids.empty())
        return invalid_parameter("(#100) The parameter message or link or attached_media is required");
    if (post.message.size() > 63206) return invalid_parameter("(#100) Message is too long");
    // Facebook refuses the same status twice in a row on a Page.
    for (auto earlier = posts_.rbegin(); earlier != posts_.rend(); ++earlier)
        if (earlier->page_id == page->id && earlier->kind != "video") {
            if (!post.message.empty() && earlier->message == post.message && earlier->photo_ids.empty() && post.photo_ids.empty())
                return graph::error(400, 506, "(#506) Duplicate status message");
            break;
        }
    for (const auto& id : post.photo_ids)
        for (auto& photo : photos_)
            if (photo.id == id) photo.published = true;
    post.kind = post.photo_ids.empty() ? "status" : "photo";
    post.id = page->id + "_" + std::to_string(++next_id_);
    post.created_at = now_millis();
    return created(post, post.id);
}

http::Response FakeFacebook::post_video(http::Request& request) {
    auto fields = parameters(request);
    std::unique_lock lock(mutex_);
    ++post_requests_;
    http::Response refusal;
    const auto* page = page_acting_on(request, refusal);
    if (!page) return refusal;
    if (auto fault = armed_fault()) return *fault;
    if (fields["file_url"].empty()) return graph::error(400, 390, "(#390) There was a problem uploading your video file. Please try again.");
    lock.unlock();  // downloading takes a while; the test may look meanwhile
    auto video = graph::download(downloader_, fields["file_url"]);
    lock.lock();
    if (!video || (video->mime != "video/mp4" && video->mime != "video/quicktime"))
        return graph::error(400, 352, "(#352) Sorry, the video file you selected is in a format that we don't support.");
    FacebookPost post;
    post.id = std::to_string(++next_id_);
    post.page_id = page->id;
    post.kind = "video";
    post.message = fields["description"];
    post.title = fields["title"];
    post.video_url = fields["file_url"];
    post.video_mime = video->mime;
    post.created_at = now_millis();
    return created(post, post.id);
}

std::string FakeFacebook::post_json(const FacebookPost& post) const {
    const auto* page = find_page(post.page_id);
    const auto page_path = page && !page->username.empty() ? page->username : post.page_id;
    json::object node{{"id", post.id}, {"created_time", graph::iso_time(post.created_at)}};
    if (post.kind == "video") {
        node["description"] = post.message;
        node["permalink_url"] = "/" + page_path + "/videos/" + post.id + "/";  // relative, as Graph gives it for videos
    } else {
        node["message"] = post.message;
        node["permalink_url"] = "https://www.facebook.com/" + page_path + "/posts/" + post.id.substr(post.id.find('_') + 1);
    }
    return json::serialize(node);
}

http::Response FakeFacebook::read_node(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = page_for(request, refusal);
    if (!page) return refusal;
    const auto& id = request.param("id");
    if (id == page->id || id == "me") return http::Response::json(200, json::serialize(json::object{{"id", page->id}, {"name", page->name}}));
    if (auto instagram = read_instagram_node(*page, id)) return *instagram;
    for (const auto& post : posts_)
        if (post.id == id && post.page_id == page->id) return http::Response::json(200, post_json(post));
    return no_such_object(id);
}

http::Response FakeFacebook::delete_node(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = page_for(request, refusal);
    if (!page) return refusal;
    const auto& id = request.param("id");
    if (auto instagram = delete_instagram_node(*page, id)) return *instagram;
    auto it = std::find_if(posts_.begin(), posts_.end(), [&](const FacebookPost& post) { return post.id == id && post.page_id == page->id; });
    if (it == posts_.end()) return no_such_object(id);
    posts_.erase(it);
    return http::Response::json(200, R"({"success":true})");
}

http::Response FakeFacebook::list(http::Request& request, bool videos) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = page_acting_on(request, refusal);
    if (!page) return refusal;
    std::size_t limit = 25;
    if (!fields["limit"].empty()) limit = std::clamp<std::size_t>(std::stoul(fields["limit"]), 1, 100);
    std::string data;
    std::size_t count = 0;
    for (auto post = posts_.rbegin(); post != posts_.rend() && count < limit; ++post) {
        if (post->page_id != page->id || (post->kind == "video") != videos) continue;
        data += (data.empty() ? "" : ",") + post_json(*post);
        ++count;
    }
    return http::Response::json(200, R"({"data":[)" + data + R"(],"paging":{"cursors":{"before":"QVFIUk","after":"QVFIUl"}}})");
}

}  // namespace chorus::fakes
