//! PR confirmation of a file: the person's three tasks (presence, address, photo), the officer's
//! review of each (accept, or send back with a reason), the eCOPR letter and the PR card. Each
//! change is one conditional statement or transaction, so a task cannot change under a review.

use chrono::{DateTime, Utc};
use portail_domain::pr::{CardStatus, TaskState};
use uuid::Uuid;

use crate::audit::AuditEntry;
use crate::outbox::{NewMail, insert_mail};
use crate::{EVENT, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Presence,
    Address,
    Photo,
}

impl Task {
    pub fn parse(s: &str) -> Option<Task> {
        Some(match s {
            "presence" => Task::Presence,
            "address" => Task::Address,
            "photo" => Task::Photo,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Task::Presence => "presence",
            Task::Address => "address",
            Task::Photo => "photo",
        }
    }

    /// The review statement of this task: $1 file, $2 new state, $3 note, $4 now.
    fn review_sql(self) -> &'static str {
        match self {
            Task::Presence => {
                "UPDATE pr_confirmations SET presence_state = $2, presence_note = $3, updated_at = $4 \
                 WHERE application_id = $1 AND presence_state = 'submitted'"
            }
            Task::Address => {
                "UPDATE pr_confirmations SET address_state = $2, address_note = $3, updated_at = $4 \
                 WHERE application_id = $1 AND address_state = 'submitted'"
            }
            Task::Photo => {
                "UPDATE pr_confirmations SET photo_state = $2, photo_note = $3, updated_at = $4 \
                 WHERE application_id = $1 AND photo_state = 'submitted'"
            }
        }
    }
}

/// Where a file's PR confirmation stands.
#[derive(Debug, Clone)]
pub struct PrConfirmation {
    pub presence: Option<String>,
    pub entered_on: Option<String>,
    pub presence_state: TaskState,
    pub presence_note: String,
    pub address_line: String,
    pub city: String,
    pub province: String,
    pub postal_code: String,
    pub address_state: TaskState,
    pub address_note: String,
    pub photo_size: Option<i64>,
    pub photo_state: TaskState,
    pub photo_note: String,
    pub ecopr_letter: Option<Uuid>,
    pub ecopr_issued_at: Option<DateTime<Utc>>,
    pub card_status: CardStatus,
    pub updated_at: DateTime<Utc>,
}

/// Starts a file's PR confirmation when it moves to the PR portal ($1 file, $2 now); a file that
/// moves again keeps what it has.
pub(crate) const START_PR_CONFIRMATION: &str = "INSERT INTO pr_confirmations (application_id, updated_at) \
     VALUES ($1, $2) ON CONFLICT (application_id) DO NOTHING";

impl PrConfirmation {
    /// Nothing given yet.
    fn new(now: DateTime<Utc>) -> PrConfirmation {
        PrConfirmation {
            presence: None,
            entered_on: None,
            presence_state: TaskState::Todo,
            presence_note: String::new(),
            address_line: String::new(),
            city: String::new(),
            province: String::new(),
            postal_code: String::new(),
            address_state: TaskState::Todo,
            address_note: String::new(),
            photo_size: None,
            photo_state: TaskState::Todo,
            photo_note: String::new(),
            ecopr_letter: None,
            ecopr_issued_at: None,
            card_status: CardStatus::NotStarted,
            updated_at: now,
        }
    }

