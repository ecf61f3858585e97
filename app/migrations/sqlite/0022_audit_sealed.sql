-- Issue 15: the audit trail holds against someone who can write to the database. Events and the
-- head are sealed with a key kept outside it (`backend::audit_key`); the head keeps its seal
-- here. Events are never changed nor removed: the database itself refuses it.
ALTER TABLE audit_head ADD COLUMN mac TEXT;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
