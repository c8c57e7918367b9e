//! Bringing every stored key under the current master key: each wrapped document key (documents,
//! PR photos, representatives' proofs) re-wrapped, each TOTP secret sealed again — page by page,
//! each row replaced only if it has not changed since it was read, while the servers run. The
//! documents themselves are not touched: only their keys are.

use portail_documents::{Keys, WrappedKey};
use portail_domain::account::AccountId;
use portail_store::Store;
use portail_store::audit::AuditEntry;
use portail_store::keys::{HeldKey, Holder};
use uuid::Uuid;

use crate::Result;

/// Rows read per page (and replaced per transaction).
const PAGE: i64 = 500;

/// What a sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rewrapped {
    /// Document keys re-wrapped under the current key.
    pub keys: u64,
    /// TOTP secrets sealed under the current key.
    pub secrets: u64,
    /// Rows this keyring cannot open (under a key it does not hold): left as they are.
    pub unopenable: u64,
}

/// The context a TOTP secret is sealed for: it opens for its own account only.
pub fn totp_context(account: AccountId) -> String {
    format!("totp:{}", account.0)
}

/// Re-wraps every key and secret not under the current key; audited when anything changed.
pub async fn rewrap_all(store: &Store, keys: &Keys, now: chrono::DateTime<chrono::Utc>) -> Result<Rewrapped> {
    let mut done = Rewrapped::default();
    for holder in Holder::ALL {
        rewrap_holder(store, keys, holder, &mut done).await?;
    }
    let current = format!("v1.{}.", keys.current_id());
    reseal_totp(store, keys, &current, &mut done).await?;
    if done.keys + done.secrets > 0 {
        let detail = format!("key {}: {} document keys, {} TOTP secrets", keys.current_id(), done.keys, done.secrets);
        let entry = AuditEntry { actor: "operator", action: "keys_rewrapped", target: "keys", detail: &detail };
        store.audit(&entry, now).await?;
    }
    Ok(done)
}

/// Seals the TOTP secrets stored in plain before secrets were sealed (at start-up).
pub async fn seal_plain_secrets(store: &Store, keys: &Keys) -> Result<u64> {
    let mut done = Rewrapped::default();
    reseal_totp(store, keys, "v1.", &mut done).await?;
    if done.secrets > 0 {
        tracing::info!(event = "totp_secrets_sealed", count = done.secrets, "TOTP secrets sealed under the master key");
    }
    Ok(done.secrets)
}

async fn rewrap_holder(store: &Store, keys: &Keys, holder: Holder, done: &mut Rewrapped) -> Result<()> {
    let current = keys.current_id();
    let mut after = Uuid::nil();
    loop {
        let page = store.keys_not_under(holder, &current, after, PAGE).await?;
        let Some(last) = page.last() else { return Ok(()) };
        after = last.id;
        let mut changes: Vec<(HeldKey, String, Vec<u8>)> = Vec::new();
        for held in page {
            let wrapped = WrappedKey { master_id: held.master_id.clone(), sealed: held.wrapped.clone() };
            match keys.rewrap(&wrapped) {
                Ok(Some(new)) => changes.push((held, new.master_id, new.sealed)),
                Ok(None) => {}
                Err(_) => done.unopenable += 1,
            }
        }
        done.keys += store.replace_keys(holder, &changes).await?;
    }
}

/// Seals again every TOTP secret that does not start with `prefix`.
async fn reseal_totp(store: &Store, keys: &Keys, prefix: &str, done: &mut Rewrapped) -> Result<()> {
    let mut after = Uuid::nil();
    loop {
        let page = store.totp_secrets_not_under(prefix, after, PAGE).await?;
        let Some((last, _)) = page.last() else { return Ok(()) };
        after = last.0;
        let mut changes = Vec::new();
        for (account, stored) in page {
            match keys.reseal_secret(&stored, &totp_context(account)) {
                Ok(Some(new)) => changes.push((account, stored, new)),
                Ok(None) => {}
                Err(_) => done.unopenable += 1,
            }
        }
        done.secrets += store.replace_totp_secrets(&changes).await?;
    }
}
