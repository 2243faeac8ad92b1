-- A login that reaches several accounts (a Facebook user's Pages, the Instagram accounts
-- linked to them) waits here while the user chooses which become channels. The accounts
-- carry their tokens, so they are sealed; the selection is found by the SHA-256 of its id
-- (the id travels in URLs), works once and expires after fifteen minutes.
CREATE TABLE oauth_selections (
    id_hash          TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    brand_id         TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    network          TEXT NOT NULL,
    sealed_accounts  TEXT NOT NULL,
    expires_at       BIGINT NOT NULL
);
CREATE INDEX oauth_selections_by_expiry ON oauth_selections(expires_at);
