#include "core/role.h"

#include <array>
#include <utility>

namespace chorus {
namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> names{{
    {Role::viewer, "viewer"},
    {Role::contributor, "contributor"},
    {Role::editor, "editor"},
    {Role::admin, "admin"},
    {Role::owner, "owner"},
}};
}  // namespace

std::string_view to_string(Role role) {
    for (const auto& [value, name] : names)
        if (value == role) return name;
    return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
    for (const auto& [value, name] : names)
        if (name == text) return value;
    return std::nullopt;
}

}  // namespace chorus
