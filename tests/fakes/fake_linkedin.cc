#include "fake_linkedin.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>
#include <utility>

#include "core/id.h"
#include "fake_text.h"
#include "networks/oauth2.h"
#include "oauth_fake_parts.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

struct Organisation {
    std::int64_t id;
    std::string name;
    std::string vanity;
    std::string role;   // the member's
    std::string state;  // of that role
};

// The member administers two Pages, only analyses a third, and has asked for a fourth.
const std::vector<Organisation>& organisations() {
    static const std::vector<Organisation> all{{2001, "Café Luna", "cafe-luna", "ADMINISTRATOR", "APPROVED"},
                                               {2002, "Luna Roastery", "luna-roastery", "CONTENT_ADMINISTRATOR", "APPROVED"},
                                               {2003, "Luna Fans", "luna-fans", "ANALYST", "APPROVED"},
                                               {2004, "Luna Pop-up", "luna-pop-up", "ADMINISTRATOR", "REQUESTED"}};
    return all;
}

constexpr std::string_view organisation_prefix = "urn:li:organization:";
constexpr std::string_view reserved = "|{}@[]()<>#\\*_~";

using linkedin::error;

// Refused input: errorDetails.inputErrors names the field and the rule.
http::Response input_error(int status, const std::string& code, const std::string& description, const std::string& field_path,
                           const std::string& message) {
    json::object input;
    if (!field_path.empty()) input["inputPath"] = json::object{{"fieldPath", field_path}};
    return http::Response::json(
        status, json::serialize(json::object{
                    {"errorDetailType", "com.linkedin.common.error.BadRequest"},
                    {"message", message},
                    {"errorDetails", json::object{{"inputErrors", json::array{json::object{
                                                                      {"description", description}, {"input", input}, {"code", code}}}}}},
                    {"status", status}}));
}



std::string join(const std::set<std::string>& scopes) {
    std::string joined;
    for (const auto& scope : scopes) joined += (joined.empty() ? "" : ",") + scope;
    return joined;
}

std::string string_in(const json::value& value, std::string_view key) {
    if (!value.is_object()) return {};
    const auto* found = value.as_object().if_contains(key);
    return found && found->is_string() ? std::string(found->get_string()) : std::string();
}

const json::value* member_of(const json::value& value, std::string_view key) {
    return value.is_object() ? value.as_object().if_contains(key) : nullptr;
}

// The text a reader sees: escapes undone, and cut at the first reserved character that was
// not escaped (what LinkedIn does with it), except the # of a hashtag.
std::pair<std::string, bool> as_shown(const std::string& commentary) {
    std::string text;
    for (std::size_t i = 0; i < commentary.size(); ++i) {
        const char c = commentary[i];
        if (c == '\\' && i + 1 < commentary.size() && reserved.find(commentary[i + 1]) != std::string_view::npos) {
            text.push_back(commentary[++i]);
            continue;
        }
        const bool hashtag = c == '#' && i + 1 < commentary.size() &&
                             (std::isalnum(static_cast<unsigned char>(commentary[i + 1])) || static_cast<unsigned char>(commentary[i + 1]) >= 0x80);
        if (reserved.find(c) != std::string_view::npos && !hashtag) return {text, true};
        text.push_back(c);
    }
    return {text, false};
}

}  // namespace

http::Response linkedin::error(int status, const std::string& code, const std::string& message, int service_code) {
    json::object body{{"status", status}, {"code", code}, {"message", message}};
    if (service_code) body["serviceErrorCode"] = service_code;
    return http::Response::json(status, json::serialize(body));
}

