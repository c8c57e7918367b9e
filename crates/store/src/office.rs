//! What the back office reads and changes. Staff reach every submitted file (`Reach::Office`);
//! every change checks the file's version (two officers acting at once cannot both win) and
//! writes its letter and its [`Record`] in the same transaction.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState};
use uuid::Uuid;

use crate::files::{FileRef, Record};
use crate::{Result, SET_STEP, Store};

#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub type_id: Option<String>,
    pub stage: Option<Stage>,
    /// An application number, or part of a name, lower-cased.
    pub search: Option<String>,
    pub assigned_to: Option<AccountId>,
    /// Only files submitted before this moment (age filter).
    pub submitted_before: Option<DateTime<Utc>>,
    /// Only files with this processing step in this state.
    pub step: Option<(Step, StepState)>,
    /// Only files after this one in the queue's order (a page's cursor: its last file).
    pub after: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QueueRow {
    pub id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<Uuid>,
    pub answers: String,
    /// Open requests past their deadline.
    pub overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Note {
    pub author: String,
    pub at: DateTime<Utc>,
    pub body: String,
    /// Part of the file: the applicant reads it in the history (otherwise staff only).
    pub on_file: bool,
}

/// A note an officer writes on a file.
pub struct NewNote<'a> {
    pub author: &'a str,
    pub body: &'a str,
    pub on_file: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LetterRecord {
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: String,
    pub params: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A letter to write with a change.
pub struct NewLetter<'a> {
    pub kind: &'a str,
    /// The values the letter shows, as JSON (rendered in the reader's language when opened).
    pub params: &'a str,
}

/// A change decided by an officer: a new stage (or the same), a letter, a step.
pub struct Transition<'a> {
    pub from: Stage,
    pub to: Stage,
    pub expected_version: i64,
    pub letter: Option<NewLetter<'a>>,
    /// A processing step to set in the same change.
    pub step: Option<(Step, StepState)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Someone changed the file since it was read: reload and decide again.
    Stale,
}

const LETTER_COLUMNS: &str = "SELECT l.id, l.application_id, l.kind, l.params, l.created_at, l.read_at FROM letters l";

impl Store {
    /// The work queue: submitted files matching `f` (the policy lets only staff ask).
    pub async fn queue(&self, f: &QueueFilter, limit: i64, now: DateTime<Utc>) -> Result<Vec<QueueRow>> {
        let q = "SELECT id, number, type_id, stage, submitted_at, assigned_to, answers, \
                 (SELECT COUNT(*) FROM requests r WHERE r.application_id = applications.id AND r.status = 'open' AND r.deadline < $7) AS overdue \
                 FROM applications \
                 WHERE stage <> 'draft' \
                 AND ($1 IS NULL OR type_id = $1) AND ($2 IS NULL OR stage = $2) \
                 AND ($3 IS NULL OR LOWER(number) = $3 OR LOWER(answers) LIKE '%' || $3 || '%' \
                      OR account_id IN (SELECT id FROM accounts WHERE uci = REPLACE($3, '-', ''))) \
                 AND ($4 IS NULL OR assigned_to = $4) AND ($5 IS NULL OR submitted_at < $5) \
                 AND ($8 IS NULL OR EXISTS (SELECT 1 FROM application_steps s WHERE s.application_id = applications.id \
                      AND s.step = $8 AND s.state = $9)) \
                 AND ($10 IS NULL OR (submitted_at, id) > (SELECT c.submitted_at, c.id FROM applications c WHERE c.id = $10)) \
                 ORDER BY submitted_at, id LIMIT $6";
        Ok(run!(self.db, |p| sqlx::query_as::<_, QueueRow>(q)
            .bind(f.type_id.as_deref())
            .bind(f.stage.map(Stage::as_str))
            .bind(f.search.as_deref())
            .bind(f.assigned_to.map(|a| a.0))
            .bind(f.submitted_before)
            .bind(limit)
            .bind(now)
            .bind(f.step.map(|(s, _)| s.as_str()))
            .bind(f.step.map(|(_, st)| st.as_str()))
            .bind(f.after)
            .fetch_all(p)
            .await)?)
    }

