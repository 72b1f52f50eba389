-- Our queries are short and indexed, but one over a day of a busy link crosses PostgreSQL's JIT cost threshold and
-- then spends over a second compiling (measured: /links/{slug}/stats at 10 million clicks went from ~1.8 s to tens
-- of ms). Nothing here is the long analytical kind of query JIT pays off for. Takes effect for new sessions.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;
