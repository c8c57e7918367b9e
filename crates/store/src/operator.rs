//! What the operator's commands need of the database: an online copy of a SQLite database, the
//! objects the rows refer to (to check a backup), its integrity, and purging the bodies of mail
//! delivered or given up on long ago (they can hold invite codes and reset links).

use chrono::{DateTime, Utc};
use std::path::Path;

use crate::files::Record;
use crate::{Result, Store};

/// A document's object as a row refers to it: enough to read it back and check it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredObject {
    pub object_key: String,
    pub master_key_id: String,
    pub wrapped_key: Vec<u8>,
    pub sha256: String,
}

impl Store {
    /// Writes a consistent copy of the SQLite database to `path` while it is in use
    /// (`VACUUM INTO`); false on PostgreSQL (nothing written: `pg_dump` is the tool there).
    pub async fn copy_sqlite_into(&self, path: &Path) -> Result<bool> {
        match &self.db {
            crate::db::Db::Sqlite(pool) => {
                let target = path.to_string_lossy().into_owned();
                sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await?;
                Ok(true)
            }
            crate::db::Db::Pg(_) => Ok(false),
        }
    }

    /// `ok`, or what SQLite's integrity check found; `ok` on PostgreSQL.
    pub async fn integrity_check(&self) -> Result<String> {
        match &self.db {
            crate::db::Db::Sqlite(pool) => {
                let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check").fetch_all(pool).await?;
                Ok(rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("; "))
            }
            crate::db::Db::Pg(_) => Ok("ok".to_owned()),
        }
    }

    /// Every document's object with its wrapped key and digest.
    pub async fn stored_documents(&self) -> Result<Vec<StoredObject>> {
        let q = "SELECT object_key, master_key_id, wrapped_key, sha256 FROM documents ORDER BY object_key";
        Ok(run!(self.db, |p| sqlx::query_as::<_, StoredObject>(q).fetch_all(p).await)?)
    }

    /// Every object a row refers to: documents, the PR portal's photos and representatives'
    /// proofs of membership.
    pub async fn referenced_objects(&self) -> Result<Vec<String>> {
        let q = "SELECT object_key FROM documents UNION \
                 SELECT photo_object FROM pr_confirmations WHERE photo_object IS NOT NULL UNION \
                 SELECT proof_object_key FROM representatives WHERE proof_object_key IS NOT NULL";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, String>(q).fetch_all(p).await)?)
    }

    /// Empties the bodies of the mail delivered (or given up on) before `before`; returns how
    /// many. The rows stay (who was sent what kind of mail when), with their audit entry.
    pub async fn purge_mail_bodies(&self, before: DateTime<Utc>, rec: &Record<'_>, now: DateTime<Utc>) -> Result<u64> {
        Ok(in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE outbox SET body = '' WHERE body <> '' AND \
                 ((sent_at IS NOT NULL AND sent_at < $1) OR (failed_at IS NOT NULL AND failed_at < $1))",
            )
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            audit!(tx, &rec.audit, now);
            n
        }))
    }
}
