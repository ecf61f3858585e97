-- Notifications (issue 5): every message is first a row here, written in the same transaction as
-- the change it tells about; a worker sends it later, so a request never waits on a mail server
-- and a server that is down delays mail without losing it.
CREATE TABLE outbox_messages (
    id INTEGER PRIMARY KEY,
    case_id BIGINT REFERENCES cases(id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    locale TEXT NOT NULL,
    -- What happened, as a stable code (e.g. case_acknowledged).
    event TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- A worker's claim: until this instant no other worker takes the message. A worker that
    -- dies mid-send leaves a claim that simply runs out.
    claimed_until BIGINT,
    last_error TEXT,
    sent_at BIGINT,
    created_at BIGINT NOT NULL
);
-- The worker's question: which pending messages are due.
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at);
CREATE INDEX outbox_messages_case ON outbox_messages (case_id);
