-- What a connector saved in the middle of an attempt, sealed like a token: YouTube's
-- resumable upload session (whose address alone lets anyone finish the upload). The next
-- attempt gives it back, so that an upload interrupted by a crash or a lost answer is
-- asked about and resumed instead of being made twice.
ALTER TABLE post_targets ADD COLUMN sealed_checkpoint TEXT;
