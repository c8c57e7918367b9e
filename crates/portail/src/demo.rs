//! The demo: accounts to try portail without registering, each with a printed TOTP secret, and
//! `portail demo totp USER` to print the current code. Only accounts flagged as demo accounts
//! can be read this way; nothing of this runs outside `portail demo`.

use chrono::Utc;
use portail_domain::account::Role;
use portail_domain::language::Lang;
use portail_domain::totp::TotpSecret;
use portail_store::Store;
use portail_store::accounts::NewAccount;
use portail_web::hashing::PasswordHasher;

/// The demo accounts: username, role, email.
pub const DEMO_ACCOUNTS: &[(&str, Role, &str)] = &[
    ("demo-applicant", Role::Applicant, "applicant@demo.portail.invalid"),
    ("demo-representative", Role::Representative, "representative@demo.portail.invalid"),
    ("demo-officer", Role::Officer, "officer@demo.portail.invalid"),
    ("demo-admin", Role::Administrator, "admin@demo.portail.invalid"),
];

/// The one password of every demo account (printed at start; demo only).
pub const DEMO_PASSWORD: &str = "demo passphrase for portail";

/// Creates the demo accounts that do not exist yet; returns (username, role, TOTP secret).
pub async fn seed(store: &Store, hasher: &PasswordHasher) -> anyhow::Result<Vec<(String, Role, String)>> {
    let mut out = Vec::new();
    for (username, role, email) in DEMO_ACCOUNTS {
        let secret = match store.demo_totp_secret(username).await? {
            Some(s) => s,
            None => {
                let hash = hasher.hash(DEMO_PASSWORD).await?;
                let new =
                    NewAccount { username, email, role: *role, lang: Lang::En, password_hash: &hash, is_demo: true };
                let now = Utc::now();
                let id = store.create_account(&new, None, None, now).await?;
                let secret = TotpSecret::generate().to_base32();
                store.finish_demo_account(id, &secret, now).await?;
                secret
            }
        };
        out.push(((*username).to_owned(), *role, secret));
    }
    Ok(out)
}

/// The current TOTP code of a demo account, or `None` if it is not one.
pub async fn current_code(store: &Store, username: &str) -> anyhow::Result<Option<String>> {
    let Some(secret) = store.demo_totp_secret(username).await? else {
        return Ok(None);
    };
    Ok(TotpSecret::from_base32(&secret).and_then(|s| s.code_at(Utc::now())))
}
