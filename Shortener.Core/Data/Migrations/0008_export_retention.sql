-- Export retention (issue 17): a finished export's file is deleted after Exports:Retention and its job says 'expired'
-- (kept, small, so GET /exports/{id} can still say what happened). The index serves the worker's clean-up.
ALTER TABLE exports DROP CONSTRAINT exports_status_check,
    ADD CONSTRAINT exports_status_check CHECK (status IN ('pending', 'running', 'done', 'failed', 'expired'));
CREATE INDEX exports_done_idx ON exports (finished_at) WHERE status = 'done';
