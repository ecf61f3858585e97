-- Escalation levels (SPEC C7): 0 is not escalated; each escalation raises the level by one.
ALTER TABLE cases ADD COLUMN escalation_level BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cases_open_escalated ON cases(open_work, escalation_level, created_at, id);
