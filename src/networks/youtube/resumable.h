#pragma once
// Google's resumable upload protocol as YouTube documents it
// (developers.google.com/youtube/v3/guides/using_resumable_upload_protocol): a POST with the
// video's metadata opens a session whose address comes back in Location; the bytes follow
// in PUTs with Content-Range, in chunks that are multiples of 256 KiB, each answered
// "308 Resume Incomplete" with the Range received, the last one with the created video. An
// empty PUT with "Content-Range: bytes */TOTAL" asks where an interrupted session stands.
//
// The session is what makes an upload exactly-once: the video exists only once all its bytes
// arrived, and asking the session says whether they did.
#include <boost/json.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "networks/youtube/api.h"

namespace chorus::networks::youtube {

struct UploadSession {
    std::string uri;
    std::size_t total = 0;
};

struct SessionState {
    enum class Kind { complete, incomplete, gone } kind = Kind::gone;
    std::size_t received = 0;     // incomplete: the bytes the session holds
    boost::json::value resource;  // complete: what the upload created
};

class ResumableUpload {
public:
    ResumableUpload(Api& api, std::size_t chunk_bytes, std::chrono::milliseconds chunk_timeout)
        : api_(api), chunk_bytes_(chunk_bytes), chunk_timeout_(chunk_timeout) {}

    // Opens a session at path_and_query (with uploadType=resumable) for `total` bytes.
    Outcome<UploadSession> start(const std::string& token, const std::string& path_and_query, const boost::json::value& metadata,
                                 std::size_t total, const std::string& mime);
    Outcome<SessionState> query(const std::string& token, const UploadSession& session);
    // Sends bytes[from…] and returns the created resource. Once bytes have gone, a failure
    // is "maybe created": only asking the session tells.
    Outcome<boost::json::value> send(const std::string& token, const UploadSession& session, const std::string& bytes, std::size_t from,
                                     const std::string& mime);

private:
    Api& api_;
    std::size_t chunk_bytes_;
    std::chrono::milliseconds chunk_timeout_;
};

}  // namespace chorus::networks::youtube
