-- A live node renews the leases of every job it holds in one statement every few seconds
-- (JobQueue::renew_leases): it finds them by owner.
CREATE INDEX post_targets_by_lease_owner ON post_targets(lease_owner) WHERE lease_owner IS NOT NULL;
