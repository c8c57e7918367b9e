//! Paying, submitting, withdrawing, following a file, and linking a file made on paper. Every
//! change writes its timeline entry (and its email, when one is due) in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::status::{Step, StepState};
use uuid::Uuid;

use crate::outbox::{NewMail, insert_mail};
use crate::{EVENT, Result, SET_STEP, Store, StoreError, is_unique_violation};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
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
    /// The idempotency key of the review page that sent it.
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
    pub async fn payment(&self, account: AccountId, id: Uuid) -> Result<Option<Payment>> {
        let q =
            "SELECT payment_receipt, paid_cents, declaration_name FROM applications WHERE id = $1 AND account_id = $2";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Payment>(q).bind(id).bind(account.0).fetch_optional(p).await)?)
    }

    /// Records a payment on a draft (replacing an earlier one for a smaller amount).
    pub async fn record_payment(
        &self,
        account: AccountId,
        id: Uuid,
        receipt: &str,
        cents: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE applications SET payment_receipt = $3, paid_cents = $4, updated_at = $5 \
                 WHERE id = $1 AND account_id = $2 AND stage = 'draft'",
            )
            .bind(id)
            .bind(account.0)
            .bind(receipt)
            .bind(cents)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(now)
                    .bind("fee_paid")
                    .bind(receipt)
                    .execute(&mut *tx)
                    .await?;
            }
            n == 1
        });
        Ok(done)
    }

    /// Submits a draft: its number, the declaration, the first steps, the timeline entry and the
    /// email, all or nothing. Replaying the same `submit_key` returns the first answer.
    pub async fn submit(
        &self,
        account: AccountId,
        id: Uuid,
        s: &Submission<'_>,
        mail: &NewMail,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<SubmitOutcome> {
        let target = id.to_string();
        let entry = crate::audit::AuditEntry { actor, action: "submitted", target: &target, detail: s.number };
        let attempt: Result<Option<String>> = async {
            let out = in_tx!(self.db, |tx| {
                let n = sqlx::query(
                    "UPDATE applications SET stage = 'submitted', number = $3, submitted_at = $4, declaration_name = $5, \
                     submit_key = $6, version = version + 1, updated_at = $4 \
                     WHERE id = $1 AND account_id = $2 AND stage = 'draft'",
                )
                .bind(id)
                .bind(account.0)
                .bind(s.number)
                .bind(now)
                .bind(s.declaration_name)
                .bind(s.submit_key)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 1 {
                    sqlx::query("UPDATE accounts SET uci = $2 WHERE id = $1 AND uci IS NULL").bind(account.0).bind(s.uci).execute(&mut *tx).await?;
                    sqlx::query(EVENT).bind(Uuid::new_v4()).bind(id).bind(now).bind("submitted").bind(s.number).execute(&mut *tx).await?;
                    for (step, state) in s.steps {
                        sqlx::query(SET_STEP)
                            .bind(id)
                            .bind(step.as_str())
                            .bind(state.as_str())
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    }
                    insert_mail!(tx, mail, now);
                    audit!(tx, &entry, now);
                    Some(s.number.to_owned())
                } else {
                    None
                }
            });
            Ok(out)
        }
        .await;
        match attempt {
            Ok(Some(number)) => Ok(SubmitOutcome::Submitted { number }),
            Ok(None) => {
                // Not a draft any more: the same submission replayed, or already submitted.
                let q = "SELECT number FROM applications WHERE id = $1 AND account_id = $2";
                let found = run!(self.db, |p| sqlx::query_scalar::<_, Option<String>>(q)
                    .bind(id)
                    .bind(account.0)
                    .fetch_optional(p)
                    .await)?;
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

    pub async fn events_of(&self, account: AccountId, id: Uuid) -> Result<Vec<Event>> {
        let q = "SELECT e.at, e.kind, e.detail FROM application_events e JOIN applications a ON a.id = e.application_id \
                 WHERE a.id = $1 AND a.account_id = $2 ORDER BY e.at DESC, e.id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Event>(q).bind(id).bind(account.0).fetch_all(p).await)?)
    }

    pub async fn steps_of(&self, account: AccountId, id: Uuid) -> Result<Vec<(Step, StepState, DateTime<Utc>)>> {
        let q = "SELECT s.step, s.state, s.updated_at FROM application_steps s JOIN applications a ON a.id = s.application_id \
                 WHERE a.id = $1 AND a.account_id = $2";
        let rows: Vec<(String, String, DateTime<Utc>)> =
            run!(self.db, |p| sqlx::query_as(q).bind(id).bind(account.0).fetch_all(p).await)?;
        let mut steps: Vec<_> =
            rows.into_iter().filter_map(|(s, st, at)| Some((Step::parse(&s)?, StepState::parse(&st)?, at))).collect();
        steps.sort_by_key(|(s, _, _)| Step::ALL.iter().position(|x| x == s));
        Ok(steps)
    }

    /// Withdraws a file that is not decided yet; false when that is not (or no longer) possible.
    pub async fn withdraw(
        &self,
        account: AccountId,
        id: Uuid,
        reason: &str,
        mail: &NewMail,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let target = id.to_string();
        let entry = crate::audit::AuditEntry { actor, action: "withdrawn", target: &target, detail: "" };
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE applications SET stage = 'withdrawn', version = version + 1, updated_at = $3 \
                 WHERE id = $1 AND account_id = $2 AND stage IN ('submitted', 'received', 'in_progress')",
            )
            .bind(id)
            .bind(account.0)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(id)
                    .bind(now)
                    .bind("withdrawn")
                    .bind(reason)
                    .execute(&mut *tx)
                    .await?;
                insert_mail!(tx, mail, now);
                audit!(tx, &entry, now);
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

    /// Links a paper file to this account when number, UCI and date of birth all match; returns
    /// the new application id, or `None` when nothing matched (or it was linked already).
    pub async fn link_paper_file(
        &self,
        account: AccountId,
        number: &str,
        uci: &str,
        birth: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<Uuid>> {
        let birth = birth.format("%Y-%m-%d").to_string();
        let id = Uuid::new_v4();
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
            match found {
                None => None,
                Some((type_id, stage, received)) => {
                    let n = sqlx::query("UPDATE paper_files SET linked_application = $2 WHERE number = $1 AND linked_application IS NULL")
                        .bind(number)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if n != 1 {
                        None
                    } else {
                        sqlx::query(
                            "INSERT INTO applications (id, account_id, type_id, stage, number, answers, members, version, \
                             created_at, updated_at, submitted_at) VALUES ($1, $2, $3, $4, $5, '{}', '[]', 1, $6, $7, $6)",
                        )
                        .bind(id)
                        .bind(account.0)
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
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query(EVENT)
                            .bind(Uuid::new_v4())
                            .bind(id)
                            .bind(now)
                            .bind("linked")
                            .bind("")
                            .execute(&mut *tx)
                            .await?;
                        // The paper file's UCI becomes the person's, unless they already have one
                        // or it is someone else's.
                        sqlx::query(
                            "UPDATE accounts SET uci = $2 WHERE id = $1 AND uci IS NULL \
                             AND NOT EXISTS (SELECT 1 FROM accounts WHERE uci = $2)",
                        )
                        .bind(account.0)
                        .bind(uci)
                        .execute(&mut *tx)
                        .await?;
                        Some(id)
                    }
                }
            }
        });
        Ok(linked)
    }
}
