#include "fake_youtube.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <charconv>

#include "core/digest.h"
#include "core/id.h"
#include "fake_text.h"
#include "oauth_fake_parts.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

constexpr std::size_t chunk_granularity = 256 * 1024;

using youtube::google_error;

std::size_t number(std::string_view text, bool& ok) {
    std::size_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    ok = ok && error == std::errc() && end == text.data() + text.size();
    return value;
}

// "bytes 0-262143/1000000" or "bytes */1000000" (a status query: first = nullopt).
struct ContentRange {
    std::optional<std::size_t> first, last;
    std::size_t total = 0;
};
std::optional<ContentRange> content_range(std::string_view header) {
    if (!header.starts_with("bytes ")) return std::nullopt;
    header.remove_prefix(6);
    const auto slash = header.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    bool ok = true;
    ContentRange range;
    range.total = number(header.substr(slash + 1), ok);
    const auto span = header.substr(0, slash);
    if (span != "*") {
        const auto dash = span.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        range.first = number(span.substr(0, dash), ok);
        range.last = number(span.substr(dash + 1), ok);
    }
    if (!ok) return std::nullopt;
    return range;
}

http::Response resume_incomplete(std::size_t received) {
    http::Response incomplete;
    incomplete.status = 308;
    if (received > 0) incomplete.headers.emplace_back("Range", "bytes=0-" + std::to_string(received - 1));
    return incomplete;
}

}  // namespace

http::Response youtube::google_error(int status, const std::string& reason, const std::string& message, const std::string& domain,
                            const std::string& state) {
    json::object body{{"code", status},
                      {"message", message},
                      {"errors", json::array{json::object{{"message", message}, {"domain", domain}, {"reason", reason}}}},
                      {"status", state}};
    return http::Response::json(status, json::serialize(json::object{{"error", std::move(body)}}));
}

FakeYouTube::FakeYouTube(FakeYouTubeOptions options) : options_(std::move(options)) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("GET", "/o/oauth2/v2/auth", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/token", [this](http::Request& r) { return token(r); }, on_io);
    router_.add("GET", "/youtube/v3/channels", [this](http::Request& r) { return channels(r); }, on_io);
    router_.add("POST", "/upload/youtube/v3/videos", [this](http::Request& r) { return open_session(r); }, on_io);
    router_.add_upload("PUT", "/upload/youtube/v3/videos", [this](http::Request& r) { return upload(r); }, 64 << 20);
    router_.add("DELETE", "/youtube/v3/videos", [this](http::Request& r) { return delete_video(r); }, on_io);
    add_comment_routes();
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeYouTube::~FakeYouTube() = default;

std::string FakeYouTube::base_url() const { return server_->base_url(); }

void FakeYouTube::drop_answer_to_next_final_chunk() {
    std::lock_guard lock(mutex_);
    drop_next_final_ = true;
}

void FakeYouTube::cut_next_upload_midway() {
    std::lock_guard lock(mutex_);
    cut_next_ = true;
}

void FakeYouTube::expire_sessions() {
    std::lock_guard lock(mutex_);
    for (auto& [id, session] : sessions_) session.expired = true;
}

void FakeYouTube::reject_next_video() {
    std::lock_guard lock(mutex_);
    reject_next_ = true;
}

void FakeYouTube::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : access_tokens_) valid = false;
}

void FakeYouTube::revoke_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, valid] : access_tokens_) valid = false;
    refresh_tokens_.clear();
}

void FakeYouTube::lose_audit() {
    std::lock_guard lock(mutex_);
    options_.audited_project = false;
}

std::vector<YouTubeVideo> FakeYouTube::videos() const {
    std::lock_guard lock(mutex_);
    return videos_;
}

int FakeYouTube::sessions_opened() const {
    std::lock_guard lock(mutex_);
    return sessions_opened_;
}

int FakeYouTube::chunks_received() const {
    std::lock_guard lock(mutex_);
    return chunks_received_;
}

int FakeYouTube::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

// --- OAuth ---

http::Response FakeYouTube::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("client_id") != options_.client_id) return oauth_error(401, "invalid_client", "The OAuth client was not found.");
    if (param("response_type") != "code") return oauth_error(400, "unsupported_response_type", "Invalid response_type");
    if (param("scope").find("https://www.googleapis.com/auth/youtube") == std::string::npos)
        return oauth_error(400, "invalid_scope", "Some requested scopes were invalid");
    if (!param("code_challenge").empty() && param("code_challenge_method") != "S256")
        return oauth_error(400, "invalid_request", "Invalid code_challenge_method");
    const auto code = "4/0A" + random_secret(16);
    codes_[code] = Code{param("redirect_uri"), param("code_challenge"), param("access_type") == "offline"};
    boost::urls::url location(param("redirect_uri"));
    location.params().append({"state", param("state")});
    location.params().append({"code", code});
    location.params().append({"scope", param("scope")});
    return redirect_to(location);
}

