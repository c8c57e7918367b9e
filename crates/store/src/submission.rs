//! Paying, submitting, withdrawing, following a file, and linking a file made on paper. Every
//! change writes its [`Record`] (audit, timeline entry, mail) in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState};
use uuid::Uuid;

use crate::files::{FileRef, Record};
use crate::{EVENT, Result, SET_STEP, Store, StoreError, is_unique_violation};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
    /// The full name of the representative who acted, when one did.
    pub by_representative: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Payment {
    pub payment_receipt: Option<String>,
    pub paid_cents: Option<i64>,
    pub declaration_name: Option<String>,
}

pub struct Submission<'a> {
    pub number: &'a str,
    pub declaration_name: &'a str,
    /// The idempotency key of the review page (or API request) that sent it.
    pub submit_key: &'a str,
    pub steps: &'a [(Step, StepState)],
    /// The UCI to give the person if they have none yet (drawn again on a collision).
    pub uci: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    Submitted {
        number: String,
    },
    /// The same submission arrived again (double click, retry): nothing new was made.
    AlreadySubmitted {
        number: String,
    },
    /// The number drawn is taken: draw another.
    NumberTaken,
    NotFound,
}

impl Store {
    pub async fn payment(&self, file: &FileRef) -> Result<Payment> {
        let q = "SELECT payment_receipt, paid_cents, declaration_name FROM applications WHERE id = $1";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Payment>(q).bind(file.id()).fetch_one(p).await)?)
    }

    /// Records a payment on a draft (replacing an earlier one for a smaller amount).
    pub async fn record_payment(
        &self,
        file: &FileRef,
        receipt: &str,
        cents: i64,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE applications SET payment_receipt = $2, paid_cents = $3, updated_at = $4 \
                 WHERE id = $1 AND stage = 'draft' AND payment_receipt IS NULL",
            )
            .bind(id)
            .bind(receipt)
            .bind(cents)
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

    /// Submits a draft: its number, the declaration, the first steps, the timeline entry, the
    /// email and the audit entry, all or nothing. Replaying the same `submit_key` returns the
    /// first answer.
    pub async fn submit(
        &self,
        file: &FileRef,
        s: &Submission<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<SubmitOutcome> {
        let (id, owner) = (file.id(), file.owner());
        let attempt: Result<bool> = async {
            let out = in_tx!(self.db, |tx| {
                let n = sqlx::query(
                    "UPDATE applications SET stage = 'submitted', number = $2, submitted_at = $3, declaration_name = $4, \
                     submit_key = $5, version = version + 1, updated_at = $3 WHERE id = $1 AND stage = 'draft'",
                )
                .bind(id)
                .bind(s.number)
                .bind(now)
                .bind(s.declaration_name)
                .bind(s.submit_key)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 1 {
                    sqlx::query("UPDATE accounts SET uci = $2 WHERE id = $1 AND uci IS NULL")
                        .bind(owner.0)
                        .bind(s.uci)
                        .execute(&mut *tx)
                        .await?;
                    for (step, state) in s.steps {
                        sqlx::query(SET_STEP)
                            .bind(id)
                            .bind(step.as_str())
                            .bind(state.as_str())
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    }
                    record!(tx, id, rec, now);
                }
                n == 1
            });
            Ok(out)
        }
        .await;
        match attempt {
            Ok(true) => Ok(SubmitOutcome::Submitted { number: s.number.to_owned() }),
            Ok(false) => {
                // Not a draft any more: the same submission replayed, or already submitted.
                let q = "SELECT number FROM applications WHERE id = $1";
                let found =
                    run!(self.db, |p| sqlx::query_scalar::<_, Option<String>>(q).bind(id).fetch_optional(p).await)?;
                Ok(match found.flatten() {
                    Some(number) => SubmitOutcome::AlreadySubmitted { number },
                    None => SubmitOutcome::NotFound,
                })
            }
            Err(StoreError::Database(e)) if e.downcast_ref::<sqlx::Error>().is_some_and(is_unique_violation) => {
                Ok(SubmitOutcome::NumberTaken)
            }
            Err(e) => Err(e),
        }
    }

    /// The file's timeline, newest first.
    pub async fn events_of(&self, file: &FileRef) -> Result<Vec<Event>> {
        let q = "SELECT e.at, e.kind, e.detail, r.full_name AS by_representative FROM application_events e \
                 LEFT JOIN representatives r ON r.account_id = e.by_representative \
                 WHERE e.application_id = $1 ORDER BY e.at DESC, e.id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Event>(q).bind(file.id()).fetch_all(p).await)?)
    }

    pub async fn steps_of(&self, file: &FileRef) -> Result<Vec<(Step, StepState, DateTime<Utc>)>> {
        let q = "SELECT step, state, updated_at FROM application_steps WHERE application_id = $1";
        let rows: Vec<(String, String, DateTime<Utc>)> =
            run!(self.db, |p| sqlx::query_as(q).bind(file.id()).fetch_all(p).await)?;
        let mut steps: Vec<_> =
            rows.into_iter().filter_map(|(s, st, at)| Some((Step::parse(&s)?, StepState::parse(&st)?, at))).collect();
        steps.sort_by_key(|(s, _, _)| Step::ALL.iter().position(|x| x == s));
        Ok(steps)
    }

    /// Moves a file from `from` (its stage when read) to `to` if nothing changed it since;
    /// false otherwise. The caller asked the status machine whether `from → to` is allowed.
    pub async fn change_stage(
        &self,
        file: &FileRef,
        from: Stage,
        to: Stage,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE applications SET stage = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND stage = $2",
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

    /// Records a file made outside the account (an operator's or the demo's), to be linked.
    pub async fn create_paper_file(
        &self,
        number: &str,
        type_id: &str,
        uci: &str,
        birth: NaiveDate,
        stage: &str,
        received: DateTime<Utc>,
    ) -> Result<()> {
        let q = "INSERT INTO paper_files (number, type_id, uci, date_of_birth, stage, received_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (number) DO NOTHING";
        let birth = birth.format("%Y-%m-%d").to_string();
        run!(self.db, |p| sqlx::query(q)
            .bind(number)
            .bind(type_id)
            .bind(uci)
            .bind(&birth)
            .bind(stage)
            .bind(received)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Links a paper file to `owner` as file `id` when number, UCI and date of birth all match,
    /// with its timeline and audit entries; false when nothing matched (or it was linked already).
    pub async fn link_paper_file(
        &self,
        owner: AccountId,
        id: Uuid,
        paper: (&str, &str, NaiveDate),
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let (number, uci, birth) = paper;
        let birth = birth.format("%Y-%m-%d").to_string();
        let linked = in_tx!(self.db, |tx| {
            let found: Option<(String, String, DateTime<Utc>)> = sqlx::query_as(
                "SELECT type_id, stage, received_at FROM paper_files \
                 WHERE number = $1 AND uci = $2 AND date_of_birth = $3 AND linked_application IS NULL",
            )
            .bind(number)
            .bind(uci)
            .bind(&birth)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((type_id, stage, received)) = found else { return Ok(false) };
            let n = sqlx::query(
                "UPDATE paper_files SET linked_application = $2 WHERE number = $1 AND linked_application IS NULL",
            )
            .bind(number)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO applications (id, account_id, type_id, stage, number, answers, members, version, \
                 created_at, updated_at, submitted_at) VALUES ($1, $2, $3, $4, $5, '{}', '[]', 1, $6, $7, $6)",
            )
            .bind(id)
            .bind(owner.0)
            .bind(&type_id)
            .bind(&stage)
            .bind(number)
            .bind(received)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(EVENT)
                .bind(Uuid::new_v4())
                .bind(id)
                .bind(received)
                .bind("received_on_paper")
                .bind(number)
                .bind(None::<Uuid>)
                .execute(&mut *tx)
                .await?;
            // The paper file's UCI becomes the person's, unless they already have one or it is
            // someone else's.
            sqlx::query(
                "UPDATE accounts SET uci = $2 WHERE id = $1 AND uci IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM accounts WHERE uci = $2)",
            )
            .bind(owner.0)
            .bind(uci)
            .execute(&mut *tx)
            .await?;
            record!(tx, id, rec, now);
            true
        });
        Ok(linked)
    }
}
