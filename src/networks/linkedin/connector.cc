#include "networks/linkedin/connector.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/utf8.h"
#include "networks/entities.h"
#include "networks/failures.h"
#include "networks/json_fields.h"
#include "networks/link_preview.h"
#include "networks/linkedin/little_text.h"
#include "networks/linkedin/rest.h"
#include "networks/reconcile.h"
#include "networks/text.h"

namespace chorus::networks {
namespace {

namespace json = boost::json;
using linkedin::encode_urn;
using linkedin::Rest;

// LinkedIn takes images up to 36 megapixels; a card thumbnail far larger than this is not one.
constexpr std::size_t max_thumbnail_bytes = 10u << 20;
constexpr std::string_view organisation_prefix = "urn:li:organization:";

// What each channel keeps (sealed): the member's token, and whom it posts as.
struct Credentials {
    std::string access_token;
    std::string refresh_token;
    std::string author;  // urn:li:person:… or urn:li:organization:…
    std::string scope;   // as granted

    std::string serialize() const {
        return json::serialize(
            json::object{{"access_token", access_token}, {"refresh_token", refresh_token}, {"author", author}, {"scope", scope}});
    }
    static std::optional<Credentials> parse(const std::string& text) {
        auto value = parse_json(text);
        Credentials credentials{string_at(value, "access_token"), string_at(value, "refresh_token"), string_at(value, "author"),
                                string_at(value, "scope")};
        if (credentials.access_token.empty() || credentials.author.empty()) return std::nullopt;
        return credentials;
    }
    bool organisation() const { return author.starts_with(organisation_prefix); }
};


// What upload_media() hands to publish(): the media's URN and its alt text.
struct MediaRef {
    std::string urn;
    std::string alt_text;
    bool video = false;

    std::string serialize() const { return json::serialize(json::object{{"urn", urn}, {"alt", alt_text}, {"video", video}}); }
    static MediaRef parse(const std::string& text) {
        auto value = parse_json(text);
        const auto* video = member(value, "video");
        return {string_at(value, "urn"), string_at(value, "alt"), video && video->is_bool() && video->get_bool()};
    }
};

std::string post_url(const std::string& urn) { return "https://www.linkedin.com/feed/update/" + urn + "/"; }

Failure not_connected() { return local_failure(FailureClass::auth, "not_connected", "The channel has no LinkedIn token; reconnect it"); }

Failure unreadable(std::string message, bool maybe_created = false) {
    auto failure = local_failure(FailureClass::transient, "unreadable_answer", std::move(message));
    failure.maybe_created = maybe_created;
    return failure;
}

class LinkedInConnector final : public Connector, public RegisteredAppFlow {
public:
    LinkedInConnector(HttpClient& http, LinkedInOptions options)
        : http_(http),
          options_(with_defaults(std::move(options))),
          rest_(http, options_.app.api_url, options_.api_version, options_.timeout),
          pages_(http, options_.link_pages) {}

    std::string_view network() const override { return "linkedin"; }
    OAuthFlow* oauth() override { return this; }

    // --- connecting ---

    std::string authorization_url(const OAuthClient& client, const OAuthRequest& request) const override {
        return networks::authorization_url(options_.app.authorize_url, client, request, options_.scopes, Pkce::none);
    }

