//! Applications: drafts the applicant fills in, then submitted files. A file's data is reached
//! through a [`FileRef`] (see `files.rs`); listing one's own files takes one's own account.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::{Answers, Member, Stage};
use uuid::Uuid;

use crate::files::{FileRef, Record};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub id: Uuid,
    pub account_id: AccountId,
    pub type_id: String,
    pub stage: Stage,
    pub number: Option<String>,
    pub answers: Answers,
    pub members: Vec<Member>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: Uuid,
    account_id: Uuid,
    type_id: String,
    stage: String,
    number: Option<String>,
    answers: String,
    members: String,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
}

impl TryFrom<Row> for Application {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Application> {
        Ok(Application {
            id: r.id,
            account_id: AccountId(r.account_id),
            type_id: r.type_id,
            stage: Stage::parse(&r.stage).ok_or(StoreError::Corrupt("stage"))?,
            number: r.number,
            answers: serde_json::from_str(&r.answers).map_err(|_| StoreError::Corrupt("answers"))?,
            members: serde_json::from_str(&r.members).map_err(|_| StoreError::Corrupt("members"))?,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
        })
    }
}

const SELECT_OF: &str = "SELECT id, account_id, type_id, stage, number, answers, members, version, \
     created_at, updated_at, submitted_at FROM applications WHERE account_id = $1 \
     ORDER BY created_at DESC";

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(Box::new(e)))
}

/// What a draft save writes, with the version it was read at.
#[derive(Clone, Copy)]
pub struct DraftContent<'a> {
    pub answers: &'a Answers,
    pub members: &'a [Member],
    pub version: i64,
}

impl Store {
    /// Starts draft `id` of `type_id` for `owner`, with its timeline entry and audit entry.
    pub async fn create_draft(
        &self,
        owner: AccountId,
        id: Uuid,
        type_id: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        // An id already taken (a retried request with the same idempotency key) writes nothing.
        let created = in_tx!(self.db, |tx| {
            let inserted = sqlx::query(
                "INSERT INTO applications (id, account_id, type_id, stage, answers, members, version, \
                 created_at, updated_at) VALUES ($1, $2, $3, 'draft', '{}', '[]', 1, $4, $4) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(owner.0)
            .bind(type_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 1 {
                record!(tx, id, rec, now);
            }
            inserted == 1
        });
        Ok(created)
    }

    /// The owner's own files, newest first.
    pub async fn applications_of(&self, owner: AccountId) -> Result<Vec<Application>> {
        let rows = run!(self.db, |p| sqlx::query_as::<_, Row>(SELECT_OF).bind(owner.0).fetch_all(p).await)?;
        rows.into_iter().map(Application::try_from).collect()
    }

    /// Saves a draft's answers and members if nobody saved since `version` was read; false when
    /// the draft changed meanwhile (or is no longer a draft).
    pub async fn save_draft(
        &self,
        file: &FileRef,
        draft: &DraftContent<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let DraftContent { answers, members, version } = *draft;
        let q = "UPDATE applications SET answers = $2, members = $3, version = version + 1, \
                 updated_at = $4 WHERE id = $1 AND version = $5 AND stage = 'draft'";
        let (a, m) = (json(answers)?, json(&members)?);
        let id = file.id();
        let saved = in_tx!(self.db, |tx| {
            let n = sqlx::query(q)
                .bind(id)
                .bind(&a)
                .bind(&m)
                .bind(now)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                record!(tx, id, rec, now);
            }
            n == 1
        });
        Ok(saved)
    }

    /// Deletes a draft (never a submitted file) with its audit entry; false if there was no such
    /// draft. Its documents go with it; their objects are returned, to delete.
    pub async fn delete_draft(
        &self,
        file: &FileRef,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<String>>> {
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let objects: Vec<String> = sqlx::query_scalar("SELECT object_key FROM documents WHERE application_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM applications WHERE id = $1 AND stage = 'draft'")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                audit!(tx, &rec.audit, now);
                Some(objects)
            } else {
                None
            }
        });
        Ok(done)
    }
}
