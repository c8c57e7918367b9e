//! What the back office reads and changes. Staff see every submitted file; every change checks the
//! file's version (two officers acting at once cannot both win) and writes its timeline entry,
//! letter, email and audit entry in the same transaction.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState};
use uuid::Uuid;

use crate::applications::Application;
use crate::audit::AuditEntry;
use crate::outbox::{NewMail, insert_mail};
use crate::{EVENT, Result, SET_STEP, Store};

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

/// A change of stage decided by an officer.
pub struct Transition<'a> {
    pub from: Stage,
    pub to: Stage,
    pub expected_version: i64,
    pub event: &'a str,
    pub letter: Option<NewLetter<'a>>,
    pub mail: Option<&'a NewMail>,
    pub audit: AuditEntry<'a>,
    /// A processing step to set in the same change.
    pub step: Option<(Step, StepState)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Someone changed the file since it was read: reload and decide again.
    Stale,
}

impl Store {
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
                 ORDER BY submitted_at LIMIT $6";
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
            .fetch_all(p)
            .await)?)
    }

    /// Any submitted file (staff only: the web layer's guard decides who may call this).
    pub async fn file(&self, id: Uuid) -> Result<Option<(Application, Option<Uuid>)>> {
        let owner: Option<(Uuid, Option<Uuid>)> = run!(self.db, |p| sqlx::query_as(
            "SELECT account_id, assigned_to FROM applications WHERE id = $1 AND stage <> 'draft'"
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        let Some((account, assigned)) = owner else { return Ok(None) };
        Ok(self.application(AccountId(account), id).await?.map(|a| (a, assigned)))
    }

    pub async fn assign(
        &self,
        id: Uuid,
        officer: Option<AccountId>,
        entry: &AuditEntry<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query("UPDATE applications SET assigned_to = $2 WHERE id = $1 AND stage <> 'draft'")
                .bind(id)
                .bind(officer.map(|o| o.0))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                audit!(tx, entry, now);
            }
            n == 1
        });
        Ok(done)
    }

    pub async fn add_note(
        &self,
        id: Uuid,
        author: &str,
        body: &str,
        entry: &AuditEntry<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query("INSERT INTO notes (id, application_id, author, at, body) VALUES ($1, $2, $3, $4, $5)")
                .bind(Uuid::new_v4())
                .bind(id)
                .bind(author)
                .bind(now)
                .bind(body)
                .execute(&mut *tx)
                .await?;
            audit!(tx, entry, now);
        });
        Ok(())
    }

    pub async fn notes_of(&self, id: Uuid) -> Result<Vec<Note>> {
        let q = "SELECT author, at, body FROM notes WHERE application_id = $1 ORDER BY at DESC";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Note>(q).bind(id).fetch_all(p).await)?)
    }

    /// Moves a file from one stage to another if nobody changed it since `expected_version`.
    pub async fn transition(&self, id: Uuid, t: &Transition<'_>, now: DateTime<Utc>) -> Result<Outcome> {
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
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(now)
                    .bind(t.event)
                    .bind("")
                    .execute(&mut *tx)
                    .await?;
                if let Some(l) = &t.letter {
                    sqlx::query("INSERT INTO letters (id, application_id, kind, params, created_at) VALUES ($1, $2, $3, $4, $5)")
                        .bind(Uuid::new_v4())
                        .bind(id)
                        .bind(l.kind)
                        .bind(l.params)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(m) = t.mail {
                    insert_mail!(tx, m, now);
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
                audit!(tx, &t.audit, now);
                Outcome::Done
            }
        });
        Ok(outcome)
    }

    /// Sets one processing step's state, with the same version check as a transition.
    pub async fn set_step(
        &self,
        id: Uuid,
        expected_version: i64,
        step: Step,
        state: StepState,
        entry: &AuditEntry<'_>,
        now: DateTime<Utc>,
    ) -> Result<Outcome> {
        let outcome = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE applications SET version = version + 1, updated_at = $2 WHERE id = $1 AND version = $3 \
                 AND stage IN ('submitted', 'received', 'in_progress')",
            )
            .bind(id)
            .bind(now)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                Outcome::Stale
            } else {
                sqlx::query(SET_STEP)
                    .bind(id)
                    .bind(step.as_str())
                    .bind(state.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("{}={}", step.as_str(), state.as_str());
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(now)
                    .bind("step_changed")
                    .bind(&detail)
                    .execute(&mut *tx)
                    .await?;
                audit!(tx, entry, now);
                Outcome::Done
            }
        });
        Ok(outcome)
    }

    /// The letters of every application of this account, newest first.
    pub async fn letters_of_account(&self, account: AccountId) -> Result<Vec<LetterRecord>> {
        let q = "SELECT l.id, l.application_id, l.kind, l.params, l.created_at, l.read_at FROM letters l \
                 JOIN applications a ON a.id = l.application_id WHERE a.account_id = $1 ORDER BY l.created_at DESC";
        Ok(run!(self.db, |p| sqlx::query_as::<_, LetterRecord>(q).bind(account.0).fetch_all(p).await)?)
    }

    pub async fn unread_letters(&self, account: AccountId) -> Result<i64> {
        let q = "SELECT COUNT(*) FROM letters l JOIN applications a ON a.id = l.application_id \
                 WHERE a.account_id = $1 AND l.read_at IS NULL";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(account.0).fetch_one(p).await)?)
    }

    /// One letter of this account (marked read), or `None`.
    pub async fn open_letter(&self, account: AccountId, id: Uuid, now: DateTime<Utc>) -> Result<Option<LetterRecord>> {
        let q = "SELECT l.id, l.application_id, l.kind, l.params, l.created_at, l.read_at FROM letters l \
                 JOIN applications a ON a.id = l.application_id WHERE l.id = $1 AND a.account_id = $2";
        let found =
            run!(self.db, |p| sqlx::query_as::<_, LetterRecord>(q).bind(id).bind(account.0).fetch_optional(p).await)?;
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

    /// A file's letters, for staff.
    pub async fn letters_of(&self, application: Uuid) -> Result<Vec<LetterRecord>> {
        let q = "SELECT id, application_id, kind, params, created_at, read_at FROM letters WHERE application_id = $1 ORDER BY created_at DESC";
        Ok(run!(self.db, |p| sqlx::query_as::<_, LetterRecord>(q).bind(application).fetch_all(p).await)?)
    }

    /// Staff accounts are confirmed by whoever creates them; MFA is enrolled at first sign-in.
    pub async fn confirm_staff_email(&self, id: AccountId) -> Result<()> {
        run!(self.db, |p| sqlx::query(
            "UPDATE accounts SET email_verified = TRUE WHERE id = $1 AND role IN ('officer', 'administrator')"
        )
        .bind(id.0)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}

impl Store {
    /// Every staff account, for the administrators' page.
    pub async fn staff_accounts(&self) -> Result<Vec<crate::accounts::Account>> {
        let q = "SELECT id, username, email, email_verified, role, lang, totp_secret, totp_last_step, mfa_enrolled_at, \
                 is_demo, created_at, uci, sign_in_kind FROM accounts WHERE role IN ('officer', 'administrator') ORDER BY username";
        let rows = run!(self.db, |p| sqlx::query_as::<_, crate::accounts::AccountRow>(q).fetch_all(p).await)?;
        rows.into_iter().map(crate::accounts::Account::try_from).collect()
    }
}
