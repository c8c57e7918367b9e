-- Supporting documents: the row is written last, after the encrypted object is stored.
CREATE TABLE documents (
    id UUID PRIMARY KEY NOT NULL,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    master_key_id TEXT NOT NULL,
    wrapped_key BYTEA NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_application ON documents (application_id, item_key);
