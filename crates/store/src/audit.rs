//! The append-only, hash-chained audit log. Each entry's hash covers the previous entry's hash
//! and its own fields, so editing or deleting any entry breaks the chain from there on. Appends
//! are serialised through one head row updated in the same transaction as the change audited.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::{Result, Store};

/// Who did what to which file (or document), and a detail without personal data.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub detail: &'a str,
}

/// An audit entry that owns its text (queued before it is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedEntry {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

impl OwnedEntry {
    pub fn as_entry(&self) -> AuditEntry<'_> {
        AuditEntry { actor: &self.actor, action: &self.action, target: &self.target, detail: &self.detail }
    }
}

pub(crate) fn chain_hash(prev: &str, seq: i64, at: &DateTime<Utc>, e: &AuditEntry<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        &at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        e.actor,
        e.action,
        e.target,
        e.detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends one entry inside an open transaction: `audit!(tx, &entry, now)`.
macro_rules! audit {
    ($tx:ident, $entry:expr, $now:expr) => {{
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *$tx)
                .await?;
        let hash = $crate::audit::chain_hash(&prev, seq, &$now, $entry);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind($now)
        .bind($entry.actor)
        .bind($entry.action)
        .bind($entry.target)
        .bind($entry.detail)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *$tx)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *$tx).await?;
    }};
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact {
        entries: i64,
    },
    /// The first entry whose stored hash or link does not match.
    Broken {
        seq: i64,
    },
}

impl Store {
    /// Records an entry on its own (about an account, not a file).
    pub async fn audit(&self, entry: &AuditEntry<'_>, now: DateTime<Utc>) -> Result<()> {
        in_tx!(self.db, |tx| {
            audit!(tx, entry, now);
        });
        Ok(())
    }

    /// Recomputes the whole chain, in pages, and names the first broken entry.
    pub async fn verify_audit(&self) -> Result<Verification> {
        let q = "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log \
                 WHERE seq > $1 ORDER BY seq LIMIT 1000";
        let mut prev = "genesis".to_owned();
        let mut last = 0i64;
        loop {
            let rows = run!(self.db, |p| sqlx::query_as::<_, AuditRow>(q).bind(last).fetch_all(p).await)?;
            if rows.is_empty() {
                break;
            }
            for r in rows {
                let e = AuditEntry { actor: &r.actor, action: &r.action, target: &r.target, detail: &r.detail };
                if r.seq != last + 1 || r.prev_hash != prev || chain_hash(&prev, r.seq, &r.at, &e) != r.hash {
                    return Ok(Verification::Broken { seq: r.seq.min(last + 1) });
                }
                prev = r.hash;
                last = r.seq;
            }
        }
        let head: (i64, String) =
            run!(self.db, |p| sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await)?;
        if head.0 != last || head.1 != prev {
            return Ok(Verification::Broken { seq: last + 1 });
        }
        Ok(Verification::Intact { entries: last })
    }

    /// The entries about one file, newest first (for the file's history).
    pub async fn audit_of(&self, file: &crate::FileRef) -> Result<Vec<AuditRow>> {
        let q = "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log WHERE target = $1 ORDER BY seq DESC";
        let target = file.id().to_string();
        Ok(run!(self.db, |p| sqlx::query_as::<_, AuditRow>(q).bind(&target).fetch_all(p).await)?)
    }
}