http::Response FakeYouTube::token(http::Request& request) {
    auto fields = form_fields(request.body);
    std::lock_guard lock(mutex_);
    if (fields["client_id"] != options_.client_id || fields["client_secret"] != options_.client_secret)
        return oauth_error(401, "invalid_client", "Unauthorized");
    json::object answer{{"expires_in", 3599}, {"scope", "https://www.googleapis.com/auth/youtube.force-ssl"}, {"token_type", "Bearer"}};
    if (fields["grant_type"] == "authorization_code") {
        auto it = codes_.find(fields["code"]);
        if (it == codes_.end() || it->second.redirect_uri != fields["redirect_uri"]) return oauth_error(400, "invalid_grant", "Bad Request");
        if (!it->second.challenge.empty() && sha256_base64url(fields["code_verifier"]) != it->second.challenge)
            return oauth_error(400, "invalid_grant", "Invalid code verifier.");
        if (it->second.offline) {
            const auto refresh = "1//0g" + random_secret(24);
            refresh_tokens_[refresh] = true;
            answer["refresh_token"] = refresh;
        }
        codes_.erase(it);
    } else if (fields["grant_type"] == "refresh_token") {
        if (!refresh_tokens_.contains(fields["refresh_token"])) return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
        ++refreshes_;  // Google keeps the refresh token: none in the answer
    } else {
        return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: " + fields["grant_type"]);
    }
    const auto access = "ya29." + random_secret(32);
    access_tokens_[access] = true;
    answer["access_token"] = access;
    return http::Response::json(200, json::serialize(answer));
}

std::optional<http::Response> FakeYouTube::unauthorised(const http::Request& request) const {
    const auto header = request.header("authorization").value_or("");
    auto it = header.starts_with("Bearer ") ? access_tokens_.find(header.substr(7)) : access_tokens_.end();
    if (it == access_tokens_.end() || !it->second)
        return google_error(401,
                            "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
                            "other valid authentication credential.",
                            "global", "UNAUTHENTICATED");
    return std::nullopt;
}

// --- the Data API ---

http::Response FakeYouTube::channels(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    if (request.query_param("mine").value_or("") != "true")
        return google_error(400, "missingRequiredParameter", "No filter selected. Expected one of: mine, id, forHandle", "youtube.parameter",
                            "INVALID_ARGUMENT");
    json::array items;
    if (options_.has_channel)
        items.push_back(json::object{{"kind", "youtube#channel"},
                                     {"id", channel_id()},
                                     {"snippet", json::object{{"title", "Café Luna"}, {"customUrl", "@cafeluna"}}}});
    return http::Response::json(200, json::serialize(json::object{{"kind", "youtube#channelListResponse"}, {"items", std::move(items)}}));
}

