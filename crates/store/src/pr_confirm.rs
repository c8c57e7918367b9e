//! PR confirmation of a file: the person's three tasks (presence, address, photo), the officer's
//! review of each (accept, or send back with a reason), the eCOPR letter and the PR card. Each
//! change is one conditional statement or transaction, so a task cannot change under a review.

use chrono::{DateTime, Utc};
use portail_domain::pr::{CardStatus, TaskState};
use uuid::Uuid;

use crate::files::{FileRef, Record};
use crate::{Result, Store, StoreError};

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

    /// The state column of this task.
    fn column(self) -> &'static str {
        match self {
            Task::Presence => "presence_state",
            Task::Address => "address_state",
            Task::Photo => "photo_state",
        }
    }

    /// The state of this task in `c`.
    pub fn state_in(self, c: &PrConfirmation) -> TaskState {
        match self {
            Task::Presence => c.presence_state,
            Task::Address => c.address_state,
            Task::Photo => c.photo_state,
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

/// A change of one task's state, decided by the domain's transition table: `from` is the
/// state it was read in, so a task cannot change under a review.
#[derive(Clone, Copy)]
pub struct TaskChange<'a> {
    pub task: Task,
    pub from: TaskState,
    pub to: TaskState,
    /// The officer's reason, when sent back (shown to the person).
    pub note: &'a str,
}

/// What the person gives for a task.
pub enum Given<'a> {
    Presence { presence: &'a str, entered_on: Option<&'a str> },
    Address { line: &'a str, city: &'a str, province: &'a str, postal_code: &'a str },
    Photo(&'a StoredPhoto),
}

/// $1 file, $2 the state it was read in, $3 now, then the values.
fn give_sql(given: &Given<'_>) -> &'static str {
    match given {
        Given::Presence { .. } => {
            "UPDATE pr_confirmations SET presence_state = 'submitted', updated_at = $3, presence = $4, entered_on = $5 \
             WHERE application_id = $1 AND presence_state = $2"
        }
        Given::Address { .. } => {
            "UPDATE pr_confirmations SET address_state = 'submitted', updated_at = $3, details_confirmed = TRUE, \
             address_line = $4, city = $5, province = $6, postal_code = $7 WHERE application_id = $1 AND address_state = $2"
        }
        Given::Photo(_) => {
            "UPDATE pr_confirmations SET photo_state = 'submitted', updated_at = $3, photo_object = $4, \
             photo_master_id = $5, photo_wrapped_key = $6, photo_sha256 = $7, photo_size = $8 \
             WHERE application_id = $1 AND photo_state = $2"
        }
    }
}

impl Store {
    /// The PR confirmation of a file: all tasks to do until the file's row says otherwise (the
    /// row is written when the file moves to the PR portal; reading never writes).
    pub async fn pr_confirmation(&self, file: &FileRef, now: DateTime<Utc>) -> Result<PrConfirmation> {
        let q = "SELECT presence, entered_on, presence_state, presence_note, address_line, city, province, \
             postal_code, address_state, address_note, photo_size, photo_state, photo_note, ecopr_letter, \
             ecopr_issued_at, card_status, updated_at FROM pr_confirmations WHERE application_id = $1";
        let row = run!(self.db, |p| sqlx::query_as::<_, Row>(q).bind(file.id()).fetch_optional(p).await)?;
        row.map(PrConfirmation::try_from).transpose().map(|c| c.unwrap_or_else(|| PrConfirmation::new(now)))
    }

    /// Records what the person gives for a task still in state `from` (open to them), with its
    /// record; returns the photo object it replaces (to delete), or `None` in `Ok(None)` when
    /// the task changed meanwhile.
    pub async fn give_pr_task(
        &self,
        file: &FileRef,
        from: TaskState,
        given: &Given<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<Option<String>>> {
        let id = file.id();
        let out = in_tx!(self.db, |tx| {
            let old: Option<String> = if matches!(given, Given::Photo(_)) {
                sqlx::query_scalar::<_, Option<String>>(
                    "SELECT photo_object FROM pr_confirmations WHERE application_id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .flatten()
            } else {
                None
            };
            let q = sqlx::query(give_sql(given)).bind(id).bind(from.as_str()).bind(now);
            let q = match given {
                Given::Presence { presence, entered_on } => q.bind(*presence).bind(*entered_on),
                Given::Address { line, city, province, postal_code } => {
                    q.bind(*line).bind(*city).bind(*province).bind(*postal_code)
                }
                Given::Photo(p) => q
                    .bind(&p.photo_object)
                    .bind(&p.photo_master_id)
                    .bind(&p.photo_wrapped_key)
                    .bind(&p.photo_sha256)
                    .bind(p.photo_size),
            };
            let n = q.execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                record!(tx, id, rec, now);
                Some(old)
            } else {
                None
            }
        });
        Ok(out)
    }

    pub async fn pr_photo(&self, file: &FileRef) -> Result<Option<StoredPhoto>> {
        let q = "SELECT photo_object, photo_master_id, photo_wrapped_key, photo_sha256, photo_size \
             FROM pr_confirmations WHERE application_id = $1 AND photo_object IS NOT NULL";
        Ok(run!(self.db, |p| sqlx::query_as::<_, StoredPhoto>(q).bind(file.id()).fetch_optional(p).await)?)
    }

    /// An officer accepts a submitted task, or sends it back with a reason; false when the task
    /// is no longer in the state it was read in.
    pub async fn review_pr_task(
        &self,
        file: &FileRef,
        change: &TaskChange<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let TaskChange { task, from, to, note } = *change;
        let col = task.column();
        let note_col = col.replace("_state", "_note");
        let q = format!(
            "UPDATE pr_confirmations SET {col} = $2, {note_col} = $3, updated_at = $4 \
             WHERE application_id = $1 AND {col} = $5"
        );
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(sqlx::AssertSqlSafe(q.as_str()))
                .bind(id)
                .bind(to.as_str())
                .bind(note)
                .bind(now)
                .bind(from.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                record!(tx, id, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// Issues the eCOPR once the three tasks are accepted: the letter, the card in production,
    /// the record. False when not ready or already issued.
    pub async fn issue_ecopr(
        &self,
        file: &FileRef,
        letter_params: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let letter = Uuid::new_v4();
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE pr_confirmations SET ecopr_letter = $2, ecopr_issued_at = $3, card_status = $4, \
                 updated_at = $3 WHERE application_id = $1 AND ecopr_letter IS NULL AND presence_state = $5 \
                 AND address_state = $5 AND photo_state = $5 AND card_status = $6",
            )
            .bind(id)
            .bind(letter)
            .bind(now)
            .bind(CardStatus::InProduction.as_str())
            .bind(TaskState::Accepted.as_str())
            .bind(CardStatus::NotStarted.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                sqlx::query(
                    "INSERT INTO letters (id, application_id, kind, params, created_at) VALUES ($1, $2, 'ecopr', $3, $4)",
                )
                .bind(letter)
                .bind(id)
                .bind(letter_params)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                record!(tx, id, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// Moves the PR card from `from` to `to` (the domain's `card_next`); false when it moved
    /// meanwhile.
    pub async fn move_card(
        &self,
        file: &FileRef,
        from: CardStatus,
        to: CardStatus,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE pr_confirmations SET card_status = $3, updated_at = $4 WHERE application_id = $1 AND card_status = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                record!(tx, id, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// A number that changes whenever something the PR portal shows about a file changes: its
    /// confirmation, its timeline, its letters and messages (for live updates).
    pub async fn pr_file_version(&self, file: &FileRef) -> Result<i64> {
        let q = "SELECT (SELECT COUNT(*) FROM application_events WHERE application_id = $1) \
             + (SELECT COUNT(*) FROM letters WHERE application_id = $1) \
             + (SELECT COUNT(*) FROM messages WHERE application_id = $1)";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(file.id()).fetch_one(p).await)?)
    }
}
