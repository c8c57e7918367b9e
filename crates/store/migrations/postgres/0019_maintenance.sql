-- Maintenance windows: announced ahead on the pages of the parts they cover, read-only while
-- they run. Ended early or cancelled by setting ends_at / cancelled_at; never deleted (history).
CREATE TABLE maintenance_windows (
    id UUID PRIMARY KEY NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    -- "account,pr,office,api": the parts it covers.
    parts TEXT NOT NULL,
    message_en TEXT NOT NULL,
    message_fr TEXT NOT NULL,
    sign_in_closed BOOLEAN NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX maintenance_windows_end ON maintenance_windows (ends_at);
