-- Messages about a file between the applicant and the agency, one thread per file.
CREATE TABLE messages (
    id BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    from_staff BOOLEAN NOT NULL,
    author TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX messages_application ON messages (application_id, at);
