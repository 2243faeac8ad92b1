-- Nobody joins an organisation without saying yes: an administrator invites an e-mail
-- address, and the person accepts with the link (signing in to their account, or choosing
-- the password of a new one). Only the link's hash is kept, as for sessions; an accepted
-- invitation is deleted, the membership is its record. One pending invitation per address
-- and organisation: inviting again replaces the link.
CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,   -- lower-cased, as users.email
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    UNIQUE (org_id, email)
);
