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

-- One row per event per endpoint; its id is the webhook-id header, the same on every attempt. Ids are made by
-- webhook_message_id: the event's time in milliseconds first (as in a version 7 uuid), so the index grows at its end,
-- then bits of a hash of what makes the message unique, so the same message never gets a second id: a link.clicked
-- row's seed is the endpoint and the click's event id. Such a row stores no body: it is built from the stored click
-- when it is sent (clicks are never changed), which keeps the row the click transaction writes small. seq orders the
-- delivery log.
CREATE FUNCTION webhook_message_id(at timestamptz, seed text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(set_byte(set_byte(overlay(decode(md5(seed), 'hex')
               placing substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
           6, (get_byte(decode(md5(seed), 'hex'), 6) & 15) | 112), 8, (get_byte(decode(md5(seed), 'hex'), 8) & 63) | 128), 'hex')::uuid
$$;

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    seq              bigint GENERATED ALWAYS AS IDENTITY,
    endpoint_id      bigint NOT NULL REFERENCES webhook_endpoints(id),
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
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (endpoint_id, seq);

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
