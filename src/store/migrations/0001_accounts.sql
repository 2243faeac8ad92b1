-- Organisations own everything; every tenant-scoped table carries org_id so that every
-- query can be filtered by the caller's organisation without a join.
CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,   -- stored lower-cased
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,          -- Argon2id, libsodium's encoded string
    created_at    BIGINT NOT NULL
);

CREATE TABLE memberships (
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

CREATE TABLE brands (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    colour      TEXT NOT NULL,
    avatar_url  TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX brands_by_org ON brands(org_id, id);

CREATE TABLE channels (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    brand_id      TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    network       TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    handle        TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX channels_by_org ON channels(org_id, id);
CREATE INDEX channels_by_brand ON channels(brand_id);

-- Only hashes of session and API tokens are stored: a copy of the database does not let
-- anyone sign in.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT
);
CREATE INDEX api_tokens_by_org_user ON api_tokens(org_id, user_id, id);

-- Failed sign-ins per account ("account:<email>") and per address ("address:<ip>"),
-- kept in the store so that every node of a cluster sees the same counts.
CREATE TABLE login_failures (
    key                TEXT PRIMARY KEY,
    failures           BIGINT NOT NULL,
    window_started_at  BIGINT NOT NULL,
    locked_until       BIGINT NOT NULL
);
