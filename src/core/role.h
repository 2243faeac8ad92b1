#pragma once
// Roles in an organisation, from most to least powerful. Each role can do everything the
// roles below it can.
#include <optional>
#include <string_view>

namespace chorus {

enum class Role { viewer = 0, contributor = 1, editor = 2, admin = 3, owner = 4 };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

inline bool is_at_least(Role held, Role needed) {
    return static_cast<int>(held) >= static_cast<int>(needed);
}

}  // namespace chorus
