-- Issue 15: text messages go to a number only after its owner typed the code sent to it.
-- Numbers given before count as confirmed (they were already in use); a new or changed one
-- does not, and its messages go by e-mail meanwhile.
ALTER TABLE users ADD COLUMN phone_confirmed_at BIGINT;
UPDATE users SET phone_confirmed_at = created_at WHERE phone IS NOT NULL;

-- The live code of a number: one per person, replaced by a new one; only its hash is kept.
CREATE TABLE phone_codes (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);
