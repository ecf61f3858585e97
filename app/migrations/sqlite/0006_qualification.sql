-- The manager's qualification of a case (SPEC C5); the priority column came with drafts.
ALTER TABLE cases ADD COLUMN qualification_id BIGINT REFERENCES catalog_entries(id);
ALTER TABLE cases ADD COLUMN cause_id BIGINT REFERENCES catalog_entries(id);
ALTER TABLE cases ADD COLUMN severity_id BIGINT REFERENCES catalog_entries(id);
