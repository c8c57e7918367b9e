//! Document rows. The encrypted object is stored first; the row, written last and in one
//! transaction with the replacement of any earlier file for the same checklist item, makes it
//! part of the application.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRecord {
    pub id: Uuid,
    pub application_id: Uuid,
    pub item_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub object_key: String,
    pub master_key_id: String,
    pub wrapped_key: Vec<u8>,
    pub uploaded_at: DateTime<Utc>,
}

pub struct NewDocument<'a> {
    pub item_key: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub object_key: &'a str,
    pub master_key_id: &'a str,
    pub wrapped_key: &'a [u8],
}

#[derive(Debug, PartialEq, Eq)]
pub enum PutOutcome {
    /// Stored; the objects of the files it replaced may now be deleted.
    Stored { id: Uuid, replaced: Vec<String> },
    /// The application's documents would exceed `limit` bytes.
    OverLimit,
    /// No draft of this account with that id.
    NoDraft,
}

impl Store {
    pub async fn documents_of(&self, account: AccountId, application: Uuid) -> Result<Vec<DocumentRecord>> {
        let q = "SELECT d.id, d.application_id, d.item_key, d.file_name, d.content_type, d.size, d.sha256, \
                 d.object_key, d.master_key_id, d.wrapped_key, d.uploaded_at FROM documents d \
                 JOIN applications a ON a.id = d.application_id \
                 WHERE a.id = $1 AND a.account_id = $2 ORDER BY d.uploaded_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, DocumentRecord>(q)
            .bind(application)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    pub async fn document(&self, account: AccountId, application: Uuid, id: Uuid) -> Result<Option<DocumentRecord>> {
        let q = "SELECT d.id, d.application_id, d.item_key, d.file_name, d.content_type, d.size, d.sha256, \
                 d.object_key, d.master_key_id, d.wrapped_key, d.uploaded_at FROM documents d \
                 JOIN applications a ON a.id = d.application_id \
                 WHERE d.id = $1 AND a.id = $2 AND a.account_id = $3";
        Ok(run!(self.db, |p| sqlx::query_as::<_, DocumentRecord>(q)
            .bind(id)
            .bind(application)
            .bind(account.0)
            .fetch_optional(p)
            .await)?)
    }

    /// Attaches a stored object to a draft's checklist item, replacing the item's earlier file.
    pub async fn put_document(
        &self,
        account: AccountId,
        application: Uuid,
        new: &NewDocument<'_>,
        limit: i64,
        now: DateTime<Utc>,
    ) -> Result<PutOutcome> {
        let id = Uuid::new_v4();
        let outcome =
            in_tx!(self.db, |tx| {
                // A draft's own checklist, or an item of an open request on a submitted file.
                let request = new
                    .item_key
                    .strip_prefix("request:")
                    .and_then(|r| r.split(':').next())
                    .and_then(|r| Uuid::parse_str(r).ok());
                let attachment = new.item_key.starts_with("message:");
                let owner =
                    match request {
                        None if attachment => sqlx::query_scalar::<_, i64>(
                            "SELECT COUNT(*) FROM applications WHERE id = $1 AND account_id = $2 AND stage <> 'draft'",
                        )
                        .bind(application)
                        .bind(account.0)
                        .fetch_one(&mut *tx)
                        .await?,
                        None => sqlx::query_scalar::<_, i64>(
                            "SELECT COUNT(*) FROM applications WHERE id = $1 AND account_id = $2 AND stage = 'draft'",
                        )
                        .bind(application)
                        .bind(account.0)
                        .fetch_one(&mut *tx)
                        .await?,
                        Some(rid) => {
                            sqlx::query_scalar::<_, i64>(
                                "SELECT COUNT(*) FROM requests r JOIN applications a ON a.id = r.application_id \
                         WHERE r.id = $3 AND r.status = 'open' AND a.id = $1 AND a.account_id = $2",
                            )
                            .bind(application)
                            .bind(account.0)
                            .bind(rid)
                            .fetch_one(&mut *tx)
                            .await?
                        }
                    };
                if owner != 1 {
                    return Ok(PutOutcome::NoDraft);
                }
                let others = sqlx::query_scalar::<_, i64>(
                    "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM documents \
                 WHERE application_id = $1 AND item_key <> $2",
                )
                .bind(application)
                .bind(new.item_key)
                .fetch_one(&mut *tx)
                .await?;
                if others + new.size > limit {
                    return Ok(PutOutcome::OverLimit);
                }
                let replaced = sqlx::query_scalar::<_, String>(
                    "SELECT object_key FROM documents WHERE application_id = $1 AND item_key = $2",
                )
                .bind(application)
                .bind(new.item_key)
                .fetch_all(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM documents WHERE application_id = $1 AND item_key = $2")
                    .bind(application)
                    .bind(new.item_key)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO documents (id, application_id, item_key, file_name, content_type, size, sha256, \
                 object_key, master_key_id, wrapped_key, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(id)
                .bind(application)
                .bind(new.item_key)
                .bind(new.file_name)
                .bind(new.content_type)
                .bind(new.size)
                .bind(new.sha256)
                .bind(new.object_key)
                .bind(new.master_key_id)
                .bind(new.wrapped_key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE applications SET updated_at = $2, version = version + 1 WHERE id = $1")
                    .bind(application)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                PutOutcome::Stored { id, replaced }
            });
        Ok(outcome)
    }

    /// Removes a draft's document; returns its object key to delete, or `None` if there is none.
    pub async fn remove_document(&self, account: AccountId, application: Uuid, id: Uuid) -> Result<Option<String>> {
        let q = "DELETE FROM documents WHERE id = $1 AND application_id IN \
                 (SELECT id FROM applications WHERE id = $2 AND account_id = $3 AND stage = 'draft') \
                 RETURNING object_key";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, String>(q)
            .bind(id)
            .bind(application)
            .bind(account.0)
            .fetch_optional(p)
            .await)?)
    }

    /// Whether a row refers to this object (the orphan cleanup keeps those).
    pub async fn object_in_use(&self, object_key: &str) -> Result<bool> {
        let q = "SELECT (SELECT COUNT(*) FROM documents WHERE object_key = $1) \
             + (SELECT COUNT(*) FROM pr_confirmations WHERE photo_object = $1)";
        let n = run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(object_key).fetch_one(p).await)?;
        Ok(n > 0)
    }
}
