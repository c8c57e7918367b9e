-- The secret address of a person's deadline feed (iCalendar), kept only as a digest; one per
-- account, replaced or removed by its owner.
CREATE TABLE calendar_feeds (
    account_id UUID PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
