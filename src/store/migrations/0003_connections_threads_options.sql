-- Connected accounts: the network's own id for the account (a Bluesky DID, a Mastodon
-- account id), so that connecting the same account again to the same brand reconnects its
-- channel instead of adding a second one; and what the rules must know about the
-- account's server (a Mastodon instance's limits), as JSON.
ALTER TABLE channels ADD COLUMN remote_account_id TEXT;
ALTER TABLE channels ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX channels_by_remote_account ON channels(brand_id, network, remote_account_id)
    WHERE remote_account_id IS NOT NULL;

-- A thread as one post: the parts after the first, as a JSON array of texts, on the post
-- and (overriding it) on a target. And a target's network options (Bluesky langs and
-- quote, Mastodon visibility, YouTube privacy, …) as a JSON object.
ALTER TABLE posts ADD COLUMN thread TEXT;
ALTER TABLE post_targets ADD COLUMN thread TEXT;
ALTER TABLE post_targets ADD COLUMN options TEXT;
