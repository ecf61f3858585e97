-- One background queue (issue 11): the jobs table claims, retries and runs every kind of
-- background work, sending messages included. An outbox message stays the record of what was
-- said and how its delivery went (status, attempts, last error); when it is next tried and who
-- holds it are its `send_message` job's `run_at` and `claimed_until`.

-- The row a job is about, in the table its kind names (a message to send).
ALTER TABLE jobs ADD COLUMN ref_id BIGINT;

-- Messages still waiting get their job, due when their next attempt was.
INSERT INTO jobs (kind, dedupe_key, case_id, ref_id, run_at, status, attempts, created_at)
SELECT 'send_message', 'send_message:' || id, case_id, id, next_attempt_at, 'pending', attempts,
       created_at
FROM outbox_messages WHERE status = 'pending';

DROP INDEX outbox_messages_due;
ALTER TABLE outbox_messages DROP COLUMN next_attempt_at;
ALTER TABLE outbox_messages DROP COLUMN claimed_until;
