#include "http/api/json_input.h"

#include <boost/json/parse.hpp>

#include "core/ascii.h"

namespace chorus::http::api {

// The path ("targets[0].text") of the first string in `value` that holds a NUL: no name,
// text or file name may, since C-string APIs downstream would cut it there.
namespace {

std::optional<std::string> field_with_nul(const json::value& value, const std::string& path) {
    if (value.is_string() && value.as_string().find('\0') != json::string::npos) return path;
    if (value.is_object())
        for (const auto& [key, member] : value.as_object()) {
            if (key.find('\0') != json::string_view::npos) return path.empty() ? "(a key)" : path;
            if (auto found = field_with_nul(member, path.empty() ? std::string(key) : path + "." + std::string(key))) return found;
        }
    if (value.is_array())
        for (std::size_t i = 0; i < value.as_array().size(); ++i)
            if (auto found = field_with_nul(value.as_array()[i], path + "[" + std::to_string(i) + "]")) return found;
    return std::nullopt;
}

}  // namespace

Result<json::object> json_body(const Request& request) {
    auto type = request.header("content-type").value_or("");
    auto semicolon = type.find(';');
    std::string media = to_lower_ascii(type.substr(0, semicolon));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    if (media != "application/json")
        return Error{ErrorKind::unsupported_media_type, "unsupported_media_type",
                     "Send the body as JSON with Content-Type: application/json", {}, {}};
    boost::system::error_code ec;
    json::value parsed = json::parse(request.body, ec);
    if (ec)
        return Error{ErrorKind::malformed, "malformed_json", "The body is not valid JSON: " + ec.message(), {}, {}};
    if (!parsed.is_object())
        return Error{ErrorKind::malformed, "malformed_json", "The body must be a JSON object", {}, {}};
    if (auto field = field_with_nul(parsed, ""))
        return Error::invalid(*field, "nul_character", *field + " contains a NUL character (\\u0000), which no text may hold");
    return std::move(parsed.as_object());
}

Result<std::optional<std::string>> optional_string(const json::object& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end()) return std::optional<std::string>{};
    if (!it->value().is_string())
        return Error::invalid(std::string(field), "must_be_string", std::string(field) + " must be a string");
    return std::optional<std::string>{std::string(it->value().as_string())};
}

Result<std::string> required_string(const json::object& body, std::string_view field) {
    auto value = TRY(optional_string(body, field));
    if (!value) return Error::invalid(std::string(field), "required", std::string(field) + " is required");
    return *value;
}

Result<std::optional<std::optional<std::string>>> nullable_string(const json::object& body, std::string_view field) {
    using Out = std::optional<std::optional<std::string>>;
    auto it = body.find(field);
    if (it == body.end()) return Out{};
    if (it->value().is_null()) return Out{std::optional<std::string>{}};
    if (!it->value().is_string())
        return Error::invalid(std::string(field), "must_be_string", std::string(field) + " must be a string or null");
    return Out{std::optional<std::string>{std::string(it->value().as_string())}};
}

Result<std::optional<std::vector<std::string>>> optional_string_array(const json::object& body, std::string_view field) {
    using Out = std::optional<std::vector<std::string>>;
    auto it = body.find(field);
    if (it == body.end()) return Out{};
    auto wrong = [&] {
        return Error::invalid(std::string(field), "must_be_array", std::string(field) + " must be an array of strings");
    };
    if (!it->value().is_array()) return wrong();
    std::vector<std::string> items;
    for (const auto& item : it->value().as_array()) {
        if (!item.is_string()) return wrong();
        items.emplace_back(item.as_string());
    }
    return Out{std::move(items)};
}

Result<bool> optional_bool(const json::object& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end()) return false;
    if (!it->value().is_bool())
        return Error::invalid(std::string(field), "must_be_boolean", std::string(field) + " must be true or false");
    return it->value().as_bool();
}

}  // namespace chorus::http::api
