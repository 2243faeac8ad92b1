#include "networks/json_fields.h"

namespace chorus::networks {

namespace json = boost::json;

json::value parse_json(std::string_view text) {
    boost::system::error_code error;
    auto value = json::parse(text, error);
    return error ? json::value() : value;
}

const json::value* member(const json::value& value, std::string_view key) {
    const auto* object = value.if_object();
    return object ? object->if_contains(key) : nullptr;
}

std::string string_at(const json::value& value, std::string_view key) {
    const auto* found = member(value, key);
    const auto* text = found ? found->if_string() : nullptr;
    return text ? std::string(*text) : std::string();
}

std::optional<std::int64_t> int_at(const json::value& value, std::string_view key) {
    const auto* found = member(value, key);
    if (!found) return std::nullopt;
    if (const auto* number = found->if_int64()) return *number;
    if (const auto* number = found->if_uint64()) return static_cast<std::int64_t>(*number);
    return std::nullopt;
}

bool flag_at(const json::value& value, std::string_view key) {
    const auto* found = member(value, key);
    return found && found->is_bool() && found->get_bool();
}

std::string id_text(const json::value& id) {
    if (id.is_string()) return std::string(id.get_string());
    if (id.is_int64()) return std::to_string(id.get_int64());
    if (id.is_uint64()) return std::to_string(id.get_uint64());
    return {};
}

}  // namespace chorus::networks
