#pragma once
// Reading networks' JSON answers without ceremony: a missing or mistyped field reads as
// empty, because a connector decides what is required, not the parser.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chorus::networks {

// null when `text` is not JSON.
boost::json::value parse_json(std::string_view text);
// The member `key` of an object, or nullptr.
const boost::json::value* member(const boost::json::value& value, std::string_view key);
// The string member `key`, or "" when absent or not a string.
std::string string_at(const boost::json::value& value, std::string_view key);
std::optional<std::int64_t> int_at(const boost::json::value& value, std::string_view key);
// The boolean member `key`; false when absent or not a boolean.
bool flag_at(const boost::json::value& value, std::string_view key);
// An id as text, whether the network writes it as a string or a number; "" for neither.
std::string id_text(const boost::json::value& id);

}  // namespace chorus::networks
