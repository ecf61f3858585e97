-- Decisions and their letters (SPEC E1-E4), customer requests that need approval (A9) and the
-- channels a case type may be opened from (A8).

-- A resolution is a folder's catalog entry of kind 'resolution'. Whether it carries an amount,
-- and the lowest role that may choose it: 'manager' (whoever decides on the case) or
-- 'supervisor'.
ALTER TABLE catalog_entries ADD COLUMN carries_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_entries ADD COLUMN decided_by TEXT;
-- A case type: the channels its cases may be opened from (comma-separated codes, NULL: any)
-- and the channel to use instead (A8); whether every decision on it waits for approval (A9: a
-- request that changes the terms of a contract).
ALTER TABLE catalog_entries ADD COLUMN allowed_channels TEXT;
ALTER TABLE catalog_entries ADD COLUMN channel_instead TEXT;
ALTER TABLE catalog_entries ADD COLUMN always_approve BIGINT NOT NULL DEFAULT 0;

-- Which resolutions fit which case types. A resolution without rows fits every type of its folder.
CREATE TABLE resolution_case_types (
    resolution_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    case_type_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    PRIMARY KEY (resolution_id, case_type_id)
);

-- Above this amount (in minor units of its currency) a decision on a case of the type waits for
-- approval (SPEC E2). Exact integers: no floating point touches money.
CREATE TABLE approval_thresholds (
    case_type_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (case_type_id, currency)
);

-- The person besides supervisors the folder names to approve decisions (seeds/001: "lub inna
-- wskazana osoba").
ALTER TABLE folders ADD COLUMN approver_id BIGINT REFERENCES users(id);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    resolution_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    amount_minor BIGINT,
    currency TEXT,
    reasoning TEXT NOT NULL,
    decided_by BIGINT NOT NULL REFERENCES users(id),
    -- pending (waiting for approval), effective, rejected (by the approver).
    state TEXT NOT NULL,
    -- Who approved or rejected it, and what they wrote.
    approver_id BIGINT REFERENCES users(id),
    approval_comment TEXT,
    decided_at BIGINT NOT NULL,
    settled_at BIGINT
);
CREATE INDEX decisions_case ON decisions(case_id, id);
-- The approvers' desk: what waits for approval, oldest first.
CREATE INDEX decisions_state ON decisions(state, decided_at, id);

-- Each version of a decision's letter. The PDF is an attachment of the case; a new version
-- never changes an older one, so the version sent stays as it was.
CREATE TABLE decision_letters (
    id INTEGER PRIMARY KEY,
    decision_id BIGINT NOT NULL REFERENCES decisions(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    version BIGINT NOT NULL,
    locale TEXT NOT NULL,
    -- queued (for the background queue), ready (made, not sent), sent.
    state TEXT NOT NULL,
    -- Whether it goes to the customer as soon as it is made.
    send BIGINT NOT NULL,
    attachment_id BIGINT REFERENCES attachments(id),
    requested_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    UNIQUE (decision_id, version)
);
CREATE INDEX decision_letters_case ON decision_letters(case_id, id);
ALTER TABLE attachments ADD COLUMN letter_id BIGINT REFERENCES decision_letters(id);
-- A mail that carries a file of the case (a decision letter).
ALTER TABLE outbox_messages ADD COLUMN attachment_id BIGINT REFERENCES attachments(id);

-- Letter templates per case type, resolution and language (SPEC E4), plain text with
-- {{placeholders}}. Without one the built-in letter of the language is used.
CREATE TABLE letter_templates (
    case_type_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    resolution_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (case_type_id, resolution_id, locale)
);

-- The company's letterhead: one row.
CREATE TABLE company_profile (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    tax_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    website TEXT NOT NULL,
    logo_key TEXT,
    logo_type TEXT,
    updated_at BIGINT NOT NULL
);
