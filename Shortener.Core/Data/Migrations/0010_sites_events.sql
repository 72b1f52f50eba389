-- Site events (issue 12): sites registered by their owners, the events their pages send, and daily rollups of them.
CREATE TABLE sites (
    site_id     text        PRIMARY KEY,
    name        text,
    owner_id    bigint      REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_owner_idx ON sites (owner_id, site_id);

-- One row per event, stored once by its id. user_key is what unique users count: a hash of the user id when the
-- event had one, else the visitor hash of (site, IP, user agent) under the day's key; the raw IP is never stored.
-- ingest_xid is the rollup's watermark, as for clicks (0003).
CREATE TABLE events (
    event_id     uuid        PRIMARY KEY,
    site_id      text        NOT NULL,
    event_type   text        NOT NULL,
    path         text,
    user_id      text,
    user_key     bytea       NOT NULL,
    occurred_at  timestamptz NOT NULL,
    ingest_xid   xid8        NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_site_time_idx ON events (site_id, occurred_at);
CREATE INDEX events_ingest_idx ON events (ingest_xid);

-- As click_batches (0006): each inserting statement's transaction id and earliest event, so answers find the events
-- above the watermark without scanning.
CREATE TABLE event_batches (
    ingest_xid      xid8        NOT NULL DEFAULT pg_current_xact_id(),
    first_occurred  timestamptz NOT NULL
);
CREATE INDEX event_batches_xid_idx ON event_batches (ingest_xid);

CREATE FUNCTION record_event_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_batches (first_occurred) SELECT min(occurred_at) FROM inserted_events HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_record_batch AFTER INSERT ON events REFERENCING NEW TABLE AS inserted_events
    FOR EACH STATEMENT EXECUTE FUNCTION record_event_batch();

-- Rollups: exactly the events below the 'site_stats' watermark, per (site, UTC day) and per event type and path.
CREATE TABLE site_daily_stats (
    site_id       text   NOT NULL,
    date          date   NOT NULL,
    views         bigint NOT NULL,
    unique_users  bigint NOT NULL,
    PRIMARY KEY (site_id, date)
);
CREATE TABLE site_daily_types (
    site_id       text   NOT NULL,
    date          date   NOT NULL,
    event_type    text   NOT NULL,
    views         bigint NOT NULL,
    unique_users  bigint NOT NULL,
    PRIMARY KEY (site_id, date, event_type)
);
CREATE TABLE site_daily_paths (
    site_id     text   NOT NULL,
    date        date   NOT NULL,
    event_type  text   NOT NULL,
    path        text   NOT NULL,
    views       bigint NOT NULL,
    PRIMARY KEY (site_id, date, event_type, path)
);
INSERT INTO rollup_state (name, watermark) VALUES ('site_stats', '0');

-- A Redis data loss now names its pipeline.
ALTER TABLE redis_data_losses ADD COLUMN stream text NOT NULL DEFAULT 'clicks';