FakeLinkedIn::FakeLinkedIn(FakeLinkedInOptions options) : options_(std::move(options)) {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("GET", "/oauth/v2/authorization", [this](http::Request& r) { return authorize(r); }, on_io);
    router_.add("POST", "/oauth/v2/accessToken", [this](http::Request& r) { return token(r); }, on_io);
    router_.add("GET", "/v2/userinfo", [this](http::Request& r) { return userinfo(r); }, on_io);
    router_.add("GET", "/rest/organizationAcls", [this](http::Request& r) { return organization_acls(r); }, on_io);
    router_.add("GET", "/rest/organizations/{id}", [this](http::Request& r) { return organization(r); }, on_io);
    router_.add("POST", "/rest/images", [this](http::Request& r) { return images(r); }, on_io);
    router_.add("GET", "/rest/images/{urn}", [this](http::Request& r) { return image(r); }, on_io);
    router_.add_upload("PUT", "/dms-uploads/{asset}", [this](http::Request& r) { return upload_image(r); }, 64 << 20);
    router_.add("POST", "/rest/videos", [this](http::Request& r) { return videos(r); }, on_io);
    router_.add("GET", "/rest/videos/{urn}", [this](http::Request& r) { return video(r); }, on_io);
    router_.add_upload("PUT", "/ambry-video/{asset}/{part}", [this](http::Request& r) { return upload_video_part(r); }, 64 << 20);
    router_.add("POST", "/rest/posts", [this](http::Request& r) { return create_post(r); }, on_io);
    router_.add("GET", "/rest/posts", [this](http::Request& r) { return list_posts(r); }, on_io);
    router_.add("GET", "/rest/posts/{urn}", [this](http::Request& r) { return get_post(r); }, on_io);
    router_.add("DELETE", "/rest/posts/{urn}", [this](http::Request& r) { return delete_post(r); }, on_io);
    add_comment_routes();
    server_ = std::make_unique<LoopbackServer>(router_);
}

FakeLinkedIn::~FakeLinkedIn() = default;

std::string FakeLinkedIn::base_url() const { return server_->base_url(); }

void FakeLinkedIn::drop_answer_to_next_create() {
    std::lock_guard lock(mutex_);
    drop_next_ = true;
}

void FakeLinkedIn::fail_next_video() {
    std::lock_guard lock(mutex_);
    fail_next_video_ = true;
}

void FakeLinkedIn::expire_access_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, grant] : access_tokens_) grant.valid = false;
}

void FakeLinkedIn::revoke_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, grant] : access_tokens_) grant.valid = false;
    refresh_tokens_.clear();
}

void FakeLinkedIn::spend_daily_quota(const std::string& author, std::int64_t posts) {
    std::lock_guard lock(mutex_);
    posts_today_[author] += posts;
}

std::vector<LinkedInPost> FakeLinkedIn::posts() const {
    std::lock_guard lock(mutex_);
    return posts_;
}

std::optional<LinkedInAsset> FakeLinkedIn::asset(const std::string& urn) const {
    std::lock_guard lock(mutex_);
    auto it = assets_.find(urn);
    if (it == assets_.end()) return std::nullopt;
    return it->second;
}

int FakeLinkedIn::create_requests() const {
    std::lock_guard lock(mutex_);
    return create_requests_;
}

int FakeLinkedIn::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

std::string FakeLinkedIn::last_version_seen() const {
    std::lock_guard lock(mutex_);
    return last_version_;
}

// --- OAuth ---

http::Response FakeLinkedIn::authorize(http::Request& request) {
    auto param = [&](const char* name) { return request.query_param(name).value_or(""); };
    std::lock_guard lock(mutex_);
    if (param("response_type") != "code" || param("client_id") != options_.client_id)
        return oauth_error(400, "invalid_request", "The passed in client_id is invalid \"" + param("client_id") + "\"");
    boost::urls::url location(param("redirect_uri"));
    std::set<std::string> allowed{"openid", "profile", "email", "w_member_social"};
    if (options_.member_posts_readable) allowed.insert("r_member_social");
    if (options_.community_management) allowed.insert({"r_organization_social", "w_organization_social", "rw_organization_admin"});
    const auto scopes = networks::scope_set(param("scope"));
    for (const auto& scope : scopes)
        if (!allowed.contains(scope)) {
            // LinkedIn sends the refusal back to the app, with its state.
            location.params().append({"error", "unauthorized_scope_error"});
            location.params().append({"error_description", "Scope \"" + scope + "\" is not authorized for your application"});
            location.params().append({"state", param("state")});
            return redirect_to(location);
        }
    const auto code = random_secret(16);
    codes_[code] = {param("redirect_uri"), scopes};
    location.params().append({"code", code});
    location.params().append({"state", param("state")});
    return redirect_to(location);
}

