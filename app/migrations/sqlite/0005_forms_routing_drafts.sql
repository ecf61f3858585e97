-- Per-type forms, required documents, routing and drafts (SPEC A2, A7, B2, B3).

-- Who may start cases in a folder (comma-separated role codes), who closes them, and who gets
-- a case that no routing row covers.
ALTER TABLE folders ADD COLUMN initiator_roles TEXT NOT NULL DEFAULT 'agent,manager,supervisor,admin';
ALTER TABLE folders ADD COLUMN closer_role TEXT NOT NULL DEFAULT 'agent';
ALTER TABLE folders ADD COLUMN fallback_manager_id BIGINT REFERENCES users(id);

-- The type x group -> manager table. Rows are configuration, not history: a case records the
-- manager it was given and why, so a row may be removed.
CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY,
    folder_id BIGINT NOT NULL REFERENCES folders(id),
    case_type_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    case_group_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    manager_id BIGINT NOT NULL REFERENCES users(id),
    UNIQUE (case_type_id, case_group_id)
);
CREATE INDEX routing_rules_folder ON routing_rules(folder_id);

-- Extra fields of a case type's form. `options` is a JSON array for choice fields.
CREATE TABLE form_fields (
    id INTEGER PRIMARY KEY,
    case_type_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    required BIGINT NOT NULL,
    help TEXT,
    options TEXT NOT NULL,
    currency TEXT,
    sort BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX form_fields_type ON form_fields(case_type_id, sort);

CREATE TABLE required_documents (
    id INTEGER PRIMARY KEY,
    case_type_id BIGINT NOT NULL REFERENCES catalog_entries(id),
    name TEXT NOT NULL,
    sort BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX required_documents_type ON required_documents(case_type_id, sort);

-- A case's classification and hand-over. `due_day` is the maximum date the agent set.
ALTER TABLE cases ADD COLUMN folder_id BIGINT REFERENCES folders(id);
ALTER TABLE cases ADD COLUMN case_type_id BIGINT REFERENCES catalog_entries(id);
ALTER TABLE cases ADD COLUMN case_group_id BIGINT REFERENCES catalog_entries(id);
ALTER TABLE cases ADD COLUMN priority_id BIGINT REFERENCES catalog_entries(id);
ALTER TABLE cases ADD COLUMN store_name TEXT;
ALTER TABLE cases ADD COLUMN due_day TEXT;
ALTER TABLE cases ADD COLUMN manager_id BIGINT REFERENCES users(id);
ALTER TABLE cases ADD COLUMN route_reason TEXT;
CREATE INDEX cases_open_by_manager ON cases(open_work, manager_id, created_at, id);

-- Extra field values with the label and kind the field had when filled in, so that a form
-- changed later leaves old cases readable.
CREATE TABLE case_field_values (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    field_id BIGINT NOT NULL REFERENCES form_fields(id),
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (case_id, field_id)
);

-- The required document a file stands for, if any.
ALTER TABLE attachments ADD COLUMN document_id BIGINT REFERENCES required_documents(id);

-- A missing document asked of the customer, answered with a file in the portal.
CREATE TABLE document_requests (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    document_id BIGINT NOT NULL REFERENCES required_documents(id),
    note TEXT,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    attachment_id BIGINT REFERENCES attachments(id),
    answered_at BIGINT
);
CREATE INDEX document_requests_case ON document_requests(case_id);
