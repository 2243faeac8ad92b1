#pragma once
// Reading a JSON body and its fields: the outside bytes every JSON route takes, kept apart
// from the routes so that they can be fuzzed alone (fuzz/).
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace chorus::http::api {

namespace json = boost::json;

// The body as a JSON object: 415 unless Content-Type is application/json, 400 when it does
// not parse or is not an object.
Result<json::object> json_body(const Request& request);

// Field readers: absent is fine for optional ones; a wrong type is a 422 naming the field.
Result<std::optional<std::string>> optional_string(const json::object& body, std::string_view field);
Result<std::string> required_string(const json::object& body, std::string_view field);
// Absent → nullopt; null → optional holding nullopt; string → the string.
Result<std::optional<std::optional<std::string>>> nullable_string(const json::object& body, std::string_view field);

Result<std::optional<std::vector<std::string>>> optional_string_array(const json::object& body, std::string_view field);
// Absent → false.
Result<bool> optional_bool(const json::object& body, std::string_view field);

}  // namespace chorus::http::api