http::Response FakeLinkedIn::token(http::Request& request) {
    auto fields = form_fields(request.body);
    std::lock_guard lock(mutex_);
    if (fields["client_id"] != options_.client_id || fields["client_secret"] != options_.client_secret)
        return oauth_error(401, "invalid_client", "Client authentication failed");
    std::set<std::string> scopes;
    if (fields["grant_type"] == "authorization_code") {
        auto it = codes_.find(fields["code"]);
        if (it == codes_.end() || it->second.first != fields["redirect_uri"])
            return oauth_error(400, "invalid_request",
                               "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or "
                               "authorization code expired.");
        scopes = it->second.second;
        codes_.erase(it);
    } else if (fields["grant_type"] == "refresh_token") {
        auto it = refresh_tokens_.find(fields["refresh_token"]);
        if (it == refresh_tokens_.end())
            return oauth_error(400, "invalid_request", "The provided authorization grant or refresh token is invalid, expired or revoked.");
        scopes = it->second;
        ++refreshes_;
    } else {
        return oauth_error(400, "unsupported_grant_type", "Grant type is not supported");
    }
    const auto access = random_secret(32);
    access_tokens_[access] = Grant{scopes, true};
    json::object answer{{"access_token", access}, {"expires_in", 5'184'000}, {"scope", join(scopes)}};
    if (options_.partner_refresh_tokens) {
        // The refresh token keeps its first expiry: refreshing answers with the same one.
        auto refresh = fields["grant_type"] == "refresh_token" ? fields["refresh_token"] : random_secret(32);
        refresh_tokens_[refresh] = scopes;
        answer["refresh_token"] = refresh;
        answer["refresh_token_expires_in"] = 31'536'000;
    }
    return http::Response::json(200, json::serialize(answer));
}

const FakeLinkedIn::Grant* FakeLinkedIn::authorised(const http::Request& request, http::Response& refusal, bool versioned) {
    const auto header = request.header("authorization").value_or("");
    auto it = header.starts_with("Bearer ") ? access_tokens_.find(header.substr(7)) : access_tokens_.end();
    if (it == access_tokens_.end()) {
        refusal = error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600);
        return nullptr;
    }
    if (!it->second.valid) {
        refusal = error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601);
        return nullptr;
    }
    if (versioned) {
        const auto version = request.header("linkedin-version").value_or("");
        if (version.empty()) {
            refusal = error(400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
            return nullptr;
        }
        if (version < options_.oldest_version) {
            refusal = error(426, "NONEXISTENT_VERSION", "Requested version " + version + " is not active");
            return nullptr;
        }
        last_version_ = version;
    }
    return &it->second;
}

std::string FakeLinkedIn::administered_role(const std::string& organisation_urn) const {
    for (const auto& organisation : organisations())
        if (std::string(organisation_prefix) + std::to_string(organisation.id) == organisation_urn && organisation.state == "APPROVED")
            return organisation.role;
    return {};
}

bool FakeLinkedIn::may_act_as(const Grant& grant, const std::string& author, bool write) const {
    if (author == member_urn()) return grant.scopes.contains(write ? "w_member_social" : "r_member_social");
    const auto role = administered_role(author);
    if (role.empty()) return false;
    if (!write) return grant.scopes.contains("r_organization_social");
    return grant.scopes.contains("w_organization_social") && (role == "ADMINISTRATOR" || role == "CONTENT_ADMINISTRATOR");
}

http::Response FakeLinkedIn::userinfo(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal, false);
    if (!grant) return refusal;
    if (!grant->scopes.contains("openid")) return error(403, "ACCESS_DENIED", "Not enough permissions to access: userinfo.GET.NO_VERSION", 100);
    return http::Response::json(200, json::serialize(json::object{{"sub", member_id()},
                                                                  {"name", "Lena Luna"},
                                                                  {"given_name", "Lena"},
                                                                  {"family_name", "Luna"},
                                                                  {"locale", json::object{{"country", "DE"}, {"language", "de"}}}}));
}

