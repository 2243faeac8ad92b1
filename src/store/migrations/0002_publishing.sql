-- Posts, their per-channel targets and each target's history. A scheduled target is also
-- the durable publish job: its row carries the idempotency key chosen when it was
-- scheduled, the time it may next run (run_at) and the lease of the worker running it, so
-- that a state change and a job change are one row update in one transaction.

-- A recurring post: an RRULE over the brand's wall-clock time. Each occurrence is an
-- ordinary post (posts.series_id), created ahead of time up to a horizon so the calendar
-- shows it; the newest occurrence is the model for the next, so editing it edits the ones
-- after it.
CREATE TABLE post_series (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    brand_id            TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    rule                TEXT NOT NULL,
    starts_local        TEXT NOT NULL,     -- "2026-12-07T10:00", the rule's DTSTART
    time_zone           TEXT NOT NULL,
    occurrences_made    BIGINT NOT NULL DEFAULT 0,
    finished            BIGINT NOT NULL DEFAULT 0,  -- the rule ended, or the series was stopped
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX post_series_live ON post_series(finished);

CREATE TABLE posts (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    brand_id      TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    title         TEXT,
    link          TEXT,
    scheduled_at  BIGINT,                 -- UTC milliseconds; NULL for a draft or "now"
    time_zone     TEXT NOT NULL,          -- the brand's zone when it was scheduled
    created_by    TEXT,
    series_id     TEXT REFERENCES post_series(id) ON DELETE SET NULL,
    occurrence_at BIGINT,                 -- for a series' occurrence: its place in the series
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (series_id, occurrence_at)
);
CREATE INDEX posts_by_brand ON posts(org_id, brand_id, id);
CREATE INDEX posts_by_schedule ON posts(org_id, scheduled_at);

CREATE TABLE post_targets (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    post_id           TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    channel_id        TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    text              TEXT,               -- override of the post's text; NULL = the base text
    first_comment     TEXT,
    title             TEXT,
    link              TEXT,
    status            TEXT NOT NULL,      -- draft, scheduled, publishing, published, failed, cancelled
    scheduled_at      BIGINT,             -- the time the user (or the queue) chose for this channel
    queued            BIGINT NOT NULL DEFAULT 0,  -- placed by the queue, so re-queueing may move it
    idempotency_key   TEXT NOT NULL UNIQUE,
    run_at            BIGINT,             -- next time a worker may take it (scheduled or lease expiry)
    lease_owner       TEXT,
    attempts_started  BIGINT NOT NULL DEFAULT 0,
    attempts_settled  BIGINT NOT NULL DEFAULT 0,  -- attempts known not to have reached the network
    failures          BIGINT NOT NULL DEFAULT 0,  -- transient failures so far (for the retry limit)
    remote_id         TEXT,
    remote_url        TEXT,
    published_at      BIGINT,
    error_class       TEXT,               -- auth, validation, rate_limited, transient, network_fault
    error_code        TEXT,
    error_message     TEXT,
    error_http_status BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (post_id, channel_id)
);
CREATE INDEX post_targets_by_post ON post_targets(post_id);
CREATE INDEX post_targets_by_channel ON post_targets(channel_id, status);
CREATE INDEX post_targets_by_channel_time ON post_targets(channel_id, scheduled_at);
-- Only live jobs are indexed, so the claim query's index stays small however many posts
-- have been published.
CREATE INDEX post_targets_due ON post_targets(run_at) WHERE status IN ('scheduled', 'publishing');

CREATE TABLE target_events (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    post_id      TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    target_id    TEXT NOT NULL REFERENCES post_targets(id) ON DELETE CASCADE,
    at           BIGINT NOT NULL,
    kind         TEXT NOT NULL,           -- created, scheduled, claimed, published, retry, failed, …
    status       TEXT NOT NULL,           -- the target's status after the event
    detail       TEXT NOT NULL DEFAULT '',
    error_class  TEXT,
    http_status  BIGINT
);
CREATE INDEX target_events_by_target ON target_events(target_id, id);
CREATE INDEX target_events_by_post ON target_events(post_id, id);

-- Each channel's weekly posting slots, in its brand's time zone: "add to queue" takes the
-- next free one.
CREATE TABLE channel_slots (
    channel_id     TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    weekday        BIGINT NOT NULL,   -- 0 = Sunday … 6 = Saturday
    minute_of_day  BIGINT NOT NULL,   -- 0 … 1439, local wall-clock time
    PRIMARY KEY (channel_id, weekday, minute_of_day)
);

-- Shared rate-limit budgets ("channel:<id>", "app:<network>"), so that every worker of
-- every node spends from the same count.
CREATE TABLE rate_budgets (
    scope       TEXT PRIMARY KEY,
    remaining   BIGINT NOT NULL,
    reset_at    BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- What Chorus knows about each channel's connection.
ALTER TABLE channels ADD COLUMN last_success_at BIGINT;
ALTER TABLE channels ADD COLUMN last_error_at BIGINT;
ALTER TABLE channels ADD COLUMN last_error TEXT;

-- A channel's network credentials, sealed with the server's secret key (core/secret_box.h).
CREATE TABLE channel_credentials (
    channel_id  TEXT PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
    sealed      TEXT NOT NULL,
    expires_at  BIGINT,
    updated_at  BIGINT NOT NULL
);

-- The media library: files stored once by content hash (under <data>/media), one row per
-- brand that has the file, with its facts as read by libvips or ffprobe.
CREATE TABLE media (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    brand_id      TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL,
    mime          TEXT NOT NULL,
    kind          TEXT NOT NULL,          -- image, gif, video
    size_bytes    BIGINT NOT NULL,
    width         BIGINT NOT NULL,
    height        BIGINT NOT NULL,
    frames        BIGINT NOT NULL DEFAULT 1,
    duration_ms   BIGINT,
    has_location  BIGINT NOT NULL DEFAULT 0,
    filename      TEXT NOT NULL,
    alt_text      TEXT NOT NULL DEFAULT '',
    folder        TEXT NOT NULL DEFAULT '',
    created_by    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (brand_id, sha256)
);
CREATE INDEX media_by_brand ON media(org_id, brand_id, id);
CREATE INDEX media_by_hash ON media(sha256);

-- The media of a post, in order (every target publishes them, fitted to its network).
CREATE TABLE post_media (
    post_id   TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    media_id  TEXT NOT NULL REFERENCES media(id),
    PRIMARY KEY (post_id, position)
);
CREATE INDEX post_media_by_media ON post_media(media_id);

CREATE TABLE media_tags (
    media_id  TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (media_id, tag)
);
CREATE INDEX media_tags_by_tag ON media_tags(tag);
