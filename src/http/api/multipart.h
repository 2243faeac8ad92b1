#pragma once
// multipart/form-data (RFC 7578), as browsers send file uploads. Parts are views into the
// request body, which must outlive them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace chorus::http::api {

struct FormPart {
    std::string name;
    std::optional<std::string> filename;  // present for file fields
    std::string content_type;
    std::string_view data;
};

// 415 unless the content type is multipart/form-data with a boundary; 400 when the body
// does not follow it.
Result<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body);

}  // namespace chorus::http::api
