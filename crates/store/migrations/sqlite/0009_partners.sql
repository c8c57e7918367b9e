-- Sign-In Partners (OpenID Connect): how an account signs in, the partner a session came
-- through, the identities (issuer, subject) tied to accounts, and sign-ins under way.
ALTER TABLE accounts ADD COLUMN sign_in_kind TEXT NOT NULL DEFAULT 'password';
ALTER TABLE sessions ADD COLUMN partner TEXT;

CREATE TABLE partner_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    partner TEXT NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_sign_in_at TEXT NOT NULL,
    last_acr TEXT,
    last_amr TEXT,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX partner_identities_account ON partner_identities (account_id);

-- One row per sign-in sent to a partner; deleted when its callback comes back (single use).
CREATE TABLE partner_flows (
    state_hash TEXT PRIMARY KEY NOT NULL,
    partner TEXT NOT NULL,
    browser_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    account_id BLOB,
    return_to TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX partner_flows_expiry ON partner_flows (expires_at);
