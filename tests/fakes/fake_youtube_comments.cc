// Top-level comments on FakeYouTube's videos, as the Data API serves them
// (developers.google.com/youtube/v3/docs/commentThreads):
//   POST /youtube/v3/commentThreads?part=snippet
//        {snippet: {videoId, topLevelComment: {snippet: {textOriginal}}}} → the commentThread
//   GET  /youtube/v3/commentThreads?part=snippet&videoId=…&order=time → {items: [commentThread…]}, newest first
// Videos made for kids have comments disabled (403 commentsDisabled). textOriginal is given
// back to its author only, as YouTube does; others see textDisplay.
#include <boost/json.hpp>

#include <algorithm>
#include <utility>

#include "core/clock.h"
#include "fake_text.h"
#include "fake_youtube.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;
using youtube::google_error;

const json::value* at_path(const json::value& value, std::initializer_list<std::string_view> path) {
    const json::value* here = &value;
    for (auto key : path) {
        const auto* object = here->if_object();
        here = object ? object->if_contains(key) : nullptr;
        if (!here) return nullptr;
    }
    return here;
}

}  // namespace

void FakeYouTube::add_comment_routes() {
    const auto on_io = http::Execution::inline_on_io;
    router_.add("POST", "/youtube/v3/commentThreads", [this](http::Request& r) { return insert_comment_thread(r); }, on_io);
    router_.add("GET", "/youtube/v3/commentThreads", [this](http::Request& r) { return list_comment_threads(r); }, on_io);
}

void FakeYouTube::drop_answer_to_next_comment() {
    std::lock_guard lock(mutex_);
    drop_next_comment_ = true;
}

void FakeYouTube::comment_as_viewer(const std::string& video_id, const std::string& text) {
    std::lock_guard lock(mutex_);
    comments_.push_back({"Ugz" + std::to_string(++next_id_), video_id, "UCviewer00000000000000000", text, now_millis()});
}

std::vector<YouTubeComment> FakeYouTube::comments() const {
    std::lock_guard lock(mutex_);
    return comments_;
}

int FakeYouTube::comment_requests() const {
    std::lock_guard lock(mutex_);
    return comment_requests_;
}

std::string FakeYouTube::comment_thread_json(const YouTubeComment& comment) const {
    json::object snippet{{"authorDisplayName", comment.author_channel_id == channel_id() ? "Café Luna" : "A viewer"},
                         {"authorChannelId", json::object{{"value", comment.author_channel_id}}},
                         {"videoId", comment.video_id},
                         {"textDisplay", comment.text},
                         {"publishedAt", format_utc(comment.published_at)}};
    if (comment.author_channel_id == channel_id()) snippet["textOriginal"] = comment.text;
    return json::serialize(json::object{
        {"kind", "youtube#commentThread"},
        {"id", comment.id},
        {"snippet", json::object{{"channelId", channel_id()},
                                 {"videoId", comment.video_id},
                                 {"topLevelComment", json::object{{"kind", "youtube#comment"}, {"id", comment.id}, {"snippet", std::move(snippet)}}},
                                 {"canReply", true},
                                 {"totalReplyCount", 0},
                                 {"isPublic", true}}}});
}

http::Response FakeYouTube::insert_comment_thread(http::Request& request) {
    std::lock_guard lock(mutex_);
    ++comment_requests_;
    if (auto refusal = unauthorised(request)) return *refusal;
    if (request.query_param("part").value_or("") != "snippet")
        return google_error(400, "invalidPart", "The part parameter must be snippet", "youtube.part", "INVALID_ARGUMENT");
    boost::system::error_code parse_error;
    const auto body = json::parse(request.body, parse_error);
    const auto* video_id = parse_error ? nullptr : at_path(body, {"snippet", "videoId"});
    const auto* text = parse_error ? nullptr : at_path(body, {"snippet", "topLevelComment", "snippet", "textOriginal"});
    if (!video_id || !video_id->is_string() || !text || !text->is_string() || text->get_string().empty())
        return google_error(400, "invalidCommentThreadMetadata", "The request metadata is invalid.", "youtube.commentThread", "INVALID_ARGUMENT");
    auto video = std::find_if(videos_.begin(), videos_.end(), [&](const YouTubeVideo& v) { return v.id == video_id->get_string(); });
    if (video == videos_.end())
        return google_error(404, "videoNotFound", "The video identified by the videoId parameter could not be found.", "youtube.commentThread",
                            "NOT_FOUND");
    if (video->made_for_kids)
        return google_error(403, "commentsDisabled", "The video identified by the videoId parameter has disabled comments.",
                            "youtube.commentThread", "PERMISSION_DENIED");
    if (code_points(text->get_string()) > 10'000)
        return google_error(400, "commentTextTooLong", "The comment resource contains too many characters.", "youtube.commentThread",
                            "INVALID_ARGUMENT");
    comments_.push_back({"Ugx" + std::to_string(++next_id_), video->id, channel_id(), std::string(text->get_string()), now_millis()});
    auto answer = http::Response::json(200, comment_thread_json(comments_.back()));
    answer.drop_connection = std::exchange(drop_next_comment_, false);
    return answer;
}

http::Response FakeYouTube::list_comment_threads(http::Request& request) {
    std::lock_guard lock(mutex_);
    if (auto refusal = unauthorised(request)) return *refusal;
    const auto video_id = request.query_param("videoId").value_or("");
    if (std::none_of(videos_.begin(), videos_.end(), [&](const YouTubeVideo& v) { return v.id == video_id; }))
        return google_error(404, "videoNotFound", "The video identified by the videoId parameter could not be found.", "youtube.commentThread",
                            "NOT_FOUND");
    std::string items;
    for (auto it = comments_.rbegin(); it != comments_.rend(); ++it)
        if (it->video_id == video_id) items += (items.empty() ? "" : ",") + comment_thread_json(*it);
    return http::Response::json(200, R"({"kind":"youtube#commentThreadListResponse","items":[)" + items + "]}");
}

}  // namespace chorus::fakes
