//! Document rows. The encrypted object is stored first; the row, written last and in one
//! transaction with the replacement of any earlier file for the same checklist item, makes it
//! part of the application.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::files::{FileRef, Record};
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
    /// The file is not (or no longer) in a state that takes this item.
    NoDraft,
}

/// Attaches a document inside an open transaction (see [`Store::put_document`]); evaluates to a
/// [`PutOutcome`]. The item decides what the file must be: a draft for its checklist, an open
/// request for `request:<id>:<n>`, a submitted file for `message:<id>`.
macro_rules! put_in_tx {
    ($tx:ident, $application:expr, $new:expr, $limit:expr, $now:expr) => {{
        let application: uuid::Uuid = $application;
        let new: &$crate::documents::NewDocument<'_> = $new;
        let request = new
            .item_key
            .strip_prefix("request:")
            .and_then(|r| r.split(':').next())
            .and_then(|r| uuid::Uuid::parse_str(r).ok());
        let attachment = new.item_key.starts_with("message:");
        let fits: i64 = match request {
            None if attachment => {
                sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE id = $1 AND stage <> 'draft'")
                    .bind(application)
                    .fetch_one(&mut *$tx)
                    .await?
            }
            None => {
                sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE id = $1 AND stage = 'draft'")
                    .bind(application)
                    .fetch_one(&mut *$tx)
                    .await?
            }
            Some(rid) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM requests WHERE id = $2 AND status = 'open' AND application_id = $1",
                )
                .bind(application)
                .bind(rid)
                .fetch_one(&mut *$tx)
                .await?
            }
        };
        let others: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM documents WHERE application_id = $1 AND item_key <> $2",
        )
        .bind(application)
        .bind(new.item_key)
        .fetch_one(&mut *$tx)
        .await?;
        if fits != 1 {
            $crate::documents::PutOutcome::NoDraft
        } else if others + new.size > $limit {
            $crate::documents::PutOutcome::OverLimit
        } else {
            let id = uuid::Uuid::new_v4();
            let replaced: Vec<String> =
                sqlx::query_scalar("SELECT object_key FROM documents WHERE application_id = $1 AND item_key = $2")
                    .bind(application)
                    .bind(new.item_key)
                    .fetch_all(&mut *$tx)
                    .await?;
            sqlx::query("DELETE FROM documents WHERE application_id = $1 AND item_key = $2")
                .bind(application)
                .bind(new.item_key)
                .execute(&mut *$tx)
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
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            sqlx::query("UPDATE applications SET updated_at = $2, version = version + 1 WHERE id = $1")
                .bind(application)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
            $crate::documents::PutOutcome::Stored { id, replaced }
        }
    }};
}

impl Store {
    pub async fn documents_of(&self, file: &FileRef) -> Result<Vec<DocumentRecord>> {
        let q = "SELECT id, application_id, item_key, file_name, content_type, size, sha256, object_key, \
                 master_key_id, wrapped_key, uploaded_at FROM documents WHERE application_id = $1 ORDER BY uploaded_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, DocumentRecord>(q).bind(file.id()).fetch_all(p).await)?)
    }

    pub async fn document(&self, file: &FileRef, id: Uuid) -> Result<Option<DocumentRecord>> {
        let q = "SELECT id, application_id, item_key, file_name, content_type, size, sha256, object_key, \
                 master_key_id, wrapped_key, uploaded_at FROM documents WHERE id = $1 AND application_id = $2";
        Ok(run!(self.db, |p| sqlx::query_as::<_, DocumentRecord>(q).bind(id).bind(file.id()).fetch_optional(p).await)?)
    }

    /// Attaches a stored object to a file's item (a draft's checklist item, an open request's
    /// item, a message's attachment), replacing the item's earlier file, with its audit entry.
    pub async fn put_document(
        &self,
        file: &FileRef,
        new: &NewDocument<'_>,
        limit: i64,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<PutOutcome> {
        let application = file.id();
        let outcome = in_tx!(self.db, |tx| {
            let out = put_in_tx!(tx, application, new, limit, now);
            if matches!(out, PutOutcome::Stored { .. }) {
                record!(tx, application, rec, now);
            }
            out
        });
        Ok(outcome)
    }

    /// Removes a draft's document with its audit entry; returns its object key to delete, or
    /// `None` if there is none.
    pub async fn remove_document(
        &self,
        file: &FileRef,
        id: Uuid,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let q = "DELETE FROM documents WHERE id = $1 AND application_id IN \
                 (SELECT id FROM applications WHERE id = $2 AND stage = 'draft') RETURNING object_key";
        let application = file.id();
        let removed = in_tx!(self.db, |tx| {
            let object: Option<String> =
                sqlx::query_scalar(q).bind(id).bind(application).fetch_optional(&mut *tx).await?;
            if object.is_some() {
                record!(tx, application, rec, now);
            }
            object
        });
        Ok(removed)
    }

    /// Whether a row refers to this object (the orphan cleanup keeps those).
    pub async fn object_in_use(&self, object_key: &str) -> Result<bool> {
        let q = "SELECT (SELECT COUNT(*) FROM documents WHERE object_key = $1) \
             + (SELECT COUNT(*) FROM pr_confirmations WHERE photo_object = $1)";
        let n = run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(object_key).fetch_one(p).await)?;
        Ok(n > 0)
    }
}
