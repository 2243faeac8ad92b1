#pragma once
// Organisations and their members. A user may belong to several organisations (an agency's
// freelancer); each request acts inside one of them, the principal's.
#include <optional>
#include <string>

#include "accounts/identity.h"
#include "accounts/listing.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "store/store.h"

namespace chorus::accounts {

struct Organisation {
    std::string id;
    std::string name;
    Role role = Role::viewer;  // the caller's role in it
    Millis created_at = 0;
    Millis updated_at = 0;
};

struct Member {
    std::string user_id;
    std::string email;
    std::string name;
    Role role = Role::viewer;
    Millis joined_at = 0;
};

class Organisations {
public:
    Organisations(store::Store& store, Identity& identity) : store_(store), identity_(identity) {}

    Result<Organisation> create(const Principal& caller, const std::string& name);
    Result<Page<Organisation>> mine(const Principal& caller, const PageRequest& page);
    Result<Organisation> get(const Principal& caller, const std::string& org_id);
    Result<Organisation> rename(const Principal& caller, const std::string& org_id, const std::string& name);
    Result<void> remove(const Principal& caller, const std::string& org_id);

    Result<Page<Member>> members(const Principal& caller, const PageRequest& page);
    Result<Member> member(const Principal& caller, const std::string& user_id);
    Result<Member> change_role(const Principal& caller, const std::string& user_id, const std::string& role);
    Result<void> remove_member(const Principal& caller, const std::string& user_id);

    // For the command line and first start: the organisation with this name (created when
    // missing) gets this user with this role; an existing user's password is replaced.
    struct Enrolment {
        Organisation organisation;
        User user;
        bool user_created = false;
        bool organisation_created = false;
    };
    Result<Enrolment> enrol(const std::string& org_name, const NewUser& user, Role role);
    // The first-run page: only while the installation has no user at all (409 otherwise),
    // checked in the same transaction that creates the owner, so two visitors cannot both win.
    Result<Enrolment> set_up_first_owner(const std::string& org_name, const NewUser& user);

private:
    store::Store& store_;
    Identity& identity_;
};

}  // namespace chorus::accounts
