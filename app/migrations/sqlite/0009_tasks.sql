-- Tasks (SPEC C6): work a case's manager hands to any employee, several in parallel. A task
-- goes pending -> in_progress -> pending_acceptance -> accepted; returning it sends it back to
-- in_progress with the reason in its thread (audit events with entity 'task'). `open_work` is
-- 1 while the task waits for its assignee, so their desk reads one index prefix.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    title TEXT NOT NULL,
    instructions TEXT NOT NULL,
    assignee_id BIGINT NOT NULL REFERENCES users(id),
    assigned_by BIGINT NOT NULL REFERENCES users(id),
    state TEXT NOT NULL,
    open_work BIGINT NOT NULL,
    planned_day TEXT,
    max_day TEXT,
    returned_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_case ON tasks(case_id, id);
CREATE INDEX tasks_assignee_open ON tasks(assignee_id, open_work, max_day, id);
CREATE INDEX tasks_by_assigner ON tasks(assigned_by, state, id);

-- Files sent with a task's answer belong to the case and say which task they came with.
ALTER TABLE attachments ADD COLUMN task_id BIGINT REFERENCES tasks(id);

-- SPEC C2: people consulted on a case without handing it over. They see it on their desk
-- until they answer.
CREATE TABLE case_consultations (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    consultant_id BIGINT NOT NULL REFERENCES users(id),
    asked_by BIGINT NOT NULL REFERENCES users(id),
    question TEXT NOT NULL,
    answer TEXT,
    asked_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX case_consultations_case ON case_consultations(case_id, id);
CREATE INDEX case_consultations_open ON case_consultations(consultant_id, answered_at);
