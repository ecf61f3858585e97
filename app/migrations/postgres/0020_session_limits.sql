-- Issue 15: a session also ends after a while without use (idle limit), and its owner sees
-- their sessions (when each was opened and last used, from which browser) to end the others.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
UPDATE sessions SET last_seen_at = created_at;
