-- The routing engine (SPEC C1): customers' tier and SLA class, per-folder pools of candidate
-- managers for a tier or a class, the weights of open work, and what a case records of why it
-- went to its manager.

-- 'standard' or 'vip'; the SLA or contract class is a short lowercase code, or none.
ALTER TABLE users ADD COLUMN tier TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE users ADD COLUMN sla_class TEXT;

-- How much an open case and an open task weigh when candidates are compared.
ALTER TABLE folders ADD COLUMN route_case_weight BIGINT NOT NULL DEFAULT 1;
ALTER TABLE folders ADD COLUMN route_task_weight BIGINT NOT NULL DEFAULT 1;

-- A rule of a folder for one tier or one SLA class: `criterion` is the reason code the case
-- records ('customer_tier' or 'sla_class'), `value` the tier or class. Like routing_rules these
-- are configuration: cases keep what they were given when a rule goes.
CREATE TABLE routing_pools (
    id INTEGER PRIMARY KEY,
    folder_id BIGINT NOT NULL REFERENCES folders(id),
    criterion TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (folder_id, criterion, value)
);

CREATE TABLE routing_pool_members (
    pool_id BIGINT NOT NULL REFERENCES routing_pools(id),
    manager_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (pool_id, manager_id)
);

-- Beside route_reason: the tier or class the rule matched, and how many candidates it offered.
ALTER TABLE cases ADD COLUMN route_rule TEXT;
ALTER TABLE cases ADD COLUMN route_candidates BIGINT;
