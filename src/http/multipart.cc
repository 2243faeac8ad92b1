#include "http/multipart.h"

#include "core/ascii.h"

namespace chorus::http {
namespace {

Error malformed(std::string message) { return Error{ErrorKind::malformed, "malformed_multipart", std::move(message), {}, {}}; }

// The value of `key` in a header's parameters: `form-data; name="file"; filename="a.jpg"`.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
    std::size_t at = 0;
    while ((at = header.find(';', at)) != std::string_view::npos) {
        ++at;
        while (at < header.size() && header[at] == ' ') ++at;
        auto equals = header.find('=', at);
        if (equals == std::string_view::npos) return std::nullopt;
        if (to_lower_ascii(header.substr(at, equals - at)) != key) continue;
        auto value = header.substr(equals + 1);
        if (!value.empty() && value.front() == '"') {
            std::string out;
            for (std::size_t i = 1; i < value.size() && value[i] != '"'; ++i) {
                if (value[i] == '\\' && i + 1 < value.size()) ++i;
                out.push_back(value[i]);
            }
            return out;
        }
        return std::string(value.substr(0, value.find(';')));
    }
    return std::nullopt;
}

PartHead head_from(std::string_view lines) {
    PartHead head;
    for (std::size_t line = 0; line < lines.size();) {
        auto end = lines.find("\r\n", line);
        if (end == std::string_view::npos) end = lines.size();
        auto header = lines.substr(line, end - line);
        auto colon = header.find(':');
        if (colon != std::string_view::npos) {
            auto name = to_lower_ascii(header.substr(0, colon));
            auto value = header.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (name == "content-disposition") {
                head.name = parameter(value, "name").value_or("");
                head.filename = parameter(value, "filename");
            } else if (name == "content-type") {
                head.content_type = std::string(value);
            }
        }
        line = end + 2;
    }
    return head;
}

}  // namespace

MultipartReader::MultipartReader(std::string boundary) : delimiter_("--" + boundary), marker_("\r\n--" + boundary) {}

Result<MultipartReader> MultipartReader::open(std::string_view content_type) {
    if (to_lower_ascii(content_type.substr(0, content_type.find(';'))) != "multipart/form-data")
        return Error{ErrorKind::unsupported_media_type, "unsupported_media_type",
                     "Upload files as multipart/form-data (a browser's FormData)", {}, {}};
    auto boundary = parameter(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) return malformed("The multipart boundary is missing or invalid");
    return MultipartReader(*boundary);
}

Result<void> MultipartReader::feed(std::string_view bytes, MultipartEvents& events) {
    pending_.append(bytes);
    for (;;) {
        switch (state_) {
            case State::preamble: {
                const auto at = pending_.find(delimiter_);
                if (at == std::string::npos) {
                    // Keep only what could still be the start of the first delimiter.
                    if (pending_.size() >= delimiter_.size()) pending_.erase(0, pending_.size() - delimiter_.size() + 1);
                    return {};
                }
                pending_.erase(0, at + delimiter_.size());
                state_ = State::after_delimiter;
                break;
            }
            case State::after_delimiter:
                if (pending_.size() < 2) return {};
                if (pending_.starts_with("--")) {
                    state_ = State::done;  // the closing delimiter; what follows is ignored
                    pending_.clear();
                    return {};
                }
                if (!pending_.starts_with("\r\n")) return malformed("A multipart boundary is not followed by a line break");
                if (++parts_ > max_parts) return malformed("Too many parts");
                pending_.erase(0, 2);
                state_ = State::head;
                break;
            case State::head: {
                // A part without header lines has its blank line at once.
                const auto end = pending_.starts_with("\r\n") ? 0 : pending_.find("\r\n\r\n");
                if (end == std::string::npos) {
                    if (pending_.size() > max_head_bytes) return malformed("A part's headers are too long");
                    return {};
                }
                PartHead head = head_from(std::string_view(pending_).substr(0, end));
                if (head.name.empty()) return malformed("A part has no name");
                pending_.erase(0, end == 0 ? 2 : end + 4);
                TRY(events.part(head));
                state_ = State::data;
                break;
            }
            case State::data: {
                const auto end = pending_.find(marker_);
                if (end == std::string::npos) {
                    // Everything but a possible start of the marker is the part's data.
                    if (pending_.size() >= marker_.size()) {
                        const auto safe = pending_.size() - marker_.size() + 1;
                        TRY(events.data(std::string_view(pending_).substr(0, safe)));
                        pending_.erase(0, safe);
                    }
                    return {};
                }
                if (end > 0) TRY(events.data(std::string_view(pending_).substr(0, end)));
                TRY(events.part_end());
                pending_.erase(0, end + marker_.size());
                state_ = State::after_delimiter;
                break;
            }
            case State::done:
                pending_.clear();
                return {};
        }
    }
}

Result<void> MultipartReader::finish() const {
    if (state_ == State::done) return {};
    if (state_ == State::preamble) return malformed("The body has no multipart boundary");
    return malformed("A part is not closed by the boundary (truncated upload?)");
}

Result<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body) {
    struct Collect : MultipartEvents {
        std::vector<FormPart> parts;
        Result<void> part(const PartHead& head) override {
            parts.push_back({head.name, head.filename, head.content_type, {}});
            return {};
        }
        Result<void> data(std::string_view bytes) override {
            parts.back().data.append(bytes);
            return {};
        }
        Result<void> part_end() override { return {}; }
    } collect;
    auto reader = TRY(MultipartReader::open(content_type));
    TRY(reader.feed(body, collect));
    TRY(reader.finish());
    return std::move(collect.parts);
}

}  // namespace chorus::http
