-- Links from cases to business objects of other systems (SPEC A3).

CREATE TABLE case_links (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    external_id TEXT NOT NULL,
    url TEXT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX case_links_case ON case_links(case_id);
CREATE INDEX case_links_external ON case_links(external_id);