    Outcome<std::vector<Connection>> exchange_code(const OAuthClient& client, const OAuthRequest& request, const std::string& code,
                                                   const std::string&) override {
        // PKCE is for LinkedIn's native apps: no verifier.
        auto granted = redeem_code(http_, token_url(), code, request.redirect_uri, "", client, ClientAuth::form, options_.timeout);
        if (!granted.ok()) return {granted.failure(), {}};
        const auto& grant = granted.get();
        Credentials credentials{grant.access_token, grant.refresh_token, "", grant.scope.empty() ? options_.scopes : grant.scope};
        const auto scopes = scope_set(credentials.scope);
        auto connection_as = [&](std::string author, std::string handle, std::string name, std::string kind) {
            credentials.author = author;
            // Outside LinkedIn's partner programme there is no refresh token: the token ends
            // after 60 days and the member must reconnect before.
            return Connection{std::move(author), std::move(handle), std::move(name), credentials.serialize(), grant.expires_at, "{}",
                              std::move(kind), !grant.refresh_token.empty()};
        };

        std::vector<Connection> reached;
        if (scopes.contains("w_member_social")) {
            auto me = rest_.call(rest_.request("GET", "/v2/userinfo", credentials.access_token));
            if (!me.ok()) return {me.failure(), {}};
            const auto sub = string_at(me.get(), "sub");
            const auto name = string_at(me.get(), "name");
            if (sub.empty()) return {unreadable("LinkedIn's /v2/userinfo answer had no member id (sub)"), {}};
            reached.push_back(connection_as("urn:li:person:" + sub, name, name, "Profile"));
        }
        if (scopes.contains("w_organization_social")) {
            auto pages = administered_pages(credentials.access_token);
            if (!pages.ok()) return {pages.failure(), {}};
            for (const auto& [urn, page] : pages.get()) {
                const auto name = string_at(page, "localizedName");
                const auto vanity = string_at(page, "vanityName");
                reached.push_back(connection_as(urn, vanity.empty() ? name : vanity, name, "Page"));
            }
        }
        return {std::move(reached), {}};
    }

    // LinkedIn refresh tokens last a year from the consent and are not renewed by use.
    Outcome<Refreshed> refresh(const Account& account) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        if (credentials->refresh_token.empty())
            return {local_failure(FailureClass::auth, "no_refresh_token",
                                  "LinkedIn issues refresh tokens only to apps in its partner programmes; this channel's 60-day token "
                                  "must be renewed by connecting it again"),
                    {}};
        return renew_with_refresh_token(http_, token_url(), *credentials, client(), ClientAuth::form, options_.timeout);
    }

    // --- media ---

    Outcome<UploadedMedia> upload_media(const Account& account, const MediaUpload& media) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const bool video = media.facts.kind == MediaFacts::Kind::video;
        auto uploaded = video ? upload_video(*credentials, media.bytes) : upload_image(*credentials, media.bytes, media.mime);
        if (!uploaded.ok()) return {uploaded.failure(), {}};
        return {UploadedMedia{MediaRef{uploaded.get(), media.facts.alt_text, video}.serialize()}, {}};
    }

    // --- posts ---

    Outcome<RemotePost> publish(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        const auto options = parse_json(request.options);
        const bool to_connections = string_at(options, "visibility") == "connections";
        if (to_connections && credentials->organisation())
            return {local_failure(FailureClass::validation, "invalid_option",
                                  "A LinkedIn Page posts publicly: visibility \"connections\" is for members' posts"),
                    {}};
        const auto* reshare_disabled = member(options, "reshare_disabled");
        json::object post{{"author", credentials->author},
                          {"commentary", linkedin::escape_little_text(request.draft.text)},
                          {"visibility", to_connections ? "CONNECTIONS" : "PUBLIC"},
                          {"distribution", json::object{{"feedDistribution", "MAIN_FEED"},
                                                        {"targetEntities", json::array{}},
                                                        {"thirdPartyDistributionChannels", json::array{}}}},
                          {"lifecycleState", "PUBLISHED"},
                          {"isReshareDisabledByAuthor", reshare_disabled && reshare_disabled->is_bool() && reshare_disabled->get_bool()}};
        if (auto content = content_for(*credentials, request, options)) post["content"] = std::move(*content);

        auto http_request = rest_.json_request("POST", "/rest/posts", credentials->access_token, post);
        http_request.idempotent = false;
        auto created = rest_.send(std::move(http_request));
        if (created.ok()) {
            const auto urn = created.get().header("x-restli-id").value_or("");
            if (urn.empty()) return {unreadable("LinkedIn's answer to the post had no x-restli-id", true), {}};
            return {RemotePost{urn, post_url(urn)}, {daily_count(account)}};
        }
        auto failure = created.failure();
        if (failure.http_status == 429) return {failure, {{scope_of(account), 0, failure.retry_at.value_or(0)}}};
        // Identical content is refused, naming the post that has it. On the first attempt
        // that post is the user's own earlier one; on a later attempt it may be ours.
        if (const auto earlier = linkedin::duplicate_of(failure); !earlier.empty() && request.attempt > 1)
            return adopt_duplicate(*credentials, earlier, failure);
        return {failure, {}};
    }

