-- Notifications (issue 5), continued.

-- How each customer wants to hear about their cases: e-mail, SMS (to users.phone) or both.
ALTER TABLE users ADD COLUMN notify_by TEXT NOT NULL DEFAULT 'email'
    CHECK (notify_by IN ('email', 'sms', 'both'));

-- Administrators' versions of the message of an event in a language. Without a row the default
-- written in the code (backend::notify::templates) applies, so "back to default" deletes the row.
CREATE TABLE message_templates (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    UNIQUE (event, locale)
);

-- Administrators' choice of channels for an event's message to people of a role: off, e-mail,
-- SMS or both. Without a row each person's own choice (users.notify_by) applies.
CREATE TABLE notification_channels (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    role TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('off', 'email', 'sms', 'both')),
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    UNIQUE (event, role)
);
