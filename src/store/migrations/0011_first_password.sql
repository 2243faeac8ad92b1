-- A password someone else chose (printed at the first start, or typed by an administrator
-- adding a member) is to be replaced by its owner at the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
