-- OAuth apps registered per server (Chorus registers itself once on each Mastodon
-- instance) and pending authorisations. A pending authorisation is found by the SHA-256 of
-- its state (the state travels in URLs) and keeps who asked, for which brand, and the
-- PKCE verifier, sealed. It is used once and expires after ten minutes.
CREATE TABLE oauth_clients (
    network        TEXT NOT NULL,
    server         TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    sealed_secret  TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (network, server, redirect_uri)
);

CREATE TABLE oauth_states (
    state_hash       TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    brand_id         TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    network          TEXT NOT NULL,
    server           TEXT NOT NULL,
    redirect_uri     TEXT NOT NULL,
    sealed_verifier  TEXT NOT NULL,
    expires_at       BIGINT NOT NULL
);
CREATE INDEX oauth_states_by_expiry ON oauth_states(expires_at);
