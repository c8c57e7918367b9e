-- The public updates of an incident (an outage), in both languages, shown on /status and in its
-- feed; and what the status checks found, per part and per day (UTC), for the 90-day history.
CREATE TABLE outage_updates (
    id BLOB PRIMARY KEY NOT NULL,
    outage_id BLOB NOT NULL REFERENCES outages (id),
    posted_at TEXT NOT NULL,
    message_en TEXT NOT NULL,
    message_fr TEXT NOT NULL,
    posted_by TEXT NOT NULL
);
CREATE INDEX outage_updates_outage ON outage_updates (outage_id, posted_at);
CREATE INDEX outages_started ON outages (started_at);
CREATE TABLE status_days (
    day TEXT NOT NULL,
    part TEXT NOT NULL,
    checks BIGINT NOT NULL,
    up BIGINT NOT NULL,
    PRIMARY KEY (day, part)
);
