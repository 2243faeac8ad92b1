// Comments on FakeFacebook's Page posts and Instagram media, as the Graph API serves them:
// POST /{object-id}/comments (`message`) → {id}; GET /{object-id}/comments, newest first
// with order=reverse_chronological. A Page comments on its own posts, an Instagram account
// (through its linked Page's token) on its own media.
#include <boost/json.hpp>

#include <algorithm>

#include "fake_facebook.h"
#include "fake_text.h"
#include "graph_fake.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

using graph::invalid_parameter;
using graph::parameters;

}  // namespace

void FakeFacebook::add_comment_routes() {
    const auto on_io = http::Execution::inline_on_io;
    const auto v = "/" + options_.version;
    router_.add("POST", v + "/{id}/comments", [this](http::Request& r) { return create_comment(r); }, on_io);
    router_.add("GET", v + "/{id}/comments", [this](http::Request& r) { return list_comments(r); }, on_io);
}

void FakeFacebook::drop_answer_to_next_comment() {
    std::lock_guard lock(mutex_);
    drop_next_comment_ = true;
}

void FakeFacebook::fail_next_comment() {
    std::lock_guard lock(mutex_);
    fail_next_comment_ = true;
}

void FakeFacebook::comment_as_visitor(const std::string& object_id, const std::string& name, const std::string& message) {
    std::lock_guard lock(mutex_);
    comments_.push_back(GraphComment{std::to_string(++next_id_), object_id, "visitor-" + name, name, message, now_millis()});
}

std::vector<GraphComment> FakeFacebook::comments() const {
    std::lock_guard lock(mutex_);
    return comments_;
}

int FakeFacebook::comment_requests() const {
    std::lock_guard lock(mutex_);
    return comment_requests_;
}

// Who may comment under the object the path names: its Page, or its Instagram account.
// nullopt when the token's Page owns neither.
std::optional<GraphComment> FakeFacebook::commenter(const FacebookPage& page, const std::string& object_id) const {
    for (const auto& post : posts_)
        if (post.id == object_id && post.page_id == page.id) return GraphComment{"", object_id, page.id, page.name, "", 0};
    if (page.instagram)
        for (const auto& media : instagram_media_)
            if (media.id == object_id && media.account_id == page.instagram->id)
                return GraphComment{"", object_id, page.instagram->id, page.instagram->username, "", 0};
    return std::nullopt;
}

http::Response FakeFacebook::create_comment(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    ++comment_requests_;
    http::Response refusal;
    const auto* page = page_for(request, refusal);
    if (!page) return refusal;
    auto comment = commenter(*page, request.param("id"));
    if (!comment) return graph::no_such_object(request.param("id"));
    if (fail_next_comment_) {
        fail_next_comment_ = false;
        return graph::error(500, 2, "An unexpected error has occurred. Please retry your request later.");
    }
    comment->message = fields["message"];
    if (comment->message.empty()) return invalid_parameter("(#100) Missing message or attachment");
    const bool instagram = page->instagram && comment->from_id == page->instagram->id;
    if (code_points(comment->message) > (instagram ? 2'200u : 8'000u)) return invalid_parameter("(#100) The comment is too long");
    comment->id = std::to_string(++next_id_);
    comment->created_at = now_millis();
    comments_.push_back(*comment);
    auto answer = http::Response::json(200, json::serialize(json::object{{"id", comment->id}}));
    if (drop_next_comment_) {
        drop_next_comment_ = false;
        answer.drop_connection = true;
    }
    return answer;
}

http::Response FakeFacebook::list_comments(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = page_for(request, refusal);
    if (!page) return refusal;
    const auto& object_id = request.param("id");
    auto owner = commenter(*page, object_id);
    if (!owner) return graph::no_such_object(object_id);
    const bool instagram = page->instagram && owner->from_id == page->instagram->id;
    json::array data;
    for (const auto& comment : comments_) {
        if (comment.object_id != object_id) continue;
        if (instagram)
            data.push_back(json::object{{"id", comment.id}, {"text", comment.message}, {"username", comment.from_name},
                                        {"timestamp", graph::iso_time(comment.created_at)}});
        else
            data.push_back(json::object{{"id", comment.id}, {"message", comment.message},
                                        {"from", json::object{{"id", comment.from_id}, {"name", comment.from_name}}},
                                        {"created_time", graph::iso_time(comment.created_at)}});
    }
    if (fields["order"] == "reverse_chronological") std::reverse(data.begin(), data.end());
    return http::Response::json(200, json::serialize(json::object{{"data", data}}));
}

}  // namespace chorus::fakes
