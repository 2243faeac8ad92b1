#include "http/api/multipart.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"

namespace chorus::http::api {
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

}  // namespace

Result<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body) {
    if (to_lower_ascii(content_type.substr(0, content_type.find(';'))) != "multipart/form-data")
        return Error{ErrorKind::unsupported_media_type, "unsupported_media_type",
                     "Upload files as multipart/form-data (a browser's FormData)", {}, {}};
    auto boundary = parameter(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) return malformed("The multipart boundary is missing or invalid");
    const std::string delimiter = "--" + *boundary;
    std::vector<FormPart> parts;
    std::size_t at = body.find(delimiter);
    if (at == std::string_view::npos) return malformed("The body has no multipart boundary");
    for (;;) {
        at += delimiter.size();
        if (body.substr(at, 2) == "--") break;  // the closing delimiter
        if (body.substr(at, 2) != "\r\n") return malformed("A multipart boundary is not followed by a line break");
        at += 2;
        const auto headers_end = body.find("\r\n\r\n", at);
        if (headers_end == std::string_view::npos) return malformed("A part's headers never end");
        FormPart part;
        for (std::size_t line = at; line < headers_end;) {
            auto end = body.find("\r\n", line);
            if (end == std::string_view::npos || end > headers_end) end = headers_end;
            auto header = body.substr(line, end - line);
            auto colon = header.find(':');
            if (colon != std::string_view::npos) {
                auto name = to_lower_ascii(header.substr(0, colon));
                auto value = header.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                if (name == "content-disposition") {
                    part.name = parameter(value, "name").value_or("");
                    part.filename = parameter(value, "filename");
                } else if (name == "content-type") {
                    part.content_type = std::string(value);
                }
            }
            line = end + 2;
        }
        const auto data_start = headers_end + 4;
        const auto next = body.find("\r\n" + delimiter, data_start);
        if (next == std::string_view::npos) return malformed("A part is not closed by the boundary (truncated upload?)");
        part.data = body.substr(data_start, next - data_start);
        if (part.name.empty()) return malformed("A part has no name");
        parts.push_back(std::move(part));
        at = next + 2;
        if (parts.size() > 100) return malformed("Too many parts");
    }
    return parts;
}

}  // namespace chorus::http::api
