-- The extensions of invite codes' expiry caused by outages: one row per (invite, outage), so a
-- code is extended once per outage (as deadline_moves does for document requests).
CREATE TABLE invite_moves (
    invite_id BLOB NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    outage_id BLOB NOT NULL REFERENCES outages (id),
    moved_by_secs BIGINT NOT NULL,
    interruption_started_at TEXT NOT NULL,
    moved_at TEXT NOT NULL,
    PRIMARY KEY (invite_id, outage_id)
);
