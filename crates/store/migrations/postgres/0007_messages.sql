-- Messages about a file between the applicant and the agency, one thread per file.
CREATE TABLE messages (
    id UUID PRIMARY KEY NOT NULL,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    from_staff BOOLEAN NOT NULL,
    author TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ
);
CREATE INDEX messages_application ON messages (application_id, at);
