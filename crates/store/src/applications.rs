//! Applications: drafts the applicant fills in, then submitted files. Every query names the
//! owner, so another person's id simply finds nothing.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::{Answers, Member, Stage};
use uuid::Uuid;

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
struct Row {
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

const SELECT_ONE: &str = "SELECT id, account_id, type_id, stage, number, answers, members, version, \
     created_at, updated_at, submitted_at FROM applications WHERE id = $1 AND account_id = $2";
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
    pub async fn create_draft(&self, account: AccountId, type_id: &str, now: DateTime<Utc>) -> Result<Uuid> {
        let id = Uuid::new_v4();
        in_tx!(self.db, |tx| {
            sqlx::query(
                "INSERT INTO applications (id, account_id, type_id, stage, answers, members, version, \
                 created_at, updated_at) VALUES ($1, $2, $3, 'draft', '{}', '[]', 1, $4, $4)",
            )
            .bind(id)
            .bind(account.0)
            .bind(type_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO application_events (id, application_id, at, kind, detail) \
                 VALUES ($1, $2, $3, 'draft_started', '')",
            )
            .bind(Uuid::new_v4())
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        });
        Ok(id)
    }

    /// One application of this account, or `None` (also when it is someone else's).
    pub async fn application(&self, account: AccountId, id: Uuid) -> Result<Option<Application>> {
        let row =
            run!(self.db, |p| sqlx::query_as::<_, Row>(SELECT_ONE).bind(id).bind(account.0).fetch_optional(p).await)?;
        row.map(Application::try_from).transpose()
    }

    pub async fn applications_of(&self, account: AccountId) -> Result<Vec<Application>> {
        let rows = run!(self.db, |p| sqlx::query_as::<_, Row>(SELECT_OF).bind(account.0).fetch_all(p).await)?;
        rows.into_iter().map(Application::try_from).collect()
    }

    /// Saves a draft's answers and members if nobody saved since `version` was read; false when
    /// the draft changed meanwhile (or is no longer a draft).
    pub async fn save_draft(
        &self,
        account: AccountId,
        id: Uuid,
        draft: &DraftContent<'_>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let DraftContent { answers, members, version } = *draft;
        let q = "UPDATE applications SET answers = $3, members = $4, version = version + 1, \
                 updated_at = $5 WHERE id = $1 AND account_id = $2 AND version = $6 AND stage = 'draft'";
        let (a, m) = (json(answers)?, json(&members)?);
        let target = id.to_string();
        let entry = crate::audit::AuditEntry { actor, action: "draft_saved", target: &target, detail: "" };
        let saved = in_tx!(self.db, |tx| {
            let n = sqlx::query(q)
                .bind(id)
                .bind(account.0)
                .bind(&a)
                .bind(&m)
                .bind(now)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                audit!(tx, &entry, now);
            }
            n == 1
        });
        Ok(saved)
    }

    /// Deletes a draft (never a submitted file); false if there was no such draft.
    pub async fn delete_draft(&self, account: AccountId, id: Uuid) -> Result<bool> {
        let q = "DELETE FROM applications WHERE id = $1 AND account_id = $2 AND stage = 'draft'";
        let n = run!(self.db, |p| sqlx::query(q).bind(id).bind(account.0).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
