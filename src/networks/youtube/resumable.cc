#include "networks/youtube/resumable.h"

#include <algorithm>
#include <charconv>

#include "networks/failures.h"
#include "networks/json_fields.h"

namespace chorus::networks::youtube {
namespace {

namespace json = boost::json;

constexpr int resume_incomplete = 308;

// "bytes=0-524287" → 524288; no Range header: nothing received yet.
std::size_t received_from(const HttpResponse& response) {
    const auto range = response.header("range").value_or("");
    const auto dash = range.rfind('-');
    if (!range.starts_with("bytes=") || dash == std::string::npos) return 0;
    std::size_t last = 0;
    const auto* end = range.data() + range.size();
    if (std::from_chars(range.data() + dash + 1, end, last).ptr != end) return 0;
    return last + 1;
}

Outcome<json::value> resource_of(const HttpResponse& response) {
    auto resource = parse_json(response.body);
    if (!resource.is_object()) {
        auto failure = local_failure(FailureClass::transient, "unreadable_answer", "YouTube's answer to the upload was not a video resource");
        failure.maybe_created = true;
        return {failure, {}};
    }
    return {std::move(resource), {}};
}

Failure maybe_created(Failure failure) {
    failure.maybe_created = true;
    return failure;
}

}  // namespace

Outcome<UploadSession> ResumableUpload::start(const std::string& token, const std::string& path_and_query, const json::value& metadata,
                                              std::size_t total, const std::string& mime) {
    auto request = api_.request("POST", path_and_query, token);
    request.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
    request.headers.emplace_back("X-Upload-Content-Length", std::to_string(total));
    request.headers.emplace_back("X-Upload-Content-Type", mime);
    request.body = json::serialize(metadata);
    // Opening a session creates nothing that anyone sees; a lost answer leaves an unused one.
    auto opened = api_.send(std::move(request));
    if (!opened.ok()) {
        auto failure = opened.failure();
        failure.maybe_created = false;
        return {failure, {}};
    }
    auto location = opened.get().header("location");
    if (!location || location->empty())
        return {local_failure(FailureClass::transient, "unreadable_answer", "YouTube opened no upload session (no Location)"), {}};
    return {UploadSession{*location, total}, {}};
}

Outcome<SessionState> ResumableUpload::query(const std::string& token, const UploadSession& session) {
    auto request = api_.request("PUT", session.uri, token);
    request.headers.emplace_back("Content-Range", "bytes */" + std::to_string(session.total));
    auto answer = api_.exchange(std::move(request));
    if (!answer.ok()) return {answer.failure(), {}};
    const auto& response = answer.get();
    if (response.status == 200 || response.status == 201) {
        auto resource = resource_of(response);
        if (!resource.ok()) return {resource.failure(), {}};
        return {SessionState{SessionState::Kind::complete, session.total, std::move(resource.get())}, {}};
    }
    if (response.status == resume_incomplete) return {SessionState{SessionState::Kind::incomplete, received_from(response), {}}, {}};
    // An expired or cancelled session: its bytes were never made into a video.
    if (response.status == 404 || response.status == 410) return {SessionState{SessionState::Kind::gone, 0, {}}, {}};
    return {failure_from(response, now_millis()), {}};
}

Outcome<json::value> ResumableUpload::send(const std::string& token, const UploadSession& session, const std::string& bytes,
                                           std::size_t from, const std::string& mime) {
    std::size_t offset = from;
    int stalled = 0;  // answers that moved nothing forward
    while (true) {
        const std::size_t end = std::min(offset + chunk_bytes_, session.total);
        auto request = api_.request("PUT", session.uri, token);
        request.timeout = chunk_timeout_;
        // The chunk that completes the upload creates the video: like any creating request it
        // is never re-sent behind our back; a lost answer is settled by asking the session.
        request.idempotent = false;
        request.headers.emplace_back("Content-Type", mime);
        request.headers.emplace_back("Content-Range",
                                     "bytes " + std::to_string(offset) + "-" + std::to_string(end - 1) + "/" + std::to_string(session.total));
        request.body = bytes.substr(offset, end - offset);
        auto answer = api_.exchange(std::move(request));
        if (!answer.ok()) return {maybe_created(answer.failure()), {}};
        const auto& response = answer.get();
        if (response.status == 200 || response.status == 201) return resource_of(response);
        if (response.status != resume_incomplete) return {maybe_created(failure_from(response, now_millis())), {}};
        const auto received = received_from(response);
        stalled = received > offset ? 0 : stalled + 1;
        if (stalled >= 3 || received >= session.total)
            return {maybe_created(local_failure(FailureClass::transient, "upload_stalled",
                                                "YouTube keeps answering that it holds " + std::to_string(received) + " of " +
                                                    std::to_string(session.total) + " bytes")),
                    {}};
        offset = received;
    }
}

}  // namespace chorus::networks::youtube
