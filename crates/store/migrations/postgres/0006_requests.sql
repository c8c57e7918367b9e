-- Requests for documents: what is asked, by when, the answer, extensions, and the reminders
-- already sent (one row each, so a reminder goes out once whatever the workers do).
CREATE TABLE requests (
    id UUID PRIMARY KEY NOT NULL,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    items TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    deadline TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    answered_at TIMESTAMPTZ,
    extension_reason TEXT,
    extension_requested_at TIMESTAMPTZ,
    extension_decision TEXT
);
CREATE INDEX requests_application ON requests (application_id);
CREATE INDEX requests_open ON requests (status, deadline);

CREATE TABLE request_reminders (
    request_id UUID NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, kind)
);
