-- A paused channel publishes nothing new until it is resumed: its scheduled posts wait,
-- and its queue's slots pass without firing (issue 22). Who paused it, for the queue view.
ALTER TABLE channels ADD COLUMN paused_at BIGINT;
ALTER TABLE channels ADD COLUMN paused_by TEXT;
