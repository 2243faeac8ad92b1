-- A target's own media instead of its post's (a square crop for Instagram, another video
-- for TikTok), each with an alt text of its own when given. own_media says the target has
-- its own list, which may be empty: no media on that channel.
ALTER TABLE post_targets ADD COLUMN own_media BIGINT NOT NULL DEFAULT 0;
CREATE TABLE target_media (
    target_id TEXT NOT NULL REFERENCES post_targets(id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    media_id  TEXT NOT NULL REFERENCES media(id),
    alt_text  TEXT,
    PRIMARY KEY (target_id, position)
);
CREATE INDEX target_media_by_media ON target_media(media_id);
