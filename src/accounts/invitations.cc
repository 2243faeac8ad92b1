#include "accounts/invitations.h"

#include "accounts/validation.h"
#include "core/clock.h"
#include "core/id.h"

namespace chorus::accounts {
namespace {

using store::Row;
using store::Transaction;

constexpr std::string_view token_prefix = "chorus_inv_";

constexpr std::string_view invitation_columns =
    "SELECT i.id, i.email, i.name, i.role, COALESCE(NULLIF(u.name, ''), u.email), i.created_at, i.expires_at "
    "FROM invitations i JOIN users u ON u.id = i.invited_by ";

Invitation invitation_from(const Row& row) {
    return {row.text(0), row.text(1), row.text(2), parse_role(row.text(3)).value_or(Role::viewer), row.text(4),
            row.int64(5), row.int64(6), {}};
}

// One answer for a link that never existed, was used, cancelled or replaced: the holder can
// do nothing else with it, and its history is nobody's business.
Error link_not_valid() {
    return {ErrorKind::not_found, "invitation_not_valid",
            "This invitation link is not valid any more: it was used, cancelled or replaced by a newer one. "
            "Ask for a new one.",
            "token", {}};
}

Error link_expired() {
    return {ErrorKind::not_found, "invitation_expired", "This invitation link has expired. Ask for a new one.", "token", {}};
}

// A pending invitation: what its link shows, and where it leads.
struct Pending : InvitationPreview {
    std::string id;
    std::string org_id;
};

// A link is good while it is unused, unexpired, and its inviter may still invite to that
// role: an admin who was removed or demoted cannot come back through a link made before.
Result<Pending> pending_by_token(Transaction& tx, const std::string& token) {
    if (!token.starts_with(token_prefix)) return link_not_valid();
    auto row = tx.query_one(
        "SELECT i.id, i.org_id, o.name, i.email, i.name, i.role, COALESCE(NULLIF(u.name, ''), u.email), i.expires_at, m.role "
        "FROM invitations i JOIN organisations o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by "
        "LEFT JOIN memberships m ON m.org_id = i.org_id AND m.user_id = i.invited_by "
        "WHERE i.token_hash = $1",
        {digest_secret(token)});
    if (!row) return link_not_valid();
    Pending found;
    found.id = row->text(0);
    found.org_id = row->text(1);
    static_cast<InvitationPreview&>(found) = {row->text(2), row->text(3), row->text(4), parse_role(row->text(5)).value_or(Role::viewer),
                                             row->text(6), row->int64(7)};
    const auto inviter = parse_role(row->optional_text(8).value_or(""));
    if (!inviter || !is_at_least(*inviter, Role::admin) || (found.role == Role::owner && *inviter != Role::owner))
        return link_not_valid();
    if (found.expires_at <= now_millis()) return link_expired();
    return found;
}

Result<void> require_admin(const Principal& caller, std::string_view action) {
    if (is_at_least(caller.role, Role::admin)) return {};
    return Error::forbidden("Only admins and above can " + std::string(action));
}

}  // namespace

Result<Invitation> Invitations::invite(const Principal& caller, const NewInvitation& input) {
    TRY(require_admin(caller, "invite members"));
    auto role = parse_role(input.role);
    if (!role) return Error::invalid("role", "unknown_role", "role must be one of owner, admin, editor, contributor, viewer");
    if (*role == Role::owner && caller.role != Role::owner) return Error::forbidden("Only owners can make someone an owner");
    auto email = TRY(normalised_email("email", input.email));
    std::string name = input.name.empty() ? std::string() : TRY(required_text("name", input.name, 100));
    const Millis now = now_millis();
    Invitation invitation{new_id("inv"), email, name, *role, {}, now,
                          now + std::chrono::duration_cast<std::chrono::milliseconds>(lifetime_).count(),
                          std::string(token_prefix) + random_secret()};
    return store_.write([&](Transaction& tx) -> Result<Invitation> {
        // Only this organisation's own members are looked at: whether the address has an
        // account anywhere else does not change the answer.
        if (tx.query_one("SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
                         {caller.org_id, email}))
            return Error::conflict("already_member", "This person is already a member", "email");
        tx.execute("DELETE FROM invitations WHERE org_id = $1 AND email = $2", {caller.org_id, email});
        tx.execute("INSERT INTO invitations (id, org_id, email, name, role, token_hash, invited_by, created_at, expires_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   {invitation.id, caller.org_id, email, name, std::string(to_string(*role)), digest_secret(invitation.token),
                    caller.user_id, now, invitation.expires_at});
        // Read back as the list shows it (the inviter's name), with the token only this answer has.
        auto stored = invitation_from(*tx.query_one(std::string(invitation_columns) + "WHERE i.id = $1", {invitation.id}));
        stored.token = invitation.token;
        return stored;
    });
}