    // LinkedIn has no idempotency key: the author's newest posts are matched by text. Members'
    // posts can only be listed by LinkedIn's partner apps (r_member_social); without that a
    // text post is settled by publishing again, which LinkedIn refuses as a duplicate naming
    // the earlier post (publish() adopts it). A post with media cannot be: its uploads would
    // be new, so LinkedIn could not see it as the same content.
    Outcome<Found> find(const Account& account, const PublishRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto listed = rest_.call(rest_.request("GET",
                                               "/rest/posts?author=" + encode_urn(credentials->author) + "&q=author&count=" +
                                                   std::to_string(options_.recent_posts_examined) + "&sortBy=LAST_MODIFIED",
                                               credentials->access_token));
        if (!listed.ok()) {
            auto failure = listed.failure();
            if (failure.http_status != 403) return {failure, {}};
            if (!credentials->organisation() && request.draft.media.empty()) return {Found{}, {}};
            failure.code = "cannot_verify";
            failure.message = "LinkedIn did not let Chorus read the account's posts to check whether an earlier attempt was published (" +
                              failure.message + "); check the profile on LinkedIn before publishing again";
            return {failure, {}};
        }
        const auto wanted = comparable_text(request.draft.text);
        const auto* elements = member(listed.get(), "elements");
        if (!elements || !elements->is_array()) return {Found{}, {}};
        for (const auto& post : elements->get_array()) {
            if (string_at(post, "lifecycleState") != "PUBLISHED") continue;
            if (comparable_text(linkedin::unescape_little_text(string_at(post, "commentary"))) != wanted) continue;
            if (attachments_of(post) != request.draft.media.size()) continue;
            const auto urn = string_at(post, "id");
            if (!urn.empty()) return {Found{RemotePost{urn, post_url(urn)}}, {}};
        }
        return {Found{}, {}};
    }

    Outcome<Deleted> remove(const Account& account, const std::string& remote_id) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        return rest_.remove("/rest/posts/" + encode_urn(remote_id), credentials->access_token);
    }

    // --- a post's first comment, by its author (w_member_social, w_organization_social) ---

    Outcome<RemoteComment> comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        // Comments take attributed text, not the posts' little text: nothing to escape.
        json::object body{{"actor", credentials->author}, {"object", request.post_remote_id}, {"message", json::object{{"text", request.text}}}};
        auto http_request = rest_.json_request("POST", comments_path(request), credentials->access_token, body);
        http_request.idempotent = false;
        auto created = rest_.send(std::move(http_request));
        if (!created.ok()) return {created.failure(), {}};
        auto answer = rest_.read(created.get(), true);
        auto id = created.get().header("x-restli-id").value_or("");
        if (id.empty() && answer.ok()) id = string_at(answer.get(), "commentUrn");
        if (id.empty() && answer.ok()) id = string_at(answer.get(), "id");
        if (id.empty()) return {unreadable("LinkedIn's answer to the comment named no comment", true), {}};
        return {RemoteComment{id}, {}};
    }

    // Reading comments needs r_organization_social for a Page's posts, and r_member_social,
    // which LinkedIn keeps for partners, for a member's: without it a lost answer cannot be
    // settled, and the comment is reported unconfirmed rather than risk a second one.
    Outcome<std::optional<RemoteComment>> find_comment(const Account& account, const CommentRequest& request) override {
        auto credentials = Credentials::parse(account.credentials);
        if (!credentials) return {not_connected(), {}};
        auto listed = rest_.call(rest_.request("GET", comments_path(request) + "?count=100", credentials->access_token));
        if (!listed.ok()) {
            auto failure = listed.failure();
            if (failure.http_status == 403) {
                failure.kind = FailureClass::validation;
                failure.code = "cannot_verify";
                failure.message = "LinkedIn did not let Chorus read the post's comments to check whether an earlier attempt made it (" +
                                  failure.message + "); look under the post on LinkedIn";
            }
            return {failure, {}};
        }
        const auto wanted = comparable_text(request.text);
        const auto* elements = member(listed.get(), "elements");
        if (elements && elements->is_array())
            for (const auto& comment : elements->get_array()) {
                const auto* message = member(comment, "message");
                const auto* created = member(comment, "created");
                const auto at = created ? int_at(*created, "time") : std::nullopt;
                if (string_at(comment, "actor") == credentials->author && message &&
                    comparable_text(string_at(*message, "text")) == wanted && !made_before(at, request.not_before)) {
                    auto id = string_at(comment, "commentUrn");
                    return {RemoteComment{id.empty() ? string_at(comment, "id") : id}, {}};
                }
            }
        return {std::optional<RemoteComment>{}, {}};
    }

