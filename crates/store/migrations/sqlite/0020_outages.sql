-- Interruptions of the service (unplanned outages), recorded by operators; and the moves of
-- deadlines they caused: one row per (request, outage), so a deadline moves once per outage.
CREATE TABLE outages (
    id BLOB PRIMARY KEY NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL
);
-- At most one is open at a time: the insert checks it (INSERT … WHERE NOT EXISTS).
CREATE TABLE deadline_moves (
    request_id BLOB NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    outage_id BLOB NOT NULL REFERENCES outages (id),
    moved_by_secs BIGINT NOT NULL,
    interruption_started_at TEXT NOT NULL,
    moved_at TEXT NOT NULL,
    PRIMARY KEY (request_id, outage_id)
);
