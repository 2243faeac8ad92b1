#pragma once
// Who is calling, in which organisation, with which role. Every domain call takes one and
// scopes its queries to principal.org_id: that is the whole of tenant isolation.
#include <string>

#include "core/role.h"

namespace chorus::accounts {

struct Principal {
    std::string user_id;
    std::string org_id;
    Role role = Role::viewer;
    bool via_session = false;   // cookie sessions must echo the CSRF token on writes
    std::string csrf_token;     // only for sessions
};

}  // namespace chorus::accounts
