-- Processing times per program, computed by a job from the files decided in the last 12 months
-- (the decisions are found by their timeline entries: hence the index by kind and time).
CREATE INDEX application_events_kind ON application_events (kind, at);
CREATE TABLE processing_times (
    type_id TEXT PRIMARY KEY NOT NULL,
    median_days BIGINT NOT NULL,
    p80_days BIGINT NOT NULL,
    files BIGINT NOT NULL,
    computed_at TEXT NOT NULL
);
