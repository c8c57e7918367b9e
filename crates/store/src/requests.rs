//! Document requests: made by an officer with their letter, email and step change; answered by
//! the applicant with uploads; extended on request; reminded before and on the deadline, each
//! reminder recorded with its email so it is sent once.

use chrono::{DateTime, Utc};
use portail_domain::application::status::{Step, StepState};
use uuid::Uuid;

use crate::files::{FileRef, Record};
use crate::office::Outcome;
use crate::outbox::{NewMail, insert_mail};
use crate::{Result, SET_STEP, Store};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestRecord {
    pub id: Uuid,
    pub application_id: Uuid,
    /// JSON: `[{"en": "...", "fr": "..."}]`.
    pub items: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub status: String,
    pub answered_at: Option<DateTime<Utc>>,
    pub extension_reason: Option<String>,
    pub extension_requested_at: Option<DateTime<Utc>>,
    pub extension_decision: Option<String>,
}

pub struct NewRequest<'a> {
    pub items: &'a str,
    pub note: &'a str,
    pub deadline: DateTime<Utc>,
    pub expected_version: i64,
    pub letter_params: &'a str,
}

/// An open request whose reminders may be due, with where to send them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenRequest {
    pub id: Uuid,
    pub application_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub email: String,
    pub lang: String,
}

const SELECT: &str = "SELECT id, application_id, items, note, created_at, deadline, status, answered_at, \
     extension_reason, extension_requested_at, extension_decision FROM requests";

/// Bumps a file's version if nobody changed it since `$3`: $1 file, $2 now, $3 expected version.
const BUMP_VERSION: &str =
    "UPDATE applications SET version = version + 1, updated_at = $2 WHERE id = $1 AND version = $3";

impl Store {
    /// Creates a request on a file that has not changed since `expected_version`, with its
    /// letter, step, timeline entry, mail and audit entry.
    pub async fn create_request(
        &self,
        file: &FileRef,
        r: &NewRequest<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<Outcome> {
        let application = file.id();
        let outcome = in_tx!(self.db, |tx| {
            let n = sqlx::query(BUMP_VERSION)
                .bind(application)
                .bind(now)
                .bind(r.expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                Outcome::Stale
            } else {
                sqlx::query(
                    "INSERT INTO requests (id, application_id, items, note, created_at, deadline, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'open')",
                )
                .bind(Uuid::new_v4())
                .bind(application)
                .bind(r.items)
                .bind(r.note)
                .bind(now)
                .bind(r.deadline)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO letters (id, application_id, kind, params, created_at) \
                     VALUES ($1, $2, 'document_request', $3, $4)",
                )
                .bind(Uuid::new_v4())
                .bind(application)
                .bind(r.letter_params)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(SET_STEP)
                    .bind(application)
                    .bind(Step::AdditionalDocuments.as_str())
                    .bind(StepState::WaitingOnYou.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                record!(tx, application, rec, now);
                Outcome::Done
            }
        });
        Ok(outcome)
    }

    /// A file's requests, newest first.
    pub async fn requests_of(&self, file: &FileRef) -> Result<Vec<RequestRecord>> {
        let q = format!("{SELECT} WHERE application_id = $1 ORDER BY created_at DESC");
        Ok(run!(self.db, |p| sqlx::query_as::<_, RequestRecord>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(file.id())
            .fetch_all(p)
            .await)?)
    }

    /// One request of the file, or `None`.
    pub async fn request(&self, file: &FileRef, id: Uuid) -> Result<Option<RequestRecord>> {
        let q = format!("{SELECT} WHERE id = $1 AND application_id = $2");
        Ok(run!(self.db, |p| sqlx::query_as::<_, RequestRecord>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(id)
            .bind(file.id())
            .fetch_optional(p)
            .await)?)
    }

    /// The applicant sends their answer; false if the request is not open.
    pub async fn answer_request(&self, file: &FileRef, id: Uuid, rec: &Record<'_>, now: DateTime<Utc>) -> Result<bool> {
        let application = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE requests SET status = 'answered', answered_at = $3 WHERE id = $1 AND status = 'open' \
                 AND application_id = $2",
            )
            .bind(id)
            .bind(application)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                sqlx::query("UPDATE applications SET version = version + 1, updated_at = $2 WHERE id = $1")
                    .bind(application)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(SET_STEP)
                    .bind(application)
                    .bind(Step::AdditionalDocuments.as_str())
                    .bind(StepState::InProgress.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                record!(tx, application, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// The applicant asks for more time, once, before the deadline.
    pub async fn ask_extension(
        &self,
        file: &FileRef,
        id: Uuid,
        reason: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let application = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE requests SET extension_reason = $3, extension_requested_at = $4 WHERE id = $1 AND status = 'open' \
                 AND deadline > $4 AND extension_requested_at IS NULL AND application_id = $2",
            )
            .bind(id)
            .bind(application)
            .bind(reason)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                record!(tx, application, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// An officer grants (moving the deadline) or refuses an asked extension.
    pub async fn decide_extension(
        &self,
        file: &FileRef,
        id: Uuid,
        new_deadline: Option<DateTime<Utc>>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let decision = if new_deadline.is_some() { "granted" } else { "refused" };
        let application = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE requests SET extension_decision = $3, deadline = COALESCE($4, deadline) WHERE id = $1 \
                 AND application_id = $2 AND extension_requested_at IS NOT NULL AND extension_decision IS NULL \
                 AND status = 'open'",
            )
            .bind(id)
            .bind(application)
            .bind(decision)
            .bind(new_deadline)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                record!(tx, application, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// Open requests with the owner's address and language (for reminders).
    pub async fn open_requests(&self) -> Result<Vec<OpenRequest>> {
        let q = "SELECT r.id, r.application_id, r.created_at, r.deadline, ac.email, ac.lang FROM requests r \
                 JOIN applications a ON a.id = r.application_id JOIN accounts ac ON ac.id = a.account_id \
                 WHERE r.status = 'open'";
        Ok(run!(self.db, |p| sqlx::query_as::<_, OpenRequest>(q).fetch_all(p).await)?)
    }

    /// Records a reminder and queues its email together; false (and no email) if it was already
    /// recorded — by this worker before a restart, or by another node.
    pub async fn record_reminder(
        &self,
        request: Uuid,
        kind: &str,
        mails: &[NewMail],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "INSERT INTO request_reminders (request_id, kind, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(request)
            .bind(kind)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                for mail in mails {
                    insert_mail!(tx, mail, now);
                }
            }
            n == 1
        });
        Ok(done)
    }
}
