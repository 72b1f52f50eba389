-- Stats answer from daily_stats, which holds exactly the clicks below the rollup's watermark, plus the few clicks at or
-- above it (those since the last run), instead of aggregating whole open days from raw clicks. Two helpers:
--
-- click_batches: one row per statement that inserts clicks, with its transaction id and its earliest click, written
-- by a trigger so that every writer is covered. The clicks above the watermark are then found through
-- clicks_link_time_idx from the earliest of them on; normally that is the last half minute. The rollup deletes the
-- rows below its watermark.
CREATE TABLE click_batches (
    ingest_xid      xid8        NOT NULL DEFAULT pg_current_xact_id(),
    first_occurred  timestamptz NOT NULL
);
CREATE INDEX click_batches_xid_idx ON click_batches (ingest_xid);

CREATE FUNCTION record_click_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO click_batches (first_occurred) SELECT min(occurred_at) FROM inserted_clicks HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER clicks_record_batch AFTER INSERT ON clicks REFERENCING NEW TABLE AS inserted_clicks
    FOR EACH STATEMENT EXECUTE FUNCTION record_click_batch();

-- rollup_visitors: the visitor hashes behind daily_stats.unique_visitors, kept for the days from
-- rollup_state.visitors_from on (yesterday and today), so a click above the watermark is known to bring a new visitor
-- or not. NULL visitors_from: no day has its set yet (before the first run), and such days are read raw.
CREATE TABLE rollup_visitors (
    link_id       bigint  NOT NULL,
    date          date    NOT NULL,
    is_bot        boolean NOT NULL,
    visitor_hash  bytea   NOT NULL,
    PRIMARY KEY (link_id, date, is_bot, visitor_hash)
);
ALTER TABLE rollup_state ADD COLUMN visitors_from date;

-- Until now the rollup counted every committed click of a day it recomputed, some above its watermark; from here on
-- daily_stats must hold exactly the clicks below it. Starting again from zero rebuilds it that way on the next run.
DELETE FROM daily_stats;
UPDATE rollup_state SET watermark = '0', last_run_at = NULL WHERE name = 'daily_stats';