// Pages are short here (two rows), as LinkedIn may answer fewer than were asked for.
http::Response FakeLinkedIn::organization_acls(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    if (request.query_param("q").value_or("") != "roleAssignee") return error(400, "ILLEGAL_ARGUMENT", "Unsupported finder");
    if (!grant->scopes.contains("rw_organization_admin"))
        return error(403, "ACCESS_DENIED", "Not enough permissions to access: organizationAcls.FINDER-roleAssignee." + last_version_, 100);
    const auto state = request.query_param("state").value_or("");
    const auto role = request.query_param("role").value_or("");
    std::vector<const Organisation*> matching;
    for (const auto& organisation : organisations())
        if ((state.empty() || organisation.state == state) && (role.empty() || organisation.role == role)) matching.push_back(&organisation);
    const auto start = static_cast<std::size_t>(std::stoll(request.query_param("start").value_or("0")));
    const auto count = std::min<std::size_t>(2, static_cast<std::size_t>(std::stoll(request.query_param("count").value_or("10"))));
    json::array elements;
    for (std::size_t i = start; i < matching.size() && i < start + count; ++i)
        elements.push_back(json::object{{"roleAssignee", member_urn()},
                                        {"state", matching[i]->state},
                                        {"role", matching[i]->role},
                                        {"organization", std::string(organisation_prefix) + std::to_string(matching[i]->id)}});
    return http::Response::json(
        200, json::serialize(json::object{{"paging", json::object{{"start", start}, {"count", count}, {"total", matching.size()}}},
                                          {"elements", std::move(elements)}}));
}

http::Response FakeLinkedIn::organization(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    for (const auto& organisation : organisations())
        if (std::to_string(organisation.id) == request.param("id"))
            return http::Response::json(200, json::serialize(json::object{{"id", organisation.id},
                                                                          {"localizedName", organisation.name},
                                                                          {"vanityName", organisation.vanity}}));
    return error(404, "NOT_FOUND", "Organization " + request.param("id") + " does not exist");
}

// --- media ---

http::Response FakeLinkedIn::images(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    if (request.query_param("action").value_or("") != "initializeUpload") return error(400, "ILLEGAL_ARGUMENT", "Unsupported action");
    const auto body = boost::json::parse(request.body);
    const auto* init = member_of(body, "initializeUploadRequest");
    const auto owner = init ? string_in(*init, "owner") : std::string();
    if (!may_act_as(*grant, owner, true)) return error(403, "ACCESS_DENIED", "Not enough permissions to upload as " + owner, 100);
    const auto id = "D4E10AQ" + std::to_string(++next_id_);
    const auto urn = "urn:li:image:" + id;
    assets_[urn] = LinkedInAsset{urn, owner};
    return http::Response::json(
        200, json::serialize(json::object{{"value", json::object{{"uploadUrlExpiresAt", 1'900'000'000'000},
                                                                 {"uploadUrl", base_url() + "/dms-uploads/" + id + "?ca=vector_feedshare&cn=uploads"},
                                                                 {"image", urn}}}}));
}

http::Response FakeLinkedIn::upload_image(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal, false)) return refusal;
    auto it = assets_.find("urn:li:image:" + request.param("asset"));
    if (it == assets_.end()) return error(404, "NOT_FOUND", "No such upload");
    if (request.body.empty()) return error(400, "ILLEGAL_ARGUMENT", "The upload is empty");
    it->second.bytes = request.body.size();
    it->second.mime = request.header("content-type").value_or("");
    it->second.status = "AVAILABLE";
    http::Response created;
    created.status = 201;
    return created;
}

http::Response FakeLinkedIn::asset_status(const std::string& urn) const {
    auto it = assets_.find(urn);
    if (it == assets_.end()) return error(404, "NOT_FOUND", urn + " does not exist");
    json::object answer{{"id", urn}, {"owner", it->second.owner}, {"status", it->second.status}};
    if (it->second.status == "PROCESSING_FAILED") answer["processingFailureReason"] = "Video format is not supported";
    return http::Response::json(200, json::serialize(answer));
}

http::Response FakeLinkedIn::image(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    return asset_status(request.param("urn"));
}