    /// An officer takes the file (or releases it, with `None`).
    pub async fn assign(
        &self,
        file: &FileRef,
        officer: Option<AccountId>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query("UPDATE applications SET assigned_to = $2 WHERE id = $1 AND stage <> 'draft'")
                .bind(id)
                .bind(officer.map(|o| o.0))
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

    pub async fn add_note(
        &self,
        file: &FileRef,
        note: &NewNote<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let id = file.id();
        in_tx!(self.db, |tx| {
            sqlx::query(
                "INSERT INTO notes (id, application_id, author, at, body, on_file) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::new_v4())
            .bind(id)
            .bind(note.author)
            .bind(now)
            .bind(note.body)
            .bind(note.on_file)
            .execute(&mut *tx)
            .await?;
            record!(tx, id, rec, now);
        });
        Ok(())
    }

    pub async fn notes_of(&self, file: &FileRef) -> Result<Vec<Note>> {
        let q = "SELECT author, at, body, on_file FROM notes WHERE application_id = $1 ORDER BY at DESC";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Note>(q).bind(file.id()).fetch_all(p).await)?)
    }

    /// Applies an officer's change if nobody changed the file since `expected_version`.
    pub async fn transition(
        &self,
        file: &FileRef,
        t: &Transition<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<Outcome> {
        let id = file.id();
        let outcome = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE applications SET stage = $2, version = version + 1, updated_at = $3 \
                 WHERE id = $1 AND version = $4 AND stage = $5",
            )
            .bind(id)
            .bind(t.to.as_str())
            .bind(now)
            .bind(t.expected_version)
            .bind(t.from.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                Outcome::Stale
            } else {
                if let Some(l) = &t.letter {
                    sqlx::query(
                        "INSERT INTO letters (id, application_id, kind, params, created_at) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(l.kind)
                    .bind(l.params)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some((step, state)) = t.step {
                    sqlx::query(SET_STEP)
                        .bind(id)
                        .bind(step.as_str())
                        .bind(state.as_str())
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                record!(tx, id, rec, now);
                Outcome::Done
            }
        });
        Ok(outcome)
    }

    /// The letters of every file of the owner, newest first.
    pub async fn letters_of_account(&self, owner: AccountId) -> Result<Vec<LetterRecord>> {
        let q = format!(
            "{LETTER_COLUMNS} JOIN applications a ON a.id = l.application_id WHERE a.account_id = $1 \
             ORDER BY l.created_at DESC"
        );
        Ok(run!(self.db, |p| sqlx::query_as::<_, LetterRecord>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(owner.0)
            .fetch_all(p)
            .await)?)
    }

    /// One letter of the owner's files (marked read), or `None`.
    pub async fn open_letter(&self, owner: AccountId, id: Uuid, now: DateTime<Utc>) -> Result<Option<LetterRecord>> {
        let q = format!(
            "{LETTER_COLUMNS} JOIN applications a ON a.id = l.application_id WHERE l.id = $1 AND a.account_id = $2"
        );
        let found = run!(self.db, |p| sqlx::query_as::<_, LetterRecord>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(id)
            .bind(owner.0)
            .fetch_optional(p)
            .await)?;
        if found.as_ref().is_some_and(|l| l.read_at.is_none()) {
            run!(self.db, |p| sqlx::query("UPDATE letters SET read_at = $2 WHERE id = $1 AND read_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(p)
                .await
                .map(|_| ()))?;
        }
        Ok(found)
    }

    /// A file's letters, newest first.
    pub async fn letters_of(&self, file: &FileRef) -> Result<Vec<LetterRecord>> {
        let q = format!("{LETTER_COLUMNS} WHERE l.application_id = $1 ORDER BY l.created_at DESC");
        Ok(run!(self.db, |p| sqlx::query_as::<_, LetterRecord>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(file.id())
            .fetch_all(p)
            .await)?)
    }

    /// Every staff account, for the administrators' page.
    pub async fn staff_accounts(&self) -> Result<Vec<crate::accounts::Account>> {
        let q = "SELECT id, username, email, email_verified, role, lang, totp_secret, totp_last_step, mfa_enrolled_at, \
                 is_demo, created_at, uci, sign_in_kind FROM accounts WHERE role IN ('officer', 'administrator') ORDER BY username";
        let rows = run!(self.db, |p| sqlx::query_as::<_, crate::accounts::AccountRow>(q).fetch_all(p).await)?;
        rows.into_iter().map(crate::accounts::Account::try_from).collect()
    }
}
