-- Supporting documents: the row is written last, after the encrypted object is stored.
CREATE TABLE documents (
    id BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    master_key_id TEXT NOT NULL,
    wrapped_key BLOB NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX documents_application ON documents (application_id, item_key);