http::Response FakeLinkedIn::videos(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    const auto action = request.query_param("action").value_or("");
    const auto body = boost::json::parse(request.body);
    if (action == "initializeUpload") {
        const auto* init = member_of(body, "initializeUploadRequest");
        const auto owner = init ? string_in(*init, "owner") : std::string();
        const auto* size = init ? member_of(*init, "fileSizeBytes") : nullptr;
        if (!may_act_as(*grant, owner, true)) return error(403, "ACCESS_DENIED", "Not enough permissions to upload as " + owner, 100);
        if (!size || !size->is_int64() || size->as_int64() <= 0)
            return input_error(400, "MISSING_FIELD", "fileSizeBytes is required", "/initializeUploadRequest/fileSizeBytes", "Invalid request");
        const auto id = "C5505AQ" + std::to_string(++next_id_);
        const auto urn = "urn:li:video:" + id;
        LinkedInAsset video{urn, owner};
        video.expected_bytes = static_cast<std::size_t>(size->as_int64());
        json::array instructions;
        for (std::size_t first = 0, part = 0; first < video.expected_bytes; first += options_.video_part_bytes, ++part) {
            const auto last = std::min(first + options_.video_part_bytes, video.expected_bytes) - 1;
            instructions.push_back(json::object{{"uploadUrl", base_url() + "/ambry-video/" + id + "/" + std::to_string(part)},
                                                {"lastByte", last},
                                                {"firstByte", first}});
        }
        assets_[urn] = std::move(video);
        return http::Response::json(200, json::serialize(json::object{{"value", json::object{{"uploadUrlsExpireAt", 1'900'000'000'000},
                                                                                             {"video", urn},
                                                                                             {"uploadInstructions", instructions},
                                                                                             {"uploadToken", "token-" + id}}}}));
    }
    if (action != "finalizeUpload") return error(400, "ILLEGAL_ARGUMENT", "Unsupported action");
    const auto* finalize = member_of(body, "finalizeUploadRequest");
    const auto urn = finalize ? string_in(*finalize, "video") : std::string();
    auto it = assets_.find(urn);
    if (it == assets_.end()) return error(404, "NOT_FOUND", urn + " does not exist");
    auto& video = it->second;
    if (string_in(*finalize, "uploadToken") != "token-" + urn.substr(std::string_view("urn:li:video:").size()))
        return input_error(400, "INVALID_VALUE", "uploadToken does not match the upload", "/finalizeUploadRequest/uploadToken", "Invalid request");
    const auto* ids = member_of(*finalize, "uploadedPartIds");
    std::vector<std::string> expected;
    for (const auto& [part, etag] : video.part_etags) expected.push_back(etag);
    std::vector<std::string> given;
    if (ids && ids->is_array())
        for (const auto& id : ids->get_array())
            if (id.is_string()) given.emplace_back(id.get_string());
    if (given != expected || video.bytes != video.expected_bytes)
        return input_error(400, "INVALID_VALUE", "uploadedPartIds do not match the parts uploaded", "/finalizeUploadRequest/uploadedPartIds",
                           "Invalid request");
    video.status = "PROCESSING";
    video.polls_until_available = options_.video_processing_polls;
    video.fails = std::exchange(fail_next_video_, false);
    return http::Response::json(200, "");
}

http::Response FakeLinkedIn::upload_video_part(http::Request& request) {
    std::lock_guard lock(mutex_);
    auto it = assets_.find("urn:li:video:" + request.param("asset"));
    if (it == assets_.end()) return error(404, "NOT_FOUND", "No such upload");
    const int part = std::stoi(request.param("part"));
    const auto expected = std::min(options_.video_part_bytes, it->second.expected_bytes - static_cast<std::size_t>(part) * options_.video_part_bytes);
    if (request.body.size() != expected) return error(400, "ILLEGAL_ARGUMENT", "The part is not the size asked for");
    if (!it->second.part_etags.contains(part)) it->second.bytes += request.body.size();
    const auto etag = "/ambry-video/" + request.param("asset") + "/" + request.param("part") + "#" + random_secret(6);
    it->second.part_etags[part] = etag;
    http::Response answer;
    answer.headers.emplace_back("ETag", etag);
    return answer;
}

