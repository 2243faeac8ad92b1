-- Refreshing a channel's token is claimed first, so that two workers or two nodes never
-- refresh it at once: networks that rotate refresh tokens (X) invalidate the old one on
-- use, and the loser of such a race would wrongly find the channel needing reconnection.
ALTER TABLE channel_credentials ADD COLUMN refresh_claimed_until BIGINT;
