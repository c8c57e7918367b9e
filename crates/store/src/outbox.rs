//! The mail outbox: rows written in the same transaction as the change that caused them, then
//! claimed and delivered by a worker with retries and backoff.

use chrono::{DateTime, Utc};
use portail_domain::language::Lang;
use uuid::Uuid;

use crate::{Result, Store};

/// A mail to queue. Subject and body are already rendered in the recipient's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The language it is written in (its sender name and Content-Language follow it).
    pub lang: Lang,
}

/// A queued mail claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxMail {
    pub id: Uuid,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    /// `en` or `fr`.
    pub lang: String,
}

pub(crate) const INSERT_MAIL: &str = "INSERT INTO outbox (id, kind, to_address, subject, body, \
     created_at, attempts, next_attempt_at, lang) VALUES ($1, $2, $3, $4, $5, $6, 0, $6, $7)";

/// Inserts a `NewMail` inside an open transaction: `insert_mail!(tx, &mail, now)`.
macro_rules! insert_mail {
    ($tx:ident, $mail:expr, $now:expr) => {
        sqlx::query($crate::outbox::INSERT_MAIL)
            .bind(uuid::Uuid::new_v4())
            .bind($mail.kind)
            .bind(&$mail.to)
            .bind(&$mail.subject)
            .bind(&$mail.body)
            .bind($now)
            .bind($mail.lang.code())
            .execute(&mut *$tx)
            .await?
    };
}
pub(crate) use insert_mail;

impl Store {
    pub async fn enqueue_mail(&self, mail: &NewMail, now: DateTime<Utc>) -> Result<()> {
        in_tx!(self.db, |tx| {
            insert_mail!(tx, mail, now);
        });
        Ok(())
    }

    /// Claims up to `limit` due mails until `lease_until`; a mail claimed by one worker is not
    /// claimed by another until its lease runs out (a crashed worker's mail is retried).
    pub async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxMail>> {
        // One statement takes the lease on up to `limit` due rows and returns them: of two workers
        // running it at once, each row goes to one (the outer condition is checked again on the
        // row being updated).
        let q = "UPDATE outbox SET leased_until = $2 WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL \
                 AND failed_at IS NULL AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until < $1) \
                 ORDER BY next_attempt_at LIMIT $3) AND sent_at IS NULL AND (leased_until IS NULL OR leased_until < $1) \
                 RETURNING id, kind, to_address, subject, body, created_at, attempts, lang";
        Ok(run!(self.db, |p| sqlx::query_as::<_, OutboxMail>(q)
            .bind(now)
            .bind(lease_until)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// Marks delivered mails as sent, in one transaction.
    pub async fn mark_mails_sent(&self, ids: &[Uuid], now: DateTime<Utc>) -> Result<()> {
        let q = "UPDATE outbox SET sent_at = $2, leased_until = NULL, attempts = attempts + 1 WHERE id = $1";
        in_tx!(self.db, |tx| {
            for id in ids {
                sqlx::query(q).bind(id).bind(now).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Records a failed attempt: retried at `retry_at`, or given up when `retry_at` is `None`.
    pub async fn mark_mail_failed(
        &self,
        id: Uuid,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let q = "UPDATE outbox SET attempts = attempts + 1, leased_until = NULL, last_error = $2, \
                 next_attempt_at = COALESCE($3, next_attempt_at), \
                 failed_at = CASE WHEN $3 IS NULL THEN $4 ELSE NULL END WHERE id = $1";
        run!(self.db, |p| sqlx::query(q)
            .bind(id)
            .bind(error)
            .bind(retry_at)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Puts a mail back until `retry_at` without counting an attempt (the relay was unreachable).
    pub async fn defer_mail(&self, id: Uuid, error: &str, retry_at: DateTime<Utc>) -> Result<()> {
        let q = "UPDATE outbox SET leased_until = NULL, last_error = $2, next_attempt_at = $3 \
                 WHERE id = $1 AND sent_at IS NULL";
        run!(self.db, |p| sqlx::query(q)
            .bind(id)
            .bind(error)
            .bind(retry_at)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// How many mails are waiting (queued or retrying), for metrics and tests.
    pub async fn pending_mail_count(&self) -> Result<i64> {
        let q = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).fetch_one(p).await)?)
    }

    /// How many mails of one kind were ever queued (tests, benchmarks).
    pub async fn count_outbox_kind(&self, kind: &str) -> Result<i64> {
        let q = "SELECT COUNT(*) FROM outbox WHERE kind = $1";
        Ok(run!(self.db, |p| sqlx::query_scalar(q).bind(kind).fetch_one(p).await)?)
    }
}