http::Response FakeYouTube::open_session(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    if (request.query_param("uploadType").value_or("") != "resumable")
        return google_error(400, "invalidParameter", "uploadType must be resumable here", "global", "INVALID_ARGUMENT");
    if (!options_.has_channel)
        return google_error(401, "youtubeSignupRequired", "Unauthorized", "global", "UNAUTHENTICATED");
    bool ok = true;
    const auto total = number(request.header("x-upload-content-length").value_or(""), ok);
    const auto mime = request.header("x-upload-content-type").value_or("");
    if (!ok || total == 0) return google_error(400, "badContent", "X-Upload-Content-Length is required", "global", "INVALID_ARGUMENT");
    if (!mime.starts_with("video/") && mime != "application/octet-stream")
        return google_error(400, "badContent", "Media type '" + mime + "' is not supported.", "global", "INVALID_ARGUMENT");
    if (uploads_today_ >= options_.daily_uploads)
        return google_error(403, "quotaExceeded",
                            "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                            "youtube.quota", "PERMISSION_DENIED");
    ++uploads_today_;  // every call costs, even one that fails later
    auto metadata = json::parse(request.body.empty() ? "{}" : request.body);
    const auto* snippet = metadata.is_object() ? metadata.as_object().if_contains("snippet") : nullptr;
    const auto* status = metadata.is_object() ? metadata.as_object().if_contains("status") : nullptr;
    auto text = [](const json::value* object, const char* name) -> std::string {
        const auto* field = object && object->is_object() ? object->as_object().if_contains(name) : nullptr;
        return field && field->is_string() ? std::string(field->as_string()) : std::string();
    };
    Session session;
    session.title = text(snippet, "title");
    session.description = text(snippet, "description");
    session.privacy = text(status, "privacyStatus");
    const auto* kids = status && status->is_object() ? status->as_object().if_contains("selfDeclaredMadeForKids") : nullptr;
    session.made_for_kids = kids && kids->is_bool() && kids->as_bool();
    if (session.title.empty()) return google_error(400, "invalidTitle", "The request metadata specifies an invalid or empty video title.", "youtube.video", "INVALID_ARGUMENT");
    if (code_points(session.title) > 100 || session.title.find_first_of("<>") != std::string::npos)
        return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.", "youtube.video", "INVALID_ARGUMENT");
    if (session.description.size() > 5000 || session.description.find_first_of("<>") != std::string::npos)
        return google_error(400, "invalidDescription", "The request metadata specifies an invalid video description.", "youtube.video",
                            "INVALID_ARGUMENT");
    if (session.privacy.empty()) session.privacy = "public";
    if (session.privacy != "public" && session.privacy != "unlisted" && session.privacy != "private")
        return google_error(400, "invalidVideoMetadata", "The request metadata is invalid.", "youtube.video", "INVALID_ARGUMENT");
    session.channel_id = channel_id();
    session.mime = mime;
    session.total = total;
    const auto upload_id = "ADPycdu" + random_secret(20);
    sessions_[upload_id] = std::move(session);
    ++sessions_opened_;
    http::Response opened;
    opened.status = 200;
    opened.headers.emplace_back("Location", base_url() + "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status&upload_id=" + upload_id);
    return opened;
}

http::Response FakeYouTube::upload(http::Request& request) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(request.query_param("upload_id").value_or(""));
    if (it == sessions_.end() || it->second.expired) {
        http::Response gone;
        gone.status = 404;
        gone.content_type = "text/plain";
        gone.body = "Not Found";
        return gone;
    }
    if (auto refusal = unauthorised(request)) return *refusal;
    auto& session = it->second;
    const auto range = content_range(request.header("content-range").value_or(""));
    if (!range || range->total != session.total)
        return google_error(400, "badContent", "Content-Range is missing or does not match the session", "global", "INVALID_ARGUMENT");
    auto finished = [&]() {
        auto video = std::find_if(videos_.begin(), videos_.end(), [&](const YouTubeVideo& v) { return v.id == *session.video_id; });
        return http::Response::json(200, video_json(*video));
    };
    if (!range->first) {  // a status query
        if (session.video_id) return finished();
        return resume_incomplete(session.received.size());
    }
    ++chunks_received_;
    if (session.video_id) return finished();
    if (*range->first != session.received.size()) return resume_incomplete(session.received.size());  // resync
    const auto size = *range->last + 1 - *range->first;
    const bool last = *range->last + 1 == session.total;
    if (size != request.body.size() || (!last && size % chunk_granularity != 0))
        return google_error(400, "badContent", "Chunks other than the last must be multiples of 256 KiB", "global", "INVALID_ARGUMENT");
    if (cut_next_ && *range->first > 0) {
        cut_next_ = false;
        http::Response cut;
        cut.drop_connection = true;
        return cut;
    }
    session.received += request.body;
    if (!last) return resume_incomplete(session.received.size());

    YouTubeVideo video;
    video.id = "vid" + std::to_string(++next_id_) + random_secret(4).substr(0, 4);
    video.channel_id = session.channel_id;
    video.title = session.title;
    video.description = session.description;
    video.privacy = options_.audited_project ? session.privacy : "private";
    video.made_for_kids = session.made_for_kids;
    video.mime = session.mime;
    video.bytes = session.received.size();
    if (std::exchange(reject_next_, false)) video.upload_status = "rejected";
    session.video_id = video.id;
    session.received.clear();
    session.received.shrink_to_fit();
    videos_.push_back(video);
    auto answer = http::Response::json(200, video_json(video));
    answer.drop_connection = std::exchange(drop_next_final_, false);
    return answer;
}

http::Response FakeYouTube::delete_video(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    const auto id = request.query_param("id").value_or("");
    auto it = std::find_if(videos_.begin(), videos_.end(), [&](const YouTubeVideo& v) { return v.id == id; });
    if (it == videos_.end())
        return google_error(404, "videoNotFound", "The video that you are trying to delete cannot be found.", "youtube.video", "NOT_FOUND");
    videos_.erase(it);
    http::Response gone;
    gone.status = 204;
    return gone;
}

std::string FakeYouTube::video_json(const YouTubeVideo& video) const {
    json::object status{{"uploadStatus", video.upload_status}, {"privacyStatus", video.privacy}, {"selfDeclaredMadeForKids", video.made_for_kids}};
    if (video.upload_status == "rejected") status["rejectionReason"] = "duplicate";
    return json::serialize(json::object{{"kind", "youtube#video"},
                                        {"id", video.id},
                                        {"snippet", json::object{{"channelId", video.channel_id}, {"title", video.title}, {"description", video.description}}},
                                        {"status", std::move(status)}});
}

}  // namespace chorus::fakes
