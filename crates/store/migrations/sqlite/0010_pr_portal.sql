-- The PR portal (Portal 2): which portal manages a file, the rules and waves that move files
-- there, the invite codes (keyed hashes only) and who may see a moved file.
ALTER TABLE applications ADD COLUMN portal TEXT NOT NULL DEFAULT 'secure';

CREATE TABLE migration_rules (
    id BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    type_id TEXT,
    stage TEXT,
    step TEXT,
    step_state TEXT,
    created_from TEXT,
    created_to TEXT,
    created_by BLOB NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL
);

-- A wave walks the files of its rule in id order; `cursor` is the last id done, so a restart
-- goes on from there. Counters are updated in the transaction of each batch.
CREATE TABLE waves (
    id BLOB PRIMARY KEY NOT NULL,
    rule_id BLOB NOT NULL REFERENCES migration_rules (id),
    started_by BLOB NOT NULL REFERENCES accounts (id),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    cursor BLOB,
    matched INTEGER NOT NULL,
    issued INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE wave_items (
    wave_id BLOB NOT NULL REFERENCES waves (id) ON DELETE CASCADE,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (wave_id, application_id)
);

CREATE TABLE invites (
    id BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    issued_to BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    wave_id BLOB,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    redeemed_at TEXT,
    redeemed_by BLOB,
    revoked_at TEXT
);
CREATE INDEX invites_application ON invites (application_id);
-- At most one working code per file.
CREATE UNIQUE INDEX invites_one_open ON invites (application_id) WHERE redeemed_at IS NULL AND revoked_at IS NULL;

-- Who manages a moved file in the PR portal (added by redeeming its code).
CREATE TABLE pr_access (
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (application_id, account_id)
);
CREATE INDEX pr_access_account ON pr_access (account_id);
