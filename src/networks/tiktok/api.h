#pragma once
// TikTok's API v2 (open.tiktokapis.com/v2). Every answer is an envelope
// {"data": {…}, "error": {"code": "ok" | "<reason>", "message": "…", "log_id": "…"}}; a
// code other than "ok" is a failure whatever the status, and its log id is kept in the
// message because TikTok's support asks for it. TikTok sends no rate-limit headers: its
// limits are per user token and endpoint (6 post inits a minute, 30 status reads a minute).
#include <cstdint>
#include <string>
#include <vector>

#include "networks/bearer_api.h"

namespace chorus::networks::tiktok {

// What an error answer means, with TikTok's own words and code.
Failure failure_from(const HttpResponse& response, Millis now);
// What TikTok's error object {code, message, log_id} means where no error status came with
// it: an envelope's error in a 2xx answer, or a post's FAILED status (its fail_reason is
// the code).
Failure failure_from_error(const boost::json::value& error, Millis now);

// How a video of `size` bytes is cut for a FILE_UPLOAD (the media transfer guide): under
// 5 MB, or when `chunk_size` covers it, one chunk; otherwise floor(size / chunk_size) chunks
// of chunk_size, the last one taking the remainder as well.
struct ChunkPlan {
    std::int64_t chunk_size = 0;
    std::int64_t total_chunk_count = 0;
};
ChunkPlan plan_chunks(std::int64_t size, std::int64_t chunk_size);

// The byte ranges [first, last] of each chunk in order.
struct ByteRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
};
std::vector<ByteRange> chunk_ranges(std::int64_t size, const ChunkPlan& plan);

class Api : public BearerApi {
public:
    Api(HttpClient& http, std::string api_url, std::chrono::milliseconds timeout)
        : BearerApi(http, "TikTok", std::move(api_url), timeout, &failure_from) {}

    // What a request does, which decides whether the transport may send it twice and
    // whether an unreadable answer may hide a post.
    enum class Effect {
        reads,
        prepares,  // a video init: sent once (it counts against 6 a minute), but makes no post by itself
        creates,   // a photo init: TikTok starts downloading, and the post follows
    };

    // POSTs the JSON body (none for null) and answers the envelope's data, or the failure
    // its error means.
    Outcome<boost::json::value> post(const std::string& path, const std::string& token, const boost::json::value& body, Effect effect);
    Outcome<boost::json::value> get(const std::string& path, const std::string& token);

private:
    Outcome<boost::json::value> data_of(Outcome<boost::json::value> answer, bool creates) const;
};

}  // namespace chorus::networks::tiktok
