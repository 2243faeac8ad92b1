// Comments on FakeLinkedIn's posts, as the Comments API serves them
// (learn.microsoft.com/linkedin/marketing/community-management/shares/comments-api):
//   POST /rest/socialActions/{post urn}/comments {actor, object, message: {text}}
//        → 201 with the comment {actor, commentUrn, id, object, message, created: {actor, time}}
//   GET  /rest/socialActions/{post urn}/comments → {elements: [comment…], paging}
// Commenting as a member needs w_member_social, as a Page w_organization_social with a
// content role; reading needs r_member_social (partners only) or r_organization_social.
#include <boost/json.hpp>

#include <algorithm>
#include <utility>

#include "core/clock.h"
#include "fake_linkedin.h"
#include "fake_text.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;
using linkedin::error;

std::string text_in(const json::value& value, std::string_view key) {
    const auto* object = value.if_object();
    const auto* found = object ? object->if_contains(key) : nullptr;
    return found && found->is_string() ? std::string(found->get_string()) : std::string();
}

json::object comment_json(const LinkedInComment& comment) {
    const auto id = comment.urn.substr(comment.urn.rfind(',') + 1, comment.urn.size() - comment.urn.rfind(',') - 2);
    return json::object{{"actor", comment.actor},
                        {"commentUrn", comment.urn},
                        {"id", id},
                        {"object", comment.object},
                        {"message", json::object{{"text", comment.text}}},
                        {"created", json::object{{"actor", comment.actor}, {"time", comment.created_at}}}};
}

}  // namespace

void FakeLinkedIn::add_comment_routes() {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("POST", "/rest/socialActions/{urn}/comments", [this](http::Request& r) { return create_comment(r); }, on_io);
    router_.add("GET", "/rest/socialActions/{urn}/comments", [this](http::Request& r) { return list_comments(r); }, on_io);
}

void FakeLinkedIn::drop_answer_to_next_comment() {
    std::lock_guard lock(mutex_);
    drop_next_comment_ = true;
}

void FakeLinkedIn::comment_as(const std::string& actor, const std::string& post_urn, const std::string& text) {
    std::lock_guard lock(mutex_);
    store_comment(actor, post_urn, text);
}

const LinkedInComment& FakeLinkedIn::store_comment(const std::string& actor, const std::string& post_urn, const std::string& text) {
    const auto id = std::to_string(++next_id_);
    comments_.push_back({"urn:li:comment:(urn:li:activity:" + post_urn.substr(post_urn.rfind(':') + 1) + "," + id + ")", post_urn, actor,
                         text, now_millis()});
    return comments_.back();
}

std::vector<LinkedInComment> FakeLinkedIn::comments() const {
    std::lock_guard lock(mutex_);
    return comments_;
}

int FakeLinkedIn::comment_requests() const {
    std::lock_guard lock(mutex_);
    return comment_requests_;
}

const LinkedInPost* FakeLinkedIn::find_post(const std::string& urn) const {
    auto it = std::find_if(posts_.begin(), posts_.end(), [&](const LinkedInPost& post) { return post.urn == urn; });
    return it == posts_.end() ? nullptr : &*it;
}

http::Response FakeLinkedIn::create_comment(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++comment_requests_;
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    boost::system::error_code parse_error;
    const auto body = json::parse(request.body, parse_error);
    if (parse_error) return error(400, "ILLEGAL_ARGUMENT", "The body is not JSON");
    const auto& urn = request.param("urn");
    const auto* post = find_post(urn);
    if (!post) return error(404, "NOT_FOUND", "Post " + urn + " does not exist");
    if (text_in(body, "object") != urn) return error(400, "ILLEGAL_ARGUMENT", "object must be the post the path names");
    const auto actor = text_in(body, "actor");
    if (!may_act_as(*grant, actor, true))
        return error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiSocialActions.CREATE." + last_version_, 100);
    const auto* message = body.is_object() ? body.as_object().if_contains("message") : nullptr;
    const auto text = message ? text_in(*message, "text") : std::string();
    if (text.empty()) return error(422, "MISSING_FIELD", "message.text is required");
    if (code_points(text) > 1'250) return error(422, "INVALID_VALUE", "message.text is longer than 1250 characters");
    auto created = http::Response::json(201, json::serialize(comment_json(store_comment(actor, urn, text))));
    created.drop_connection = std::exchange(drop_next_comment_, false);
    return created;
}

http::Response FakeLinkedIn::list_comments(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* grant = authorised(request, refusal);
    if (!grant) return refusal;
    const auto& urn = request.param("urn");
    const auto* post = find_post(urn);
    if (!post) return error(404, "NOT_FOUND", "Post " + urn + " does not exist");
    if (!may_act_as(*grant, post->author, false))
        return error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiSocialActions.FINDER." + last_version_, 100);
    json::array elements;
    for (const auto& comment : comments_)
        if (comment.object == urn) elements.push_back(comment_json(comment));
    const auto total = elements.size();
    return http::Response::json(200, json::serialize(json::object{{"elements", std::move(elements)},
                                                                  {"paging", json::object{{"start", 0}, {"count", 100}, {"total", total}}}}));
}

}  // namespace chorus::fakes
