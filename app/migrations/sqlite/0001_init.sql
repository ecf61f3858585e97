-- Times are UTC milliseconds since the epoch (BIGINT), the one time type both backends and
-- sqlx's Any driver read the same way. Flags are 0/1 BIGINTs for the same reason.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    role TEXT NOT NULL,
    password_hash TEXT,
    locale TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE case_counters (
    year BIGINT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    customer_id BIGINT NOT NULL REFERENCES users(id),
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    class TEXT NOT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    -- 1 while the case waits for someone's work (open, in progress, pending closure): the desk's
    -- equality prefix, which lets both planners read it in index order.
    open_work BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX cases_customer ON cases(customer_id, created_at, id);
CREATE INDEX cases_state ON cases(state, created_at, id);
CREATE INDEX cases_open_work ON cases(open_work, created_at, id);
CREATE INDEX cases_open_by_channel ON cases(open_work, channel, created_at, id);
CREATE INDEX cases_open_by_class ON cases(open_work, class, created_at, id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    storage_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

-- The audit trail: one row per change, chained by hash so that `tramita audit verify` finds a
-- row that was altered or removed. `audit_head` holds the end of the chain; updating it first in
-- every appending transaction serialises appenders on both backends.
CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    case_id BIGINT REFERENCES cases(id),
    actor_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    changes TEXT NOT NULL,
    note TEXT,
    public BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_case ON audit_events(case_id, seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, 'genesis');
