-- Processing steps of submitted files, and files made outside the account (paper) that a person
-- can link to their account.
CREATE TABLE application_steps (
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (application_id, step)
);

CREATE TABLE paper_files (
    number TEXT PRIMARY KEY NOT NULL,
    type_id TEXT NOT NULL,
    uci TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    stage TEXT NOT NULL,
    received_at TEXT NOT NULL,
    linked_application BLOB
);
