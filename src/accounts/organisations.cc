#include "accounts/organisations.h"

#include "accounts/validation.h"
#include "core/clock.h"
#include "core/id.h"

namespace chorus::accounts {
namespace {

using store::Row;
using store::Transaction;

constexpr std::string_view member_columns =
    "SELECT u.id, u.email, u.name, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id ";

Member member_from(const Row& row) {
    return {row.text(0), row.text(1), row.text(2), parse_role(row.text(3)).value_or(Role::viewer), row.int64(4)};
}

// The caller's role in an organisation, or not-found: an organisation you do not belong to
// does not exist for you.
Result<Organisation> organisation_for(Transaction& tx, const std::string& user_id, const std::string& org_id) {
    auto row = tx.query_one(
        "SELECT o.id, o.name, m.role, o.created_at, o.updated_at FROM organisations o "
        "JOIN memberships m ON m.org_id = o.id WHERE o.id = $1 AND m.user_id = $2",
        {org_id, user_id});
    if (!row) return Error::not_found("organisation");
    return Organisation{row->text(0), row->text(1), parse_role(row->text(2)).value_or(Role::viewer), row->int64(3),
                        row->int64(4)};
}

Result<Member> member_in(Transaction& tx, const std::string& org_id, const std::string& user_id) {
    auto row = tx.query_one(std::string(member_columns) + "WHERE m.org_id = $1 AND m.user_id = $2", {org_id, user_id});
    if (!row) return Error::not_found("member");
    return member_from(*row);
}

Result<void> require(const Principal& caller, Role needed, std::string_view action) {
    if (is_at_least(caller.role, needed)) return {};
    return Error::forbidden("Only " + std::string(to_string(needed)) + "s and above can " + std::string(action));
}

Result<Role> role_from(const std::string& text) {
    auto role = parse_role(text);
    if (!role)
        return Error::invalid("role", "unknown_role", "role must be one of owner, admin, editor, contributor, viewer");
    return *role;
}

int owner_count(Transaction& tx, const std::string& org_id) {
    auto row = tx.query_one("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner'", {org_id});
    return row ? static_cast<int>(row->int64(0)) : 0;
}

Organisation insert_organisation(Transaction& tx, const std::string& name, const std::string& owner_id) {
    const Millis now = now_millis();
    Organisation org{new_id("org"), name, Role::owner, now, now};
    tx.execute("INSERT INTO organisations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)", {org.id, org.name, now});
    tx.execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
               {org.id, owner_id, now});
    return org;
}

}  // namespace

Result<Organisation> Organisations::create(const Principal& caller, const std::string& name) {
    auto clean = TRY(required_text("name", name, 100));
    return store_.write([&](Transaction& tx) -> Result<Organisation> { return insert_organisation(tx, clean, caller.user_id); });
}

Result<Page<Organisation>> Organisations::mine(const Principal& caller, const PageRequest& page) {
    return store_.read([&](Transaction& tx) -> Result<Page<Organisation>> {
        auto rows = tx.query(
            "SELECT o.id, o.name, m.role, o.created_at, o.updated_at FROM organisations o "
            "JOIN memberships m ON m.org_id = o.id WHERE m.user_id = $1 AND o.id > $2 ORDER BY o.id LIMIT $3",
            {caller.user_id, page.cursor, std::int64_t{page.limit + 1}});
        std::vector<Organisation> orgs;
        for (const auto& row : rows)
            orgs.push_back({row.text(0), row.text(1), parse_role(row.text(2)).value_or(Role::viewer), row.int64(3), row.int64(4)});
        return make_page(std::move(orgs), page.limit, [](const Organisation& o) { return o.id; });
    });
}

Result<Organisation> Organisations::get(const Principal& caller, const std::string& org_id) {
    return store_.read([&](Transaction& tx) { return organisation_for(tx, caller.user_id, org_id); });
}

Result<Organisation> Organisations::rename(const Principal& caller, const std::string& org_id, const std::string& name) {
    auto clean = TRY(required_text("name", name, 100));
    return store_.write([&](Transaction& tx) -> Result<Organisation> {
        auto org = TRY(organisation_for(tx, caller.user_id, org_id));
        if (org.role != Role::owner) return Error::forbidden("Only owners can rename the organisation");
        org.name = clean;
        org.updated_at = now_millis();
        tx.execute("UPDATE organisations SET name = $2, updated_at = $3 WHERE id = $1", {org.id, org.name, org.updated_at});
        return org;
    });
}

Result<void> Organisations::remove(const Principal& caller, const std::string& org_id) {
    return store_.write([&](Transaction& tx) -> Result<void> {
        auto org = TRY(organisation_for(tx, caller.user_id, org_id));
        if (org.role != Role::owner) return Error::forbidden("Only owners can delete the organisation");
        tx.execute("DELETE FROM organisations WHERE id = $1", {org.id});
        return {};
    });
}

