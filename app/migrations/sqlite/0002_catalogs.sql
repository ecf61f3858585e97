-- Case folders and their catalogs (SPEC B1, A5). Entries are never deleted: cases keep
-- pointing at them; `active = 0` hides them from new choices.

CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sort BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE catalog_entries (
    id INTEGER PRIMARY KEY,
    folder_id BIGINT NOT NULL REFERENCES folders(id),
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES catalog_entries(id),
    name TEXT NOT NULL,
    binding TEXT,
    sort BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX catalog_entries_folder ON catalog_entries(folder_id, kind, sort);