http::Response FakeLinkedIn::video(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    if (!authorised(request, refusal)) return refusal;
    auto it = assets_.find(request.param("urn"));
    if (it != assets_.end() && it->second.status == "PROCESSING" && --it->second.polls_until_available <= 0)
        it->second.status = it->second.fails ? "PROCESSING_FAILED" : "AVAILABLE";
    return asset_status(request.param("urn"));
}

// --- posts ---

std::string FakeLinkedIn::post_json(const LinkedInPost& post) const {
    json::object answer{{"id", post.urn},
                        {"author", post.author},
                        {"commentary", post.commentary},
                        {"visibility", post.visibility},
                        {"lifecycleState", "PUBLISHED"},
                        {"isReshareDisabledByAuthor", post.reshare_disabled}};
    if (post.media.size() == 1) {
        answer["content"] = json::object{{"media", json::object{{"id", post.media.front()}}}};
    } else if (post.media.size() > 1) {
        json::array images;
        for (const auto& urn : post.media) images.push_back(json::object{{"id", urn}});
        answer["content"] = json::object{{"multiImage", json::object{{"images", images}}}};
    } else if (!post.article_source.empty()) {
        answer["content"] = json::object{{"article", json::object{{"source", post.article_source}, {"title", post.article_title}}}};
    }
    return json::serialize(answer);
}