Result<Page<Member>> Organisations::members(const Principal& caller, const PageRequest& page) {
    return store_.read([&](Transaction& tx) -> Result<Page<Member>> {
        auto rows = tx.query(std::string(member_columns) + "WHERE m.org_id = $1 AND u.id > $2 ORDER BY u.id LIMIT $3",
                             {caller.org_id, page.cursor, std::int64_t{page.limit + 1}});
        std::vector<Member> members;
        for (const auto& row : rows) members.push_back(member_from(row));
        return make_page(std::move(members), page.limit, [](const Member& m) { return m.user_id; });
    });
}

Result<Member> Organisations::member(const Principal& caller, const std::string& user_id) {
    return store_.read([&](Transaction& tx) { return member_in(tx, caller.org_id, user_id); });
}

Result<Member> Organisations::change_role(const Principal& caller, const std::string& user_id, const std::string& role_text) {
    TRY(require(caller, Role::admin, "change roles"));
    auto role = TRY(role_from(role_text));
    return store_.write([&](Transaction& tx) -> Result<Member> {
        auto member = TRY(member_in(tx, caller.org_id, user_id));
        const bool touches_owner = role == Role::owner || member.role == Role::owner;
        if (touches_owner && caller.role != Role::owner) return Error::forbidden("Only owners can grant or take away ownership");
        if (member.role == Role::owner && role != Role::owner && owner_count(tx, caller.org_id) <= 1)
            return Error::conflict("last_owner", "An organisation needs at least one owner", "role");
        tx.execute("UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2",
                   {caller.org_id, user_id, std::string(to_string(role))});
        member.role = role;
        return member;
    });
}

Result<void> Organisations::remove_member(const Principal& caller, const std::string& user_id) {
    // Anyone may leave; removing someone else takes an admin.
    if (user_id != caller.user_id) TRY(require(caller, Role::admin, "remove members"));
    return store_.write([&](Transaction& tx) -> Result<void> {
        auto member = TRY(member_in(tx, caller.org_id, user_id));
        if (member.role == Role::owner && user_id != caller.user_id && caller.role != Role::owner)
            return Error::forbidden("Only owners can remove an owner");
        if (member.role == Role::owner && owner_count(tx, caller.org_id) <= 1)
            return Error::conflict("last_owner", "An organisation needs at least one owner");
        tx.execute("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2", {caller.org_id, user_id});
        tx.execute("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2", {caller.org_id, user_id});
        tx.execute("DELETE FROM api_tokens WHERE org_id = $1 AND user_id = $2", {caller.org_id, user_id});
        return {};
    });
}

Result<Organisations::Enrolment> Organisations::set_up_first_owner(const std::string& org_name, const NewUser& input) {
    auto clean_name = TRY(required_text("organisation", org_name, 100));
    TRY(acceptable_password("password", input.password));
    return store_.write([&](Transaction& tx) -> Result<Enrolment> {
        if (tx.query_one("SELECT 1 FROM users LIMIT 1", {}))
            return Error::conflict("already_set_up", "This installation already has its owner; sign in instead");
        Enrolment done;
        done.user = TRY(identity_.find_or_create_user(tx, input, done.user_created));
        done.organisation = insert_organisation(tx, clean_name, done.user.id);
        done.organisation_created = true;
        return done;
    });
}

Result<Organisations::Enrolment> Organisations::enrol(const std::string& org_name, const NewUser& input, Role role) {
    auto clean_name = TRY(required_text("org", org_name, 100));
    TRY(acceptable_password("password", input.password));
    return store_.write([&](Transaction& tx) -> Result<Enrolment> {
        Enrolment done;
        done.user = TRY(identity_.find_or_create_user(tx, input, done.user_created));
        if (!done.user_created)
            tx.execute("UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1",
                       {done.user.id, hash_password(input.password, identity_.policy().password_cost),
                        std::int64_t{input.must_change_password ? 1 : 0}});
        auto existing = tx.query_one("SELECT id FROM organisations WHERE name = $1 ORDER BY id LIMIT 1", {clean_name});
        if (!existing) {
            // The first member of a new organisation owns it, whatever role was asked for:
            // an organisation without an owner could never be administered.
            done.organisation = insert_organisation(tx, clean_name, done.user.id);
            done.organisation_created = true;
            return done;
        }
        const std::string org_id = existing->text(0);
        auto current = tx.query_one("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2", {org_id, done.user.id});
        if (current && current->text(0) == "owner" && role != Role::owner && owner_count(tx, org_id) <= 1)
            return Error::conflict("last_owner", "This user is the organisation's only owner; make someone else owner first",
                                   "role");
        if (current)
            tx.execute("UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2",
                       {org_id, done.user.id, std::string(to_string(role))});
        else
            tx.execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
                       {org_id, done.user.id, std::string(to_string(role)), now_millis()});
        done.organisation = TRY(organisation_for(tx, done.user.id, org_id));
        return done;
    });
}

}  // namespace chorus::accounts
