-- Analysis (issue 13; SPEC J1-J5). What the pivot, the charts and the reports group and measure
-- is kept on the case itself, written when it happens, so that the database groups one table
-- with plain columns on both backends instead of replaying the audit trail.

-- The month of filing and of the last closing as yyyymm in the organisation's time zone
-- (TRAMITA_TIME_ZONE), so that a month means the same on both backends.
ALTER TABLE cases ADD COLUMN filed_month BIGINT;
ALTER TABLE cases ADD COLUMN closed_at BIGINT;
ALTER TABLE cases ADD COLUMN closed_month BIGINT;
-- Business days from receipt to the last closing, in the case's calendar (or the company's).
ALTER TABLE cases ADD COLUMN resolution_days BIGINT;
-- 1 when the last closing came at or before the resolution deadline; NULL without a deadline.
ALTER TABLE cases ADD COLUMN resolved_in_time BIGINT;
ALTER TABLE cases ADD COLUMN reopen_count BIGINT NOT NULL DEFAULT 0;

-- The analysis screens read a range of filing dates, in a folder or in all of them; the grid
-- pages through them in filing order.
CREATE INDEX cases_filed ON cases(created_at, id);
CREATE INDEX cases_folder_filed ON cases(folder_id, created_at, id);

-- Cases closed before this migration: their last closing from the audit trail.
UPDATE cases SET closed_at = (
    SELECT MAX(a.at) FROM audit_events a WHERE a.case_id = cases.id AND a.action = 'case_closed'
) WHERE state = 'closed';
UPDATE cases SET closed_at = updated_at WHERE state = 'closed' AND closed_at IS NULL;
UPDATE cases SET reopen_count = (
    SELECT COUNT(*) FROM audit_events a WHERE a.case_id = cases.id AND a.action = 'case_reopened'
);

-- A history grid's chosen columns, filters and sorting, saved by a user under a name; shared
-- ones are offered to everyone who may analyse.
CREATE TABLE analysis_views (
    id INTEGER PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    shared BIGINT NOT NULL DEFAULT 0,
    spec TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX analysis_views_owner_name ON analysis_views(owner_id, name);
CREATE INDEX analysis_views_shared ON analysis_views(shared, name);

-- An export of the grid as it was filtered, written by the background queue.
CREATE TABLE analysis_exports (
    id INTEGER PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES users(id),
    format TEXT NOT NULL,
    spec TEXT NOT NULL,
    state TEXT NOT NULL,
    total BIGINT,
    written BIGINT NOT NULL DEFAULT 0,
    file_key TEXT,
    error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX analysis_exports_owner ON analysis_exports(owner_id, created_at);

-- Improvement actions (SPEC J5, seeds/002: preventive and corrective actions of the
-- improvement plan), each against one or more causes of its folder.
CREATE TABLE improvement_actions (
    id INTEGER PRIMARY KEY,
    folder_id BIGINT NOT NULL REFERENCES folders(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users(id),
    due_day TEXT NOT NULL,
    state TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    done_at BIGINT
);
CREATE INDEX improvement_actions_folder ON improvement_actions(folder_id, due_day);
CREATE TABLE improvement_action_causes (
    action_id BIGINT NOT NULL REFERENCES improvement_actions(id),
    cause_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    PRIMARY KEY (action_id, cause_id)
);
-- Before and after an action: the cases of a cause by filing date.
CREATE INDEX cases_cause_filed ON cases(cause_id, created_at);

-- Filing months of older cases, in UTC (the organisation's zone is not known here).
UPDATE cases SET filed_month = CAST(strftime('%Y%m', created_at / 1000, 'unixepoch') AS BIGINT);
UPDATE cases SET closed_month = CAST(strftime('%Y%m', closed_at / 1000, 'unixepoch') AS BIGINT)
    WHERE closed_at IS NOT NULL;
