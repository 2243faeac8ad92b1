#pragma once
// Invitations: the only way someone else's account joins an organisation. An administrator
// invites an e-mail address and gets a link to hand over; the answer is the same whether or
// not that address has an account here, and nothing changes for an account until its owner
// opens the link and accepts (with the account's password, or by choosing the password of
// a new account).
#include <chrono>
#include <string>

#include "accounts/identity.h"
#include "accounts/listing.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "store/store.h"

namespace chorus::accounts {

struct Invitation {
    std::string id;
    std::string email;
    std::string name;  // the inviter's suggestion for a new account's name
    Role role = Role::viewer;
    std::string invited_by;  // the inviter's name, or e-mail when they gave no name
    Millis created_at = 0;
    Millis expires_at = 0;
    std::string token;  // only in the answer to invite, never again: the link carries it
};

// What the link shows before it is accepted.
struct InvitationPreview {
    std::string organisation;
    std::string email;
    std::string name;
    Role role = Role::viewer;
    std::string invited_by;
    Millis expires_at = 0;
};

struct NewInvitation {
    std::string email;
    std::string role;
    std::string name;
};

struct Acceptance {
    std::string token;
    std::string password;  // the account's, or the new account's
    std::string name;      // for a new account
    std::string address;   // the client's network address, for the sign-in throttle
};

class Invitations {
public:
    Invitations(store::Store& store, Identity& identity, std::chrono::hours lifetime = std::chrono::hours(24 * 7))
        : store_(store), identity_(identity), lifetime_(lifetime) {}

    // Inviting the same address again replaces its pending link.
    Result<Invitation> invite(const Principal& caller, const NewInvitation& input);
    Result<Page<Invitation>> pending(const Principal& caller, const PageRequest& page);
    Result<void> cancel(const Principal& caller, const std::string& invitation_id);

    Result<InvitationPreview> preview(const std::string& token);
    // Joins the organisation and signs in there. An existing account's password is checked
    // as a sign-in is (throttled; `slow_down` says how long to hold a failure back).
    Result<SignedIn> accept(const Acceptance& input, std::chrono::milliseconds& slow_down);

private:
    store::Store& store_;
    Identity& identity_;
    std::chrono::hours lifetime_;
};

}  // namespace chorus::accounts
