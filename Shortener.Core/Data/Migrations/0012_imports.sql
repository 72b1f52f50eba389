-- Imports of links from other shorteners (issue 15): a job per uploaded file, run by a worker like a CSV export
-- (claimed with FOR UPDATE SKIP LOCKED, a lease, attempts). The file is kept in PostgreSQL because the api and the
-- worker may run on different hosts. Each batch of rows commits with the job's progress, so a worker that dies
-- mid-way is taken over from the last committed row and no row is imported twice.
CREATE TABLE imports (
    id              uuid PRIMARY KEY,
    owner_id        bigint REFERENCES users(id),
    format          text NOT NULL,
    file_name       text,
    file_bytes      bigint NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    requested_at    timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    lease_until     timestamptz,
    attempts        int NOT NULL DEFAULT 0,
    total_rows      int,
    processed_rows  int NOT NULL DEFAULT 0,
    created         int NOT NULL DEFAULT 0,
    skipped         int NOT NULL DEFAULT 0,
    failed          int NOT NULL DEFAULT 0,
    error           text
);
CREATE INDEX imports_claim_idx ON imports (requested_at) WHERE status IN ('pending', 'running');

CREATE TABLE import_files (
    import_id  uuid PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
    data       bytea NOT NULL
);

-- The rows that were not imported, with why: 'skipped' (the slug is taken) or 'failed' (the row is not a valid link).
-- The first ones of each import are kept (the counts in imports are exact).
CREATE TABLE import_rows (
    import_id   uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row_number  int NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('skipped', 'failed')),
    slug        text,
    reason      text NOT NULL,
    PRIMARY KEY (import_id, row_number)
);
