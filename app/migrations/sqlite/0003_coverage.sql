-- The coverage registry (SPEC A4) and what intake found in it. Days are `YYYY-MM-DD` text,
-- which compares like the days on both backends.

CREATE TABLE coverage_periods (
    id INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL,
    product TEXT NOT NULL,
    customer TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);
CREATE INDEX coverage_identifier ON coverage_periods(identifier);

ALTER TABLE cases ADD COLUMN subject_identifier TEXT;
ALTER TABLE cases ADD COLUMN claim_day TEXT;
ALTER TABLE cases ADD COLUMN coverage TEXT;
