-- Issue 15: the audit trail holds against someone who can write to the database. Events and the
-- head are sealed with a key kept outside it (`backend::audit_key`); the head keeps its seal
-- here. Events are never changed nor removed: the database itself refuses it.
ALTER TABLE audit_head ADD COLUMN mac TEXT;

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;

CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
