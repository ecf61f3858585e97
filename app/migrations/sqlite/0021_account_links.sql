-- Issue 15: an address is confirmed before the cases recorded for it show in a self-registered
-- account, and a forgotten password is reset through a mailed single-use link.
-- Accounts that exist already keep working as they did: those with a password count as
-- confirmed; customers recorded by an agent (no password) confirm when they first set one.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
UPDATE users SET email_verified_at = created_at WHERE password_hash IS NOT NULL;

-- A mailed link to confirm an address or to set a new password. Only the SHA-256 of its token
-- is kept, made when the mail is sent (as `info_request_links`); `used_at` makes it single-use.
CREATE TABLE account_links (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_links_user ON account_links(user_id, purpose);

-- A mail carrying such a link: the account whose link is made when it is sent.
ALTER TABLE outbox_messages ADD COLUMN account_user_id BIGINT REFERENCES users(id);
