-- Applications (drafts and submitted files), their timeline and their processing steps.
CREATE TABLE applications (
    id BLOB PRIMARY KEY NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    number TEXT UNIQUE,
    answers TEXT NOT NULL,
    members TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    submit_key TEXT UNIQUE,
    payment_receipt TEXT,
    paid_cents INTEGER,
    declaration_name TEXT
);
CREATE INDEX applications_account ON applications (account_id, created_at);

CREATE TABLE application_events (
    id BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX application_events_app ON application_events (application_id, at);
