-- Signed webhooks and multi-step link jobs (issue 13).

-- Endpoints are never removed, only marked deleted: a delivery row always has its endpoint, and the click fan-out,
-- which runs inside the worker's click transaction, can never fail on a reference to an endpoint deleted meanwhile.
-- The secret is kept as its key bytes (it must be, to sign); previous_secret signs next to it until previous_secret_until.
-- One worker at a time sends to an endpoint: the one whose sender lease is running (taken and renewed per batch).
CREATE TABLE webhook_endpoints (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id              bigint REFERENCES users(id),
    all_links             boolean NOT NULL,
    url                   text NOT NULL,
    events                text[] NOT NULL,
    slugs                 text[],
    enabled               boolean NOT NULL DEFAULT true,
    disabled_reason       text,
    secret                bytea NOT NULL,
    previous_secret       bytea,
    previous_secret_until timestamptz,
    consecutive_failures  int NOT NULL DEFAULT 0,
    sender                text,
    sender_lease_until    timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    deleted_at            timestamptz
);
CREATE INDEX webhook_endpoints_owner_idx ON webhook_endpoints (owner_id, id) WHERE deleted_at IS NULL;

-- One row per event per endpoint; its id is the webhook-id header, the same on every attempt, and ids are in time
-- order (the log is listed by id). A link.clicked row is written by the worker's click transaction, one per click and
-- endpoint, so it is kept small: its id is the click's event id (a version 7 uuid, minted at the redirect) with its
-- last 8 bytes XORed with the endpoint id, so the same click can never be queued twice for an endpoint; it stores the
-- click's event id instead of a body, which is built from the stored click when it is sent (clicks never change); and
-- endpoint_id has no foreign key (endpoints are never removed, see above), which would cost a lookup per row.
-- Other rows have ids from webhook_message_id: a time in milliseconds first, as in a version 7 uuid, then bits of a
-- hash of what makes the message unique.
CREATE FUNCTION webhook_message_id(at timestamptz, seed text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0') || '7' || substr(h, 14, 3)
            || to_hex(8 + (('x' || substr(h, 17, 1))::bit(4)::int & 3)) || substr(h, 18, 15))::uuid
    FROM (SELECT md5(seed) AS h) hash
$$;

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    endpoint_id      bigint NOT NULL,
    event            text NOT NULL,
    payload          jsonb,
    click_event_id   uuid,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int NOT NULL DEFAULT 0,
    last_status_code int,
    last_error       text,
    last_attempt_at  timestamptz,
    next_attempt_at  timestamptz NOT NULL,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL,
    CHECK (payload IS NOT NULL OR click_event_id IS NOT NULL)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (endpoint_id, id);

-- A job per link created or retargeted; its steps each keep their own done flag, so a retry redoes only what failed.
CREATE TABLE link_jobs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_id         bigint NOT NULL REFERENCES links(id),
    event           text NOT NULL CHECK (event IN ('link.created', 'link.updated')),
    url             text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz
);
CREATE INDEX link_jobs_due_idx ON link_jobs (next_attempt_at) WHERE status IN ('pending', 'running');
CREATE INDEX link_jobs_link_idx ON link_jobs (link_id, id);

CREATE TABLE link_job_steps (
    job_id          bigint NOT NULL REFERENCES link_jobs(id),
    step            text NOT NULL CHECK (step IN ('preview', 'webhooks')),
    done            boolean NOT NULL DEFAULT false,
    done_at         timestamptz,
    attempts        int NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    last_error      text,
    PRIMARY KEY (job_id, step)
);

-- The latest preview of a link; job_id keeps an older job that finishes late from overwriting a newer one's.
CREATE TABLE link_previews (
    link_id     bigint PRIMARY KEY REFERENCES links(id),
    job_id      bigint NOT NULL,
    url         text NOT NULL,
    status_code int NOT NULL,
    title       text,
    description text,
    image       text,
    fetched_at  timestamptz NOT NULL
);

-- Raised once: at most one open alert per (kind, subject). next_notify_at is set when Alerts:WebhookUrl is.
CREATE TABLE alerts (
    id              uuid PRIMARY KEY,
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    kind            text NOT NULL,
    subject         text NOT NULL,
    message         text NOT NULL,
    created_at      timestamptz NOT NULL,
    resolved_at     timestamptz,
    notified_at     timestamptz,
    notify_attempts int NOT NULL DEFAULT 0,
    notify_error    text,
    next_notify_at  timestamptz
);
CREATE UNIQUE INDEX alerts_open_idx ON alerts (kind, subject) WHERE resolved_at IS NULL;
CREATE INDEX alerts_seq_idx ON alerts (seq);
CREATE INDEX alerts_notify_idx ON alerts (next_notify_at) WHERE notified_at IS NULL AND next_notify_at IS NOT NULL;