    pub fn tasks(&self) -> [TaskState; 3] {
        [self.presence_state, self.address_state, self.photo_state]
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    presence: Option<String>,
    entered_on: Option<String>,
    presence_state: String,
    presence_note: String,
    address_line: String,
    city: String,
    province: String,
    postal_code: String,
    address_state: String,
    address_note: String,
    photo_size: Option<i64>,
    photo_state: String,
    photo_note: String,
    ecopr_letter: Option<Uuid>,
    ecopr_issued_at: Option<DateTime<Utc>>,
    card_status: String,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for PrConfirmation {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<PrConfirmation> {
        let state = |s: &str| TaskState::parse(s).ok_or(StoreError::Corrupt("pr task state"));
        Ok(PrConfirmation {
            presence: r.presence,
            entered_on: r.entered_on,
            presence_state: state(&r.presence_state)?,
            presence_note: r.presence_note,
            address_line: r.address_line,
            city: r.city,
            province: r.province,
            postal_code: r.postal_code,
            address_state: state(&r.address_state)?,
            address_note: r.address_note,
            photo_size: r.photo_size,
            photo_state: state(&r.photo_state)?,
            photo_note: r.photo_note,
            ecopr_letter: r.ecopr_letter,
            ecopr_issued_at: r.ecopr_issued_at,
            card_status: CardStatus::parse(&r.card_status).ok_or(StoreError::Corrupt("card status"))?,
            updated_at: r.updated_at,
        })
    }
}

/// The stored (encrypted) photo.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredPhoto {
    pub photo_object: String,
    pub photo_master_id: String,
    pub photo_wrapped_key: Vec<u8>,
    pub photo_sha256: String,
    pub photo_size: i64,
}

/// An officer's decision on one task.
#[derive(Clone, Copy)]
pub struct Review<'a> {
    pub task: Task,
    pub accept: bool,
    /// The reason, when sent back (shown to the person).
    pub note: &'a str,
    pub mails: &'a [NewMail],
    pub audit: &'a AuditEntry<'a>,
}

/// The eCOPR as the office issues it.
pub struct NewEcopr<'a> {
    pub letter_params: &'a str,
    pub mails: &'a [NewMail],
    pub audit: AuditEntry<'a>,
}

impl Store {
    /// The PR confirmation of a file: all tasks to do until the file's row says otherwise (the
    /// row is written when the file moves to the PR portal; reading never writes).
    pub async fn pr_confirmation(&self, application: Uuid, now: DateTime<Utc>) -> Result<PrConfirmation> {
        let q = "SELECT presence, entered_on, presence_state, presence_note, address_line, city, province, \
             postal_code, address_state, address_note, photo_size, photo_state, photo_note, ecopr_letter, \
             ecopr_issued_at, card_status, updated_at FROM pr_confirmations WHERE application_id = $1";
        let row = run!(self.db, |p| sqlx::query_as::<_, Row>(q).bind(application).fetch_optional(p).await)?;
        row.map(PrConfirmation::try_from).transpose().map(|c| c.unwrap_or_else(|| PrConfirmation::new(now)))
    }

    /// Records a declaration of presence while the task is open to the person.
    pub async fn declare_presence(
        &self,
        application: Uuid,
        presence: &str,
        entered_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let q = "UPDATE pr_confirmations SET presence = $2, entered_on = $3, presence_state = 'submitted', \
             updated_at = $4 WHERE application_id = $1 AND presence_state IN ('todo', 'returned')";
        self.pr_task_change(q, application, &[presence, entered_on.unwrap_or("")], now).await
    }