Result<Page<Invitation>> Invitations::pending(const Principal& caller, const PageRequest& page) {
    TRY(require_admin(caller, "see invitations"));
    return store_.read([&](Transaction& tx) -> Result<Page<Invitation>> {
        auto rows = tx.query(std::string(invitation_columns) + "WHERE i.org_id = $1 AND i.id > $2 ORDER BY i.id LIMIT $3",
                             {caller.org_id, page.cursor, std::int64_t{page.limit + 1}});
        std::vector<Invitation> found;
        for (const auto& row : rows) found.push_back(invitation_from(row));
        return make_page(std::move(found), page.limit, [](const Invitation& i) { return i.id; });
    });
}

Result<void> Invitations::cancel(const Principal& caller, const std::string& invitation_id) {
    TRY(require_admin(caller, "cancel invitations"));
    return store_.write([&](Transaction& tx) -> Result<void> {
        if (tx.execute("DELETE FROM invitations WHERE id = $1 AND org_id = $2", {invitation_id, caller.org_id}) == 0)
            return Error::not_found("invitation");
        return {};
    });
}

Result<InvitationPreview> Invitations::preview(const std::string& token) {
    return store_.read([&](Transaction& tx) -> Result<InvitationPreview> {
        return static_cast<InvitationPreview>(TRY(pending_by_token(tx, token)));
    });
}

Result<SignedIn> Invitations::accept(const Acceptance& input, std::chrono::milliseconds& slow_down) {
    slow_down = std::chrono::milliseconds{0};
    // Judged before anything depends on whether the address has an account: a short
    // password is refused the same way for both.
    TRY(acceptable_password("password", input.password));
    struct Found {
        Pending invitation;
        std::optional<User> account;
    };
    auto found = TRY(store_.read([&](Transaction& tx) -> Result<Found> {
        Found out{TRY(pending_by_token(tx, input.token)), std::nullopt};
        if (auto row = tx.query_one("SELECT id FROM users WHERE email = $1", {out.invitation.email}))
            out.account = User{row->text(0), out.invitation.email, {}, 0, false};
        return out;
    }));
    // An existing account says yes with its own password, checked as a sign-in is; a new
    // account is created with the password its owner chooses now (hashed here, outside the
    // transaction).
    std::optional<User> account;
    std::string new_password_hash;
    if (found.account) {
        auto checked = identity_.check_password(found.invitation.email, input.password, input.address, slow_down);
        if (!checked) {
            Error refusal = std::move(checked).error();
            // The address is the invitation's: only the password can be wrong.
            if (refusal.code == "invalid_credentials") {
                refusal.message = "This is not the password of the Chorus account of " + found.invitation.email;
                refusal.field = "password";
            }
            return refusal;
        }
        account = *checked;
    }
    else new_password_hash = hash_password(input.password, identity_.policy().password_cost);
    return store_.write([&](Transaction& tx) -> Result<SignedIn> {
        // Checked again, and taken: of two acceptances at once, one deletes the row.
        auto invitation = TRY(pending_by_token(tx, input.token));
        if (invitation.id != found.invitation.id) return link_not_valid();
        if (tx.execute("DELETE FROM invitations WHERE id = $1", {invitation.id}) != 1) return link_not_valid();
        const NewUser fresh{invitation.email, {}, input.name.empty() ? invitation.name : input.name, false};
        User user = account ? *account : TRY(identity_.create_user_hashed(tx, fresh, new_password_hash));
        tx.execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (org_id, user_id) DO NOTHING",
                   {invitation.org_id, user.id, std::string(to_string(invitation.role)), now_millis()});
        // Someone who became a member meanwhile keeps the role they have.
        auto role = tx.query_one("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2", {invitation.org_id, user.id});
        return identity_.open_session(tx, user, invitation.org_id,
                                      parse_role(role ? role->text(0) : "").value_or(Role::viewer), input.address);
    });
}

}  // namespace chorus::accounts
