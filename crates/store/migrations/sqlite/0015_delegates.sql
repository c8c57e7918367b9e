-- Assistants of a representative's firm who act under them with their own sign-in: each act is
-- recorded as the assistant's for the representative. One representative at a time per person.
CREATE TABLE delegates (
    id BLOB PRIMARY KEY NOT NULL,
    representative_id BLOB NOT NULL REFERENCES representatives (account_id) ON DELETE CASCADE,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE UNIQUE INDEX delegates_one_active ON delegates (account_id) WHERE removed_at IS NULL;
CREATE INDEX delegates_representative ON delegates (representative_id, removed_at);