private:
    static std::string comments_path(const CommentRequest& request) {
        return "/rest/socialActions/" + encode_urn(request.post_remote_id) + "/comments";
    }

    static LinkedInOptions with_defaults(LinkedInOptions options) {
        if (options.app.api_url.empty()) options.app.api_url = "https://api.linkedin.com";
        if (options.app.authorize_url.empty()) options.app.authorize_url = "https://www.linkedin.com/oauth/v2/authorization";
        return options;
    }
    const NetworkApp& app() const override { return options_.app; }
    // The token endpoint sits beside the authorization one (…/oauth/v2/accessToken).
    std::string token_url() const {
        const auto& authorize = options_.app.authorize_url;
        return authorize.substr(0, authorize.rfind('/') + 1) + "accessToken";
    }
    static std::string scope_of(const Account& account) { return "channel:" + account.channel_id; }

    // LinkedIn does not say how many posts are left today: the count is kept here.
    Budget daily_count(const Account& account) const {
        return Budget{scope_of(account), options_.daily_posts - 1, linkedin::next_utc_midnight(now_millis()), true};
    }

    static std::size_t attachments_of(const json::value& post) {
        const auto* content = member(post, "content");
        if (!content) return 0;
        if (member(*content, "media")) return 1;
        const auto* multi = member(*content, "multiImage");
        const auto* images = multi ? member(*multi, "images") : nullptr;
        return images && images->is_array() ? images->get_array().size() : 0;
    }

    // The post LinkedIn says has this content, if it is there to be read; a post LinkedIn
    // cannot show (deleted: its duplicate check remembers it a day or two) is no post.
    Outcome<RemotePost> adopt_duplicate(const Credentials& credentials, const std::string& urn, const Failure& refusal) {
        auto read = rest_.send(rest_.request("GET", "/rest/posts/" + encode_urn(urn), credentials.access_token));
        if (read.ok() || read.failure().http_status == 403) return {RemotePost{urn, post_url(urn)}, {}};
        if (read.failure().http_status == 404) {
            auto failure = refusal;
            failure.code = "duplicate_of_deleted_post";
            failure.message = "LinkedIn refuses this as a duplicate of " + urn +
                              ", a post that no longer exists; LinkedIn forgets deleted posts after a day or two (" + refusal.message + ")";
            return {failure, {}};
        }
        auto failure = read.failure();
        failure.maybe_created = true;
        return {failure, {}};
    }

    std::optional<json::object> content_for(const Credentials& credentials, const PublishRequest& request, const json::value& options) {
        std::vector<MediaRef> media;
        for (const auto& id : request.media_ids) media.push_back(MediaRef::parse(id));
        if (media.size() == 1) {
            json::object single{{"id", media.front().urn}};
            if (!media.front().alt_text.empty() && !media.front().video) single["altText"] = media.front().alt_text;
            if (media.front().video && request.draft.title) single["title"] = *request.draft.title;
            return json::object{{"media", std::move(single)}};
        }
        if (media.size() > 1) {
            json::array images;
            for (const auto& image : media) {
                json::object item{{"id", image.urn}};
                if (!image.alt_text.empty()) item["altText"] = image.alt_text;
                images.push_back(std::move(item));
            }
            return json::object{{"multiImage", json::object{{"images", std::move(images)}}}};
        }
        const auto* card_wanted = member(options, "link_card");
        if (card_wanted && card_wanted->is_bool() && !card_wanted->get_bool()) return std::nullopt;
        auto link = request.draft.link.value_or("");
        if (link.empty() && first_invalid_utf8_byte(request.draft.text) == std::nullopt) {
            auto links = find_links(ScannedText(request.draft.text), {BareDomains::not_links, LinkBoundary::space_or_parenthesis});
            if (!links.empty()) link = links.front().uri;
        }
        if (link.empty()) return std::nullopt;
        return json::object{{"article", article_for(credentials, link, request.draft.title)}};
    }

    // LinkedIn does not unfurl links given through the API: the card is built from the
    // page's Open Graph tags. A page that cannot be read still makes a card, with the link
    // as its title.
    json::object article_for(const Credentials& credentials, const std::string& link, const std::optional<std::string>& title) {
        const auto preview = pages_.preview(link).value_or(LinkPreview{});
        json::object article{{"source", link}, {"title", title.value_or(preview.title.empty() ? link : preview.title)}};
        if (!preview.description.empty()) article["description"] = preview.description;
        if (!preview.image_url.empty())
            if (auto image = pages_.image(preview.image_url, max_thumbnail_bytes))
                if (auto thumbnail = upload_image(credentials, image->bytes, image->mime); thumbnail.ok()) article["thumbnail"] = thumbnail.get();
        return article;
    }

    // POST /rest/images?action=initializeUpload, PUT the bytes, wait until AVAILABLE.
    Outcome<std::string> upload_image(const Credentials& credentials, const std::string& bytes, const std::string& mime) {
        auto started = rest_.call(rest_.json_request("POST", "/rest/images?action=initializeUpload", credentials.access_token,
                                                     json::object{{"initializeUploadRequest", json::object{{"owner", credentials.author}}}}));
        if (!started.ok()) return {started.failure(), {}};
        const auto* value = member(started.get(), "value");
        const auto upload_url = value ? string_at(*value, "uploadUrl") : std::string();
        const auto urn = value ? string_at(*value, "image") : std::string();
        if (upload_url.empty() || urn.empty()) return {unreadable("LinkedIn's initializeUpload answer had no uploadUrl or image"), {}};
        auto put = rest_.request("PUT", upload_url, credentials.access_token);
        put.headers.emplace_back("Content-Type", mime);
        put.body = bytes;
        auto uploaded = rest_.send(std::move(put));
        if (!uploaded.ok()) return {uploaded.failure(), {}};
        return until_available(credentials, "/rest/images/" + encode_urn(urn), urn);
    }

    // Registered with its size, uploaded in the parts LinkedIn names (each part's ETag is
    // its receipt), finalised, then processed.
    Outcome<std::string> upload_video(const Credentials& credentials, const std::string& bytes) {
        auto started = rest_.call(rest_.json_request(
            "POST", "/rest/videos?action=initializeUpload", credentials.access_token,
            json::object{{"initializeUploadRequest", json::object{{"owner", credentials.author},
                                                                  {"fileSizeBytes", static_cast<std::int64_t>(bytes.size())},
                                                                  {"uploadCaptions", false},
                                                                  {"uploadThumbnail", false}}}}));
        if (!started.ok()) return {started.failure(), {}};
        const auto* value = member(started.get(), "value");
        const auto urn = value ? string_at(*value, "video") : std::string();
        const auto* instructions = value ? member(*value, "uploadInstructions") : nullptr;
        if (urn.empty() || !instructions || !instructions->is_array() || instructions->get_array().empty())
            return {unreadable("LinkedIn's initializeUpload answer had no video or uploadInstructions"), {}};
        json::array part_ids;
        for (const auto& part : instructions->get_array()) {
            const auto first = int_at(part, "firstByte").value_or(-1);
            const auto last = int_at(part, "lastByte").value_or(-1);
            if (first < 0 || last < first || static_cast<std::size_t>(last) >= bytes.size())
                return {unreadable("LinkedIn asked for a part outside the video's bytes"), {}};
            HttpRequest put;  // the address is signed: no token goes with it
            put.method = "PUT";
            put.url = string_at(part, "uploadUrl");
            put.timeout = options_.timeout;
            put.headers.emplace_back("Content-Type", "application/octet-stream");
            put.body = bytes.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(last - first + 1));
            auto sent = rest_.send(std::move(put));
            if (!sent.ok()) return {sent.failure(), {}};
            const auto etag = sent.get().header("etag").value_or("");
            if (etag.empty()) return {unreadable("LinkedIn's answer to a video part had no ETag"), {}};
            part_ids.push_back(json::value(etag));
        }
        auto finished = rest_.call(rest_.json_request(
            "POST", "/rest/videos?action=finalizeUpload", credentials.access_token,
            json::object{{"finalizeUploadRequest",
                          json::object{{"video", urn}, {"uploadToken", string_at(*value, "uploadToken")}, {"uploadedPartIds", part_ids}}}}));
        if (!finished.ok()) return {finished.failure(), {}};
        return until_available(credentials, "/rest/videos/" + encode_urn(urn), urn);
    }

    Outcome<std::string> until_available(const Credentials& credentials, const std::string& path, const std::string& urn) {
        auto ready = rest_.wait_for_media(
            path, credentials.access_token,
            {"AVAILABLE", "PROCESSING_FAILED", "processingFailureReason", "the media", options_.media_polls, options_.media_poll_interval});
        if (!ready.ok()) return {ready.failure(), {}};
        return {urn, {}};
    }

    Outcome<std::vector<std::pair<std::string, json::value>>> administered_pages(const std::string& token) {
        std::vector<std::string> urns;
        for (std::int64_t start = 0;;) {
            auto page = rest_.call(rest_.request(
                "GET", "/rest/organizationAcls?q=roleAssignee&state=APPROVED&start=" + std::to_string(start) + "&count=100", token));
            if (!page.ok()) return {page.failure(), {}};
            const auto* elements = member(page.get(), "elements");
            if (!elements || !elements->is_array() || elements->get_array().empty()) break;
            for (const auto& acl : elements->get_array()) {
                const auto role = string_at(acl, "role");
                const auto urn = string_at(acl, "organization");
                // The roles that may post as the Page.
                if ((role == "ADMINISTRATOR" || role == "CONTENT_ADMINISTRATOR") && urn.starts_with(organisation_prefix) &&
                    std::find(urns.begin(), urns.end(), urn) == urns.end())
                    urns.push_back(urn);
            }
            const auto* paging = member(page.get(), "paging");
            start += static_cast<std::int64_t>(elements->get_array().size());
            if (!paging || start >= int_at(*paging, "total").value_or(0)) break;
        }
        std::vector<std::pair<std::string, json::value>> pages;
        for (const auto& urn : urns) {
            auto organisation = rest_.call(rest_.request("GET", "/rest/organizations/" + urn.substr(organisation_prefix.size()), token));
            if (!organisation.ok()) return {organisation.failure(), {}};
            pages.emplace_back(urn, std::move(organisation.get()));
        }
        return {std::move(pages), {}};
    }

    HttpClient& http_;
    LinkedInOptions options_;
    Rest rest_;
    PageFetcher pages_;
};

}  // namespace

std::shared_ptr<Connector> make_linkedin_connector(HttpClient& http, LinkedInOptions options) {
    return std::make_shared<LinkedInConnector>(http, std::move(options));
}

}  // namespace chorus::networks
