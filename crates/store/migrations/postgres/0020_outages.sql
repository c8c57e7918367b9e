-- Interruptions of the service (unplanned outages), recorded by operators; and the moves of
-- deadlines they caused: one row per (request, outage), so a deadline moves once per outage.
CREATE TABLE outages (
    id UUID PRIMARY KEY NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL
);
-- At most one is open at a time: the insert checks it (INSERT … WHERE NOT EXISTS).
CREATE TABLE deadline_moves (
    request_id UUID NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    outage_id UUID NOT NULL REFERENCES outages (id),
    moved_by_secs BIGINT NOT NULL,
    interruption_started_at TIMESTAMPTZ NOT NULL,
    moved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, outage_id)
);
