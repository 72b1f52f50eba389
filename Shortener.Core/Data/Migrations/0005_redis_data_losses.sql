-- Clicks Redis acknowledged and then lost (a crash of its machine inside the AOF fsync window), as the api that had
-- sent them found out. Kept here rather than in Redis, which is the thing that lost them.
CREATE TABLE redis_data_losses (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    detected_at          timestamptz NOT NULL,
    sender               text        NOT NULL,
    clicks_lost          bigint      NOT NULL,
    clicks_resent        bigint      NOT NULL,
    clicks_possibly_lost bigint      NOT NULL
);
