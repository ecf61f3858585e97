-- Deadlines (issue 6; SPEC G1-G3, D4, F3). Rules and examples: docs/deadlines.md.

-- A company's own business calendars: the holidays of a national calendar (or none), its own
-- time zone and hours, and days it adds or removes. The shipped national calendars (CO, CL, ...)
-- need no row; a row with a national code adjusts that calendar for this company.
CREATE TABLE calendars (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- The national calendar whose holidays it follows, NULL for none.
    country TEXT,
    time_zone TEXT NOT NULL,
    -- Minutes after local midnight.
    opening_minute BIGINT NOT NULL,
    closing_minute BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- `open` 1: a working day although a weekend or holiday; 0: closed although a working day.
CREATE TABLE calendar_days (
    calendar_id BIGINT NOT NULL REFERENCES calendars(id),
    day TEXT NOT NULL,
    open BIGINT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (calendar_id, day)
);

-- SLA policies per folder, optionally narrowed to a case type and/or a channel; the most
-- specific one that matches a case applies (type and channel, type, channel, folder).
-- Units: hours, business_hours, business_days, calendar_days.
CREATE TABLE sla_policies (
    id INTEGER PRIMARY KEY,
    folder_id BIGINT NOT NULL REFERENCES folders(id),
    case_type_id BIGINT REFERENCES catalog_entries(id),
    channel TEXT,
    calendar_code TEXT NOT NULL,
    first_response_amount BIGINT NOT NULL,
    first_response_unit TEXT NOT NULL,
    resolution_amount BIGINT NOT NULL,
    resolution_unit TEXT NOT NULL,
    -- The share of the resolution term after which the case is at risk.
    at_risk_percent BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sla_policies_scope
    ON sla_policies (folder_id, COALESCE(case_type_id, 0), COALESCE(channel, ''));

-- A case's clock: set at opening from its policy, recomputed on reclassification, moved by
-- pauses. `*_at` marks are set once, by whoever gets there first (a conditional UPDATE).
ALTER TABLE cases ADD COLUMN sla_policy_id BIGINT REFERENCES sla_policies(id);
ALTER TABLE cases ADD COLUMN calendar_code TEXT;
ALTER TABLE cases ADD COLUMN clock_started_at BIGINT;
ALTER TABLE cases ADD COLUMN first_response_due_at BIGINT;
ALTER TABLE cases ADD COLUMN resolution_due_at BIGINT;
ALTER TABLE cases ADD COLUMN first_response_at BIGINT;
ALTER TABLE cases ADD COLUMN first_response_in_time BIGINT;
ALTER TABLE cases ADD COLUMN paused_at BIGINT;
ALTER TABLE cases ADD COLUMN at_risk_at BIGINT;
ALTER TABLE cases ADD COLUMN overdue_at BIGINT;
ALTER TABLE cases ADD COLUMN extended_at BIGINT;
-- Time the clock stood still so far (working time and clock time), and the units an extension
-- added to the resolution term: with the start, what recomputing the deadlines needs.
ALTER TABLE cases ADD COLUMN paused_working_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN paused_clock_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resolution_extension BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cases_resolution_due ON cases (open_work, resolution_due_at, id);

-- Background work any instance may run (ARCHITECTURE.md). `dedupe_key` names what the job is
-- about (a case's deadline watch, one calendar's reminders of one day), so scheduling twice
-- keeps one job.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    case_id BIGINT REFERENCES cases(id),
    run_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_until BIGINT,
    last_error TEXT,
    done_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
