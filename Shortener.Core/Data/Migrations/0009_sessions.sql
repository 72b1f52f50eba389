-- Browser sessions of the dashboard. The cookie holds a random token; only its hash is kept. A session stands for the
-- API key it was opened with: a revoked or deleted key ends it (checked on every request), and a session opened with
-- the configured admin key stays valid only while that key is the configured one (admin_key_hash).
CREATE TABLE sessions (
    token_hash      bytea PRIMARY KEY,
    api_key_id      bigint REFERENCES api_keys(id) ON DELETE CASCADE,
    admin_key_hash  bytea,
    csrf_token      text NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    CHECK ((api_key_id IS NULL) <> (admin_key_hash IS NULL))
);
CREATE INDEX sessions_api_key_idx ON sessions (api_key_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
