#pragma once
// multipart/form-data (RFC 7578), as browsers send file uploads: read as it arrives, in
// pieces of any size, so that a large file goes to disk rather than into memory
// (http/form_upload.h), and whole for small bodies (the test networks).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace chorus::http {

struct PartHead {
    std::string name;
    std::optional<std::string> filename;  // present for file fields
    std::string content_type;
};

// What the reader finds, in order: a part's head, its data in pieces, its end.
class MultipartEvents {
public:
    virtual ~MultipartEvents() = default;
    virtual Result<void> part(const PartHead& head) = 0;
    virtual Result<void> data(std::string_view bytes) = 0;
    virtual Result<void> part_end() = 0;
};

class MultipartReader {
public:
    // 415 unless the content type is multipart/form-data with a valid boundary.
    static Result<MultipartReader> open(std::string_view content_type);

    // The next bytes of the body; any Error (400 when the body breaks the format, or the
    // events' own) ends the reading.
    Result<void> feed(std::string_view bytes, MultipartEvents& events);
    // The body has ended: 400 unless its closing boundary came.
    Result<void> finish() const;

    static constexpr std::size_t max_parts = 100;
    static constexpr std::size_t max_head_bytes = 16 * 1024;

private:
    enum class State { preamble, after_delimiter, head, data, done };
    explicit MultipartReader(std::string boundary);

    std::string delimiter_;  // "--" + boundary
    std::string marker_;     // "\r\n--" + boundary: what ends a part's data
    std::string pending_;    // bytes not yet judged (a delimiter may straddle two pieces)
    State state_ = State::preamble;
    std::size_t parts_ = 0;
};

struct FormPart {
    std::string name;
    std::optional<std::string> filename;
    std::string content_type;
    std::string data;
};

// A whole body at once.
Result<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body);

}  // namespace chorus::http
