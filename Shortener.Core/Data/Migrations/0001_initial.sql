-- Users and their API keys. Keys are stored as SHA-256 hashes; the prefix lets a person tell keys apart.
CREATE TABLE users (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    is_admin    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id),
    prefix      text NOT NULL,
    key_hash    bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE links (
    id            bigserial PRIMARY KEY,
    slug          text NOT NULL UNIQUE,
    original_url  text NOT NULL,
    owner_id      bigint REFERENCES users(id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    is_deleted    boolean NOT NULL DEFAULT false,
    expires_at    timestamptz,
    max_clicks    bigint,
    password_hash text,
    total_clicks  bigint NOT NULL DEFAULT 0
);
CREATE INDEX links_owner_idx ON links (owner_id, id) WHERE NOT is_deleted;

-- One row per click, written once: event_id is minted at the redirect and the insert ignores repeats.
-- The key includes occurred_at so the table can be partitioned by month without changing it.
CREATE TABLE clicks (
    event_id      uuid NOT NULL,
    link_id       bigint NOT NULL,
    occurred_at   timestamptz NOT NULL,
    country       text,
    referrer      text,
    referrer_host text,
    user_agent    text,
    browser       text,
    os            text,
    device_type   text,
    is_bot        boolean NOT NULL DEFAULT false,
    visitor_hash  bytea,
    PRIMARY KEY (event_id, occurred_at)
);
CREATE INDEX clicks_link_time_idx ON clicks (link_id, occurred_at);

CREATE TABLE daily_stats (
    link_id          bigint NOT NULL,
    date             date NOT NULL,
    clicks           bigint NOT NULL DEFAULT 0,
    unique_visitors  bigint NOT NULL DEFAULT 0,
    countries        jsonb NOT NULL DEFAULT '{}',
    referers         jsonb NOT NULL DEFAULT '{}',
    devices          jsonb NOT NULL DEFAULT '{}',
    browsers         jsonb NOT NULL DEFAULT '{}',
    os               jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (link_id, date)
);

-- Written by analytics from link.created; keyed by link so every instance may record the same event safely.
CREATE TABLE link_creations (
    link_id     bigint PRIMARY KEY,
    created_on  date NOT NULL
);
CREATE INDEX link_creations_day_idx ON link_creations (created_on);