http::Response FakeLinkedIn::create_post(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++create_requests_;
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    if (request.header("x-restli-protocol-version").value_or("") != "2.0.0")
        return error(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 is required");
    boost::system::error_code parse_error;
    const auto body = boost::json::parse(request.body, parse_error);
    if (parse_error) return error(400, "ILLEGAL_ARGUMENT", "The body is not JSON");
    LinkedInPost post;
    post.author = string_in(body, "author");
    post.commentary = string_in(body, "commentary");
    post.visibility = string_in(body, "visibility");
    if (!may_act_as(*grant, post.author, true))
        return error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.CREATE." + last_version_, 100);
    if (string_in(body, "lifecycleState") != "PUBLISHED")
        return input_error(422, "INVALID_VALUE", "lifecycleState must be PUBLISHED", "/lifecycleState", "Invalid post");
    const auto* distribution = member_of(body, "distribution");
    if (!distribution || string_in(*distribution, "feedDistribution") != "MAIN_FEED")
        return input_error(422, "MISSING_FIELD", "distribution.feedDistribution is required", "/distribution", "Invalid post");
    if (post.visibility != "PUBLIC" && !(post.visibility == "CONNECTIONS" && post.author == member_urn()))
        return input_error(422, "INVALID_VALUE", "Visibility " + post.visibility + " is not allowed for this author", "/visibility", "Invalid post");
    if (const auto* reshare = member_of(body, "isReshareDisabledByAuthor"); reshare && reshare->is_bool()) post.reshare_disabled = reshare->get_bool();
    std::tie(post.text, post.garbled) = as_shown(post.commentary);
    if (code_points(post.text) > 3000)
        return input_error(422, "INVALID_VALUE", "commentary is longer than 3000 characters", "/commentary", "Invalid post");

    const auto* content = member_of(body, "content");
    auto take_media = [&](const json::value& item, const std::string& path) -> std::optional<http::Response> {
        const auto urn = string_in(item, "id");
        auto it = assets_.find(urn);
        if (it == assets_.end() || it->second.owner != post.author || it->second.status != "AVAILABLE")
            return input_error(422, "INVALID_VALUE", "Media " + urn + " is not found or not available", path, "Invalid content");
        post.media.push_back(urn);
        post.alt_texts.push_back(string_in(item, "altText"));
        return std::nullopt;
    };
    if (content && member_of(*content, "media")) {
        const auto& media = *member_of(*content, "media");
        if (auto refused = take_media(media, "/content/media/id")) return *refused;
        post.media_title = string_in(media, "title");
    } else if (content && member_of(*content, "multiImage")) {
        const auto* images = member_of(*member_of(*content, "multiImage"), "images");
        const auto count = images && images->is_array() ? images->get_array().size() : 0;
        if (count < 2 || count > 20)
            return input_error(422, "INVALID_VALUE", "multiImage takes 2 to 20 images", "/content/multiImage/images", "Invalid content");
        for (const auto& image : images->get_array())
            if (auto refused = take_media(image, "/content/multiImage/images")) return *refused;
        if (std::any_of(post.media.begin(), post.media.end(), [](const std::string& urn) { return !urn.starts_with("urn:li:image:"); }))
            return input_error(422, "INVALID_VALUE", "multiImage takes images only", "/content/multiImage/images", "Invalid content");
    } else if (content && member_of(*content, "article")) {
        const auto& article = *member_of(*content, "article");
        post.article_source = string_in(article, "source");
        post.article_title = string_in(article, "title");
        post.article_description = string_in(article, "description");
        post.article_thumbnail = string_in(article, "thumbnail");
        if (post.article_source.empty() || post.article_title.empty())
            return input_error(422, "MISSING_FIELD", "article.source and article.title are required", "/content/article", "Invalid content");
    } else if (post.commentary.empty()) {
        return input_error(422, "MISSING_FIELD", "A post needs commentary or content", "/commentary", "Invalid post");
    }

    // Identical content from the same author is refused, naming the post that has it —
    // also one deleted a moment ago (LinkedIn's check remembers it for a day or two).
    auto same = [&](const LinkedInPost& earlier) {
        return earlier.author == post.author && earlier.commentary == post.commentary && earlier.media == post.media &&
               earlier.article_source == post.article_source;
    };
    for (const auto* list : {&posts_, &deleted_})
        for (const auto& earlier : *list)
            if (same(earlier))
                return input_error(422, "DUPLICATE_POST", "Duplicate post is detected", "",
                                   "com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of " + earlier.urn);
    if (posts_today_[post.author] >= options_.member_day_limit)
        return error(429, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION MEMBER DAY limit for calls to this resource is reached.", 101);

    ++posts_today_[post.author];
    post.urn = "urn:li:share:" + std::to_string(++next_id_);
    posts_.push_back(post);
    http::Response created;
    created.status = 201;
    created.headers.emplace_back("x-restli-id", post.urn);
    created.drop_connection = std::exchange(drop_next_, false);
    return created;
}

http::Response FakeLinkedIn::list_posts(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    if (request.query_param("q").value_or("") != "author") return error(400, "ILLEGAL_ARGUMENT", "Unsupported finder");
    const auto author = request.query_param("author").value_or("");
    if (!may_act_as(*grant, author, false))
        return error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.FINDER-author." + last_version_, 100);
    const auto count = static_cast<std::size_t>(std::stoll(request.query_param("count").value_or("10")));
    json::array elements;
    for (auto it = posts_.rbegin(); it != posts_.rend() && elements.size() < count; ++it)
        if (it->author == author) elements.push_back(boost::json::parse(post_json(*it)));
    return http::Response::json(200, json::serialize(json::object{{"paging", json::object{{"start", 0}, {"count", count}}},
                                                                  {"elements", std::move(elements)}}));
}

http::Response FakeLinkedIn::get_post(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    for (const auto& post : posts_)
        if (post.urn == request.param("urn")) {
            if (!may_act_as(*grant, post.author, false))
                return error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.GET." + last_version_, 100);
            return http::Response::json(200, post_json(post));
        }
    return error(404, "NOT_FOUND", "Post " + request.param("urn") + " does not exist");
}

http::Response FakeLinkedIn::delete_post(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    auto it = std::find_if(posts_.begin(), posts_.end(), [&](const LinkedInPost& post) { return post.urn == request.param("urn"); });
    if (it == posts_.end()) return error(404, "NOT_FOUND", "Post " + request.param("urn") + " does not exist");
    if (!may_act_as(*grant, it->author, true))
        return error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.DELETE." + last_version_, 100);
    deleted_.push_back(*it);
    posts_.erase(it);
    http::Response gone;
    gone.status = 204;
    return gone;
}

}  // namespace chorus::fakes
