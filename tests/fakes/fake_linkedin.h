#pragma once
// A contract fake of LinkedIn's OAuth and versioned REST API, on loopback, built from
// LinkedIn's documented requests and answers (learn.microsoft.com/linkedin; what it covers
// is listed in tests/fixtures/linkedin/README.md): the authorization code flow of a
// confidential client, with scopes an app may not have refused at the consent screen
// (unauthorized_scope_error); 60-day tokens, refresh tokens only for partner apps;
// /v2/userinfo; organizationAcls and organizations; the Images and Videos APIs
// (initializeUpload, uploads, finalizeUpload with ETags, processing); the Posts API with
// LinkedIn-Version and Rest.li headers, x-restli-id, little-text commentary, DUPLICATE_POST
// naming the earlier post (also one deleted a moment ago), members' posts readable only
// with r_member_social; daily quotas answered with 429 and no headers. Comments
// (fake_linkedin_comments.cc): socialActions/{urn}/comments, created by the post's author
// and listed with r_member_social or r_organization_social.
//
// The consent screen is the only liberty: GET /oauth/v2/authorization approves at once, as
// the signed-in member, and redirects to redirect_uri with the code and the state.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/router.h"
#include "loopback_server.h"

namespace chorus::fakes {

struct LinkedInPost {
    std::string urn;
    std::string author;
    std::string commentary;  // as sent (little text)
    std::string text;        // as LinkedIn shows it
    bool garbled = false;    // a reserved character came unescaped: LinkedIn would cut the text there
    std::string visibility;
    bool reshare_disabled = false;
    std::vector<std::string> media;  // image/video URNs
    std::vector<std::string> alt_texts;
    std::string media_title;
    std::string article_source, article_title, article_description, article_thumbnail;
};

struct LinkedInComment {
    std::string urn;     // urn:li:comment:(urn:li:activity:…,id)
    std::string object;  // the post it is under
    std::string actor;
    std::string text;
    std::int64_t created_at = 0;
};

struct LinkedInAsset {
    std::string urn;
    std::string owner;
    std::string status = "WAITING_UPLOAD";  // PROCESSING, AVAILABLE, PROCESSING_FAILED
    std::string mime = {};
    std::size_t bytes = 0;
    std::size_t expected_bytes = 0;           // videos: fileSizeBytes
    std::map<int, std::string> part_etags = {};   // videos: part index → the ETag answered
    int polls_until_available = 0;
    bool fails = false;
};

struct FakeLinkedInOptions {
    std::string client_id = "chorus-linkedin-app";
    std::string client_secret = "chorus-linkedin-secret";
    // The products the app has: "Share on LinkedIn" + OpenID Connect always; the Community
    // Management API lets it ask for the organisation scopes.
    bool community_management = false;
    bool partner_refresh_tokens = false;  // refresh tokens are for LinkedIn's partner apps
    bool member_posts_readable = false;    // r_member_social, also a partner permission
    std::string oldest_version = "202411";  // older LinkedIn-Version values are sunset (426)
    std::size_t video_part_bytes = 4u << 20;
    int video_processing_polls = 2;
    std::int64_t member_day_limit = 150;
};

class FakeLinkedIn {
public:
    explicit FakeLinkedIn(FakeLinkedInOptions options = {});
    ~FakeLinkedIn();

    std::string base_url() const;
    std::string authorize_url() const { return base_url() + "/oauth/v2/authorization"; }
    std::string member_urn() const { return "urn:li:person:" + member_id(); }
    static std::string member_id() { return "Xy12AbCdEf"; }

    // The next post creation is stored, then the connection is closed without an answer.
    void drop_answer_to_next_create();
    // The next video finalised fails processing.
    void fail_next_video();
    // Access tokens issued so far stop working (expired); refresh tokens still do.
    void expire_access_tokens();
    // Every token stops working (the member removed the app).
    void revoke_tokens();
    // As if posts had been created today, for the daily quota.
    void spend_daily_quota(const std::string& author, std::int64_t posts);

    // The next comment is stored, then the connection is closed without an answer.
    void drop_answer_to_next_comment();
    // Someone else comments under a post.
    void comment_as(const std::string& actor, const std::string& post_urn, const std::string& text);
    std::vector<LinkedInComment> comments() const;
    int comment_requests() const;

    std::vector<LinkedInPost> posts() const;  // in creation order, deleted ones left out
    std::optional<LinkedInAsset> asset(const std::string& urn) const;
    int create_requests() const;
    int refreshes() const;
    std::string last_version_seen() const;

private:
    http::Response authorize(http::Request& request);
    http::Response token(http::Request& request);
    http::Response userinfo(http::Request& request);
    http::Response organization_acls(http::Request& request);
    http::Response organization(http::Request& request);
    http::Response images(http::Request& request);
    http::Response image(http::Request& request);
    http::Response upload_image(http::Request& request);
    http::Response videos(http::Request& request);
    http::Response video(http::Request& request);
    http::Response upload_video_part(http::Request& request);
    http::Response create_post(http::Request& request);
    http::Response list_posts(http::Request& request);
    http::Response get_post(http::Request& request);
    http::Response delete_post(http::Request& request);
    void add_comment_routes();
    http::Response create_comment(http::Request& request);
    http::Response list_comments(http::Request& request);
    const LinkedInPost* find_post(const std::string& urn) const;
    const LinkedInComment& store_comment(const std::string& actor, const std::string& post_urn, const std::string& text);  // under mutex_

    struct Grant {
        std::set<std::string> scopes;
        bool valid = true;
    };
    // The grant behind the request's bearer token, or the refusal to answer with. Calls to
    // /rest/ must also name an active version.
    const Grant* authorised(const http::Request& request, http::Response& refusal, bool versioned = true);
    bool may_act_as(const Grant& grant, const std::string& author, bool write) const;
    std::string administered_role(const std::string& organisation_urn) const;
    http::Response asset_status(const std::string& urn) const;
    std::string post_json(const LinkedInPost& post) const;

    FakeLinkedInOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::set<std::string>>> codes_;  // code → redirect_uri, scopes
    std::map<std::string, Grant> access_tokens_;
    std::map<std::string, std::set<std::string>> refresh_tokens_;  // token → scopes
    std::vector<LinkedInPost> posts_;
    std::vector<LinkedInPost> deleted_;  // LinkedIn's duplicate check remembers them a while
    std::map<std::string, LinkedInAsset> assets_;
    std::map<std::string, std::int64_t> posts_today_;
    std::int64_t next_id_ = 7260000000000000000;
    std::vector<LinkedInComment> comments_;
    bool drop_next_comment_ = false;
    int comment_requests_ = 0;
    bool drop_next_ = false;
    bool fail_next_video_ = false;
    int create_requests_ = 0;
    int refreshes_ = 0;
    std::string last_version_;

    http::Router router_;
    std::unique_ptr<LoopbackServer> server_;  // last: stopped before the state it serves goes
};

namespace linkedin {
// {"status","serviceErrorCode","code","message"}: how LinkedIn answers most refusals.
http::Response error(int status, const std::string& code, const std::string& message, int service_code = 0);
}  // namespace linkedin

}  // namespace chorus::fakes
