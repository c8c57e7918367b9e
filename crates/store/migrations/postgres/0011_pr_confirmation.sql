-- PR confirmation of a file in the PR portal: presence, mailing address, photo (encrypted like
-- every document), the officer's review of each, the eCOPR and the PR card.
CREATE TABLE pr_confirmations (
    application_id UUID PRIMARY KEY NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    presence TEXT,
    entered_on TEXT,
    presence_state TEXT NOT NULL DEFAULT 'todo',
    presence_note TEXT NOT NULL DEFAULT '',
    details_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    address_line TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    address_state TEXT NOT NULL DEFAULT 'todo',
    address_note TEXT NOT NULL DEFAULT '',
    photo_object TEXT,
    photo_master_id TEXT,
    photo_wrapped_key BYTEA,
    photo_sha256 TEXT,
    photo_size BIGINT,
    photo_state TEXT NOT NULL DEFAULT 'todo',
    photo_note TEXT NOT NULL DEFAULT '',
    ecopr_letter UUID,
    ecopr_issued_at TIMESTAMPTZ,
    card_status TEXT NOT NULL DEFAULT 'not_started',
    updated_at TIMESTAMPTZ NOT NULL
);
