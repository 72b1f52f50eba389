-- Rollups (issue 5). The rollup's watermark is a transaction id, not a time: a click batch's xid is taken when its
-- transaction starts writing, and every transaction below pg_snapshot_xmin(pg_current_snapshot()) has finished, so
-- "ingest_xid < that horizon" is a set that can no longer grow. An inserted_at timestamp or a bigserial would skip a
-- batch that was stamped early and committed late. The default is STABLE, so adding the column rewrites nothing.
-- The worker's staging table is created LIKE clicks INCLUDING DEFAULTS, so its INSERT … SELECT * carries this value.
ALTER TABLE clicks ADD COLUMN ingest_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX clicks_ingest_idx ON clicks (ingest_xid);

CREATE TABLE rollup_state (
    name         text PRIMARY KEY,
    watermark    xid8 NOT NULL,
    last_run_at  timestamptz
);
INSERT INTO rollup_state (name, watermark) VALUES ('daily_stats', '0');

-- Humans and bots in separate rows, so include_bots=false is a filter and include_bots=true a sum; a visitor hash
-- covers (IP, user agent) and bot-ness follows the user agent, so the two rows' visitors never overlap.
ALTER TABLE daily_stats ADD COLUMN is_bot boolean NOT NULL DEFAULT false;
ALTER TABLE daily_stats DROP CONSTRAINT daily_stats_pkey, ADD PRIMARY KEY (link_id, date, is_bot);

-- CSV exports: jobs claimed by workers with FOR UPDATE SKIP LOCKED; the file lives in PostgreSQL (1 MiB chunks)
-- because the api and the worker may run on different hosts. Chunks are keyed by attempt, so a slow attempt that
-- lost its lease cannot mix rows into the file of the attempt that finished.
CREATE TABLE exports (
    id            uuid PRIMARY KEY,
    link_id       bigint NOT NULL REFERENCES links(id),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    requested_at  timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    lease_until   timestamptz,
    attempts      int NOT NULL DEFAULT 0,
    done_attempt  int,
    row_count     bigint,
    byte_count    bigint,
    error         text
);
CREATE INDEX exports_claim_idx ON exports (requested_at) WHERE status IN ('pending', 'running');

CREATE TABLE export_chunks (
    export_id  uuid NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
    attempt    int NOT NULL,
    seq        int NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (export_id, attempt, seq)
);
