//! Codes sent by email: the registration confirmation code and the password-reset link token.
//! Only their digests are stored.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::secret::same;
use uuid::Uuid;

use crate::accounts::NewCode;
use crate::outbox::{NewMail, insert_mail};
use crate::{Result, Store};

pub const PURPOSE_CONFIRM: &str = "confirm_email";
pub const PURPOSE_RESET: &str = "reset_password";
/// Wrong tries allowed on one confirmation code before a new one must be sent.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

pub(crate) const INSERT_CODE: &str = "INSERT INTO email_codes (code_hash, account_id, purpose, \
     attempts, created_at, expires_at) VALUES ($1, $2, $3, 0, $4, $5)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOutcome {
    Confirmed,
    Wrong,
    Expired,
    TooManyAttempts,
    /// No code is outstanding (never sent, or already used).
    Missing,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    code_hash: String,
    attempts: i64,
    expires_at: DateTime<Utc>,
}

impl Store {
    /// Replaces any outstanding code of this purpose with a new one and queues its email.
    pub async fn replace_code(
        &self,
        account: AccountId,
        code: &NewCode<'_>,
        mail: Option<&NewMail>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query(
                "UPDATE email_codes SET used_at = $3 WHERE account_id = $1 AND purpose = $2 \
                 AND used_at IS NULL",
            )
            .bind(account.0)
            .bind(code.purpose)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(INSERT_CODE)
                .bind(code.code_hash)
                .bind(account.0)
                .bind(code.purpose)
                .bind(now)
                .bind(code.expires_at)
                .execute(&mut *tx)
                .await?;
            if let Some(m) = mail {
                insert_mail!(tx, m, now);
            }
        });
        Ok(())
    }

    /// Checks a typed confirmation code (as its keyed digest); on success the email is verified.
    pub async fn confirm_email(&self, account: AccountId, typed_hash: &str, now: DateTime<Utc>) -> Result<CodeOutcome> {
        let q = "SELECT code_hash, attempts, expires_at FROM email_codes \
                 WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL \
                 ORDER BY created_at DESC LIMIT 1";
        let row = run!(self.db, |p| sqlx::query_as::<_, CodeRow>(q)
            .bind(account.0)
            .bind(PURPOSE_CONFIRM)
            .fetch_optional(p)
            .await)?;
        let Some(row) = row else {
            return Ok(CodeOutcome::Missing);
        };
        if row.attempts >= MAX_CODE_ATTEMPTS {
            return Ok(CodeOutcome::TooManyAttempts);
        }
        if row.expires_at <= now {
            return Ok(CodeOutcome::Expired);
        }
        if !same(&row.code_hash, typed_hash) {
            // Counted atomically and only below the limit, so parallel guesses cannot overshoot.
            let bump = "UPDATE email_codes SET attempts = attempts + 1 \
                        WHERE code_hash = $1 AND attempts < $2";
            let done = run!(self.db, |p| sqlx::query(bump)
                .bind(&row.code_hash)
                .bind(MAX_CODE_ATTEMPTS)
                .execute(p)
                .await
                .map(|r| r.rows_affected()))?;
            return Ok(if done == 1 { CodeOutcome::Wrong } else { CodeOutcome::TooManyAttempts });
        }
        let confirmed = in_tx!(self.db, |tx| {
            let used = sqlx::query(
                "UPDATE email_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL \
                 AND attempts < $3",
            )
            .bind(&row.code_hash)
            .bind(now)
            .bind(MAX_CODE_ATTEMPTS)
            .execute(&mut *tx)
            .await?;
            if used.rows_affected() == 1 {
                sqlx::query("UPDATE accounts SET email_verified = TRUE WHERE id = $1")
                    .bind(account.0)
                    .execute(&mut *tx)
                    .await?;
            }
            used.rows_affected() == 1
        });
        Ok(if confirmed { CodeOutcome::Confirmed } else { CodeOutcome::Missing })
    }

    /// The account a reset token belongs to, while the token is unused and unexpired.
    pub async fn reset_token_account(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<AccountId>> {
        let q = "SELECT account_id FROM email_codes WHERE code_hash = $1 AND purpose = $2 \
                 AND used_at IS NULL AND expires_at > $3";
        let id = run!(self.db, |p| sqlx::query_scalar::<_, Uuid>(q)
            .bind(token_hash)
            .bind(PURPOSE_RESET)
            .bind(now)
            .fetch_optional(p)
            .await)?;
        Ok(id.map(AccountId))
    }

    /// Spends a reset token and sets the new password hash; every session of the account ends
    /// and every other reset token dies. False when the token was already used or expired.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        account: AccountId,
        new_hash: &str,
        rec: Option<&crate::Record<'_>>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let used = sqlx::query(
                "UPDATE email_codes SET used_at = $3 WHERE code_hash = $1 AND account_id = $2 \
                 AND purpose = $4 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(token_hash)
            .bind(account.0)
            .bind(now)
            .bind(PURPOSE_RESET)
            .execute(&mut *tx)
            .await?;
            if used.rows_affected() == 1 {
                sqlx::query(
                    "UPDATE email_codes SET used_at = $2 WHERE account_id = $1 AND purpose = $3 \
                     AND used_at IS NULL",
                )
                .bind(account.0)
                .bind(now)
                .bind(PURPOSE_RESET)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE password_credentials SET hash = $2, changed_at = $3 WHERE account_id = $1")
                    .bind(account.0)
                    .bind(new_hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account.0).execute(&mut *tx).await?;
                // Whoever held the account meanwhile may have made API tokens: they stop too.
                sqlx::query(crate::tokens::REVOKE_ALL).bind(account.0).bind(now).execute(&mut *tx).await?;
                if let Some(rec) = rec {
                    for m in rec.mails {
                        insert_mail!(tx, m, now);
                    }
                    audit!(tx, &rec.audit, now);
                }
            }
            used.rows_affected() == 1
        });
        Ok(done)
    }
}
