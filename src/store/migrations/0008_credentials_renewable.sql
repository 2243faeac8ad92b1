-- Whether a channel's token can be renewed without its owner: a refresh token or a token
-- that renews itself (1), or one that simply ends and must be reconnected before it does
-- (0: LinkedIn members outside partner apps). The channels screen says which.
ALTER TABLE channel_credentials ADD COLUMN renewable INTEGER NOT NULL DEFAULT 1;
