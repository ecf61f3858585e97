-- Information requests (SPEC D1-D4): a thread kept with a case, written like an e-mail to an
-- employee or to someone outside the company, whose every answer waits for the asker's
-- acceptance. They take the place of the consultations of 0009, which are carried over.
CREATE TABLE info_requests (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    asked_by BIGINT NOT NULL REFERENCES users(id),
    -- An employee, or else an outsider known by address and name.
    recipient_id BIGINT REFERENCES users(id),
    recipient_email TEXT,
    recipient_name TEXT NOT NULL,
    -- The language the outsider is written to and their page speaks.
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- What the recipient may see of the case beyond the thread: its summary (the chosen
    -- files and timeline entries are rows of info_request_shares).
    share_summary BIGINT NOT NULL,
    -- waiting (for the recipient), answered (waiting for the asker's acceptance), accepted,
    -- revoked.
    state TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX info_requests_case ON info_requests(case_id, id);
-- The two desks' questions: what waits for my answer, what waits for my acceptance.
CREATE INDEX info_requests_recipient ON info_requests(recipient_id, state, id);
CREATE INDEX info_requests_asker ON info_requests(asked_by, state, id);

-- The thread: the question, each answer, each return with its new question.
CREATE TABLE info_request_messages (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES info_requests(id),
    -- question, answer or returned.
    kind TEXT NOT NULL,
    -- NULL for an outsider, who has no account; author_name says who wrote it.
    author_id BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX info_request_messages_request ON info_request_messages(request_id, id);

-- The parts of the case shared with the recipient besides its summary: chosen files and
-- chosen timeline entries.
CREATE TABLE info_request_shares (
    request_id BIGINT NOT NULL REFERENCES info_requests(id),
    attachment_id BIGINT REFERENCES attachments(id),
    audit_seq BIGINT REFERENCES audit_events(seq)
);
CREATE INDEX info_request_shares_request ON info_request_shares(request_id);

-- The outsider's links: only the SHA-256 of each token, issued when its mail is sent.
CREATE TABLE info_request_links (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES info_requests(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX info_request_links_request ON info_request_links(request_id);

-- Files sent with a message of a thread.
ALTER TABLE attachments ADD COLUMN info_message_id BIGINT REFERENCES info_request_messages(id);
-- A mail carrying an outsider's link: its token is issued and put in when it is sent.
ALTER TABLE outbox_messages ADD COLUMN info_request_id BIGINT REFERENCES info_requests(id);

-- The consultations become internal requests: answered ones are accepted, others wait.
INSERT INTO info_requests (id, case_id, asked_by, recipient_id, recipient_email, recipient_name,
        locale, subject, share_summary, state, expires_at, created_at, updated_at)
    SELECT q.id, q.case_id, q.asked_by, q.consultant_id, NULL, u.name, 'es', c.subject, 1,
        CASE WHEN q.answered_at IS NULL THEN 'waiting' ELSE 'accepted' END,
        q.asked_at + 604800000, q.asked_at, COALESCE(q.answered_at, q.asked_at)
    FROM case_consultations q JOIN users u ON u.id = q.consultant_id JOIN cases c ON c.id = q.case_id;
INSERT INTO info_request_messages (request_id, kind, author_id, author_name, body, at)
    SELECT q.id, 'question', q.asked_by, u.name, q.question, q.asked_at
    FROM case_consultations q JOIN users u ON u.id = q.asked_by;
INSERT INTO info_request_messages (request_id, kind, author_id, author_name, body, at)
    SELECT q.id, 'answer', q.consultant_id, u.name, q.answer, q.answered_at
    FROM case_consultations q JOIN users u ON u.id = q.consultant_id
    WHERE q.answered_at IS NOT NULL;
DROP TABLE case_consultations;