    /// Records the confirmed details and mailing address while the task is open to the person.
    pub async fn set_mailing_address(
        &self,
        application: Uuid,
        line: &str,
        city: &str,
        province: &str,
        postal_code: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let q = "UPDATE pr_confirmations SET details_confirmed = TRUE, address_line = $2, city = $3, province = $4, \
             postal_code = $5, address_state = 'submitted', updated_at = $6 \
             WHERE application_id = $1 AND address_state IN ('todo', 'returned')";
        let done = run!(self.db, |p| sqlx::query(q)
            .bind(application)
            .bind(line)
            .bind(city)
            .bind(province)
            .bind(postal_code)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    async fn pr_task_change(&self, q: &str, application: Uuid, values: &[&str; 2], now: DateTime<Utc>) -> Result<bool> {
        let entered = Some(values[1]).filter(|v| !v.is_empty());
        let done = run!(self.db, |p| sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(application)
            .bind(values[0])
            .bind(entered)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Records a photo while the task is open to the person; returns the object of the photo it
    /// replaces (to delete), or `Err(false)`-like `None` in `Ok(None)` when the task was closed.
    pub async fn set_pr_photo(
        &self,
        application: Uuid,
        photo: &StoredPhoto,
        now: DateTime<Utc>,
    ) -> Result<Option<Option<String>>> {
        let mut out = None;
        in_tx!(self.db, |tx| {
            let old: Option<Option<String>> = sqlx::query_scalar(
                "SELECT photo_object FROM pr_confirmations WHERE application_id = $1 \
                 AND photo_state IN ('todo', 'returned')",
            )
            .bind(application)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(old) = old {
                sqlx::query(
                    "UPDATE pr_confirmations SET photo_object = $2, photo_master_id = $3, photo_wrapped_key = $4, \
                     photo_sha256 = $5, photo_size = $6, photo_state = 'submitted', updated_at = $7 \
                     WHERE application_id = $1",
                )
                .bind(application)
                .bind(&photo.photo_object)
                .bind(&photo.photo_master_id)
                .bind(&photo.photo_wrapped_key)
                .bind(&photo.photo_sha256)
                .bind(photo.photo_size)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                out = Some(old);
            }
        });
        Ok(out)
    }

    pub async fn pr_photo(&self, application: Uuid) -> Result<Option<StoredPhoto>> {
        let q = "SELECT photo_object, photo_master_id, photo_wrapped_key, photo_sha256, photo_size \
             FROM pr_confirmations WHERE application_id = $1 AND photo_object IS NOT NULL";
        Ok(run!(self.db, |p| sqlx::query_as::<_, StoredPhoto>(q).bind(application).fetch_optional(p).await)?)
    }

    /// An officer accepts a submitted task, or sends it back with a reason (mailed to the
    /// person). False when the task is not waiting for review.
    pub async fn review_pr_task(&self, application: Uuid, r: &Review<'_>, now: DateTime<Utc>) -> Result<bool> {
        let Review { task, accept, note, mails, audit } = *r;
        let state = if accept { TaskState::Accepted } else { TaskState::Returned };
        let mut done = false;
        in_tx!(self.db, |tx| {
            let n = sqlx::query(task.review_sql())
                .bind(application)
                .bind(state.as_str())
                .bind(note)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                done = true;
                let kind = format!("pr_{}_{}", task.as_str(), if accept { "accepted" } else { "returned" });
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(application)
                    .bind(now)
                    .bind(&kind)
                    .bind(note)
                    .execute(&mut *tx)
                    .await?;
                for m in mails {
                    insert_mail!(tx, m, now);
                }
                audit!(tx, audit, now);
            }
        });
        Ok(done)
    }

    /// Issues the eCOPR once the three tasks are accepted: the letter, the email, the card in
    /// production. False when not ready or already issued.
    pub async fn issue_ecopr(&self, application: Uuid, e: &NewEcopr<'_>, now: DateTime<Utc>) -> Result<bool> {
        let letter = Uuid::new_v4();
        let mut done = false;
        in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE pr_confirmations SET ecopr_letter = $2, ecopr_issued_at = $3, card_status = 'in_production', \
                 updated_at = $3 WHERE application_id = $1 AND ecopr_letter IS NULL AND presence_state = 'accepted' \
                 AND address_state = 'accepted' AND photo_state = 'accepted'",
            )
            .bind(application)
            .bind(letter)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                done = true;
                sqlx::query("INSERT INTO letters (id, application_id, kind, params, created_at) VALUES ($1, $2, 'ecopr', $3, $4)")
                    .bind(letter)
                    .bind(application)
                    .bind(e.letter_params)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(application)
                    .bind(now)
                    .bind("ecopr_issued")
                    .bind("")
                    .execute(&mut *tx)
                    .await?;
                for m in e.mails {
                    insert_mail!(tx, m, now);
                }
                audit!(tx, &e.audit, now);
            }
        });
        Ok(done)
    }

    /// The PR card was mailed (after the eCOPR).
    pub async fn mark_card_mailed(
        &self,
        application: Uuid,
        audit: &AuditEntry<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut done = false;
        in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE pr_confirmations SET card_status = 'mailed', updated_at = $2 \
                 WHERE application_id = $1 AND card_status = 'in_production'",
            )
            .bind(application)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                done = true;
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(application)
                    .bind(now)
                    .bind("pr_card_mailed")
                    .bind("")
                    .execute(&mut *tx)
                    .await?;
                audit!(tx, audit, now);
            }
        });
        Ok(done)
    }

    /// A number that changes whenever something the PR portal shows about a file changes: its
    /// confirmation, its timeline, its letters and messages (for live updates).
    pub async fn pr_file_version(&self, application: Uuid) -> Result<i64> {
        let q = "SELECT (SELECT COUNT(*) FROM application_events WHERE application_id = $1) \
             + (SELECT COUNT(*) FROM letters WHERE application_id = $1) \
             + (SELECT COUNT(*) FROM messages WHERE application_id = $1)";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(application).fetch_one(p).await)?)
    }
}
