-- The PR portal (Portal 2): which portal manages a file, the rules and waves that move files
-- there, the invite codes (keyed hashes only) and who may see a moved file.
ALTER TABLE applications ADD COLUMN portal TEXT NOT NULL DEFAULT 'secure';

CREATE TABLE migration_rules (
    id UUID PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    type_id TEXT,
    stage TEXT,
    step TEXT,
    step_state TEXT,
    created_from TEXT,
    created_to TEXT,
    created_by UUID NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMPTZ NOT NULL
);

-- A wave walks the files of its rule in id order; `cursor` is the last id done, so a restart
-- goes on from there. Counters are updated in the transaction of each batch.
CREATE TABLE waves (
    id UUID PRIMARY KEY NOT NULL,
    rule_id UUID NOT NULL REFERENCES migration_rules (id),
    started_by UUID NOT NULL REFERENCES accounts (id),
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    cursor UUID,
    matched BIGINT NOT NULL,
    issued BIGINT NOT NULL DEFAULT 0,
    skipped BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE wave_items (
    wave_id UUID NOT NULL REFERENCES waves (id) ON DELETE CASCADE,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (wave_id, application_id)
);

CREATE TABLE invites (
    id UUID PRIMARY KEY NOT NULL,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    issued_to UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    wave_id UUID,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    redeemed_at TIMESTAMPTZ,
    redeemed_by UUID,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX invites_application ON invites (application_id);
-- At most one working code per file.
CREATE UNIQUE INDEX invites_one_open ON invites (application_id) WHERE redeemed_at IS NULL AND revoked_at IS NULL;

-- Who manages a moved file in the PR portal (added by redeeming its code).
CREATE TABLE pr_access (
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    granted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, account_id)
);
CREATE INDEX pr_access_account ON pr_access (account_id);
