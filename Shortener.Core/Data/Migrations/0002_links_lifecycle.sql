-- Link lifecycle (issue 3): limits are positive, keys are listed per user, and cache events survive a Redis outage.
ALTER TABLE links ADD CONSTRAINT links_max_clicks_positive CHECK (max_clicks IS NULL OR max_clicks > 0);

CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- Outbox: a link change and its link.updated / link.deleted event commit together; the api moves the event to the
-- Redis stream right after the commit, or later (relay) when Redis was unreachable, so L2 is never left stale.
CREATE TABLE link_changes_outbox (
    id          bigserial PRIMARY KEY,
    type        text NOT NULL,
    link_id     bigint NOT NULL,
    slug        text NOT NULL,
    created_at  timestamptz NOT NULL
);
