-- Representatives (IMM 5476): a person's profile as a representative, verified by staff when
-- paid; the consents between clients and representatives, each a dated record; and who acted on
-- a file's timeline when a representative did.
CREATE TABLE representatives (
    account_id UUID PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    full_name TEXT NOT NULL,
    membership TEXT NOT NULL,
    business_name TEXT NOT NULL,
    business_address TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ
);
CREATE INDEX representatives_status ON representatives (status, created_at);

CREATE TABLE consents (
    id UUID PRIMARY KEY NOT NULL,
    client_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    representative_id UUID NOT NULL REFERENCES representatives (account_id) ON DELETE CASCADE,
    -- NULL: every file of the client.
    application_id UUID REFERENCES applications (id) ON DELETE CASCADE,
    can_act BOOLEAN NOT NULL,
    correspondence TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    signed_name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ,
    ended_at TIMESTAMPTZ,
    end_reason TEXT NOT NULL
);
CREATE INDEX consents_representative ON consents (representative_id, status);
CREATE INDEX consents_client ON consents (client_id, status);
-- At most one open (asked or given) consent per client, representative and scope.
CREATE UNIQUE INDEX consents_one_open ON consents (client_id, representative_id, COALESCE(application_id, '00000000-0000-0000-0000-000000000000'))
    WHERE status IN ('requested', 'active');

ALTER TABLE application_events ADD COLUMN by_representative UUID;
