//! Accounts and their credentials: password hashes, TOTP, recovery codes.

use chrono::{DateTime, Utc};
use portail_domain::account::{AccountId, Role, SignInKind};
use portail_domain::language::Lang;
use uuid::Uuid;

use crate::outbox::insert_mail;
use crate::{Result, Store, StoreError, is_unique_violation};

/// An account as the rest of portail sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub email: String,
    pub email_verified: bool,
    pub role: Role,
    pub lang: Lang,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub mfa_enrolled_at: Option<DateTime<Utc>>,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    /// The unique client identifier, once the person has a file.
    pub uci: Option<String>,
    pub sign_in_kind: SignInKind,
}

impl Account {
    /// Accounts may do nothing but finish setting up until the email is confirmed and, for
    /// password accounts, MFA is enrolled (partners do their own second factor).
    pub fn is_set_up(&self) -> bool {
        self.email_verified && (self.mfa_enrolled_at.is_some() || self.sign_in_kind == SignInKind::Partner)
    }

    /// TOTP is enrolled: a sign-in owes a code after the password or the partner.
    pub fn has_totp(&self) -> bool {
        self.mfa_enrolled_at.is_some() && self.totp_secret.is_some()
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub email_verified: bool,
    pub role: String,
    pub lang: String,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub mfa_enrolled_at: Option<DateTime<Utc>>,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    pub uci: Option<String>,
    pub sign_in_kind: String,
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRow) -> Result<Account> {
        Ok(Account {
            id: AccountId(r.id),
            username: r.username,
            email: r.email,
            email_verified: r.email_verified,
            role: Role::parse(&r.role).ok_or(StoreError::Corrupt("role"))?,
            lang: Lang::parse(&r.lang).ok_or(StoreError::Corrupt("lang"))?,
            totp_secret: r.totp_secret,
            totp_last_step: r.totp_last_step,
            mfa_enrolled_at: r.mfa_enrolled_at,
            is_demo: r.is_demo,
            created_at: r.created_at,
            uci: r.uci,
            sign_in_kind: SignInKind::parse(&r.sign_in_kind).ok_or(StoreError::Corrupt("sign_in_kind"))?,
        })
    }
}

const SELECT_BY_USERNAME: &str = "SELECT id, username, email, email_verified, role, lang, \
    totp_secret, totp_last_step, mfa_enrolled_at, is_demo, created_at, uci, sign_in_kind \
    FROM accounts WHERE username = $1";
const SELECT_BY_ID: &str = "SELECT id, username, email, email_verified, role, lang, \
    totp_secret, totp_last_step, mfa_enrolled_at, is_demo, created_at, uci, sign_in_kind \
    FROM accounts WHERE id = $1";
const SELECT_BY_EMAIL: &str = "SELECT id, username, email, email_verified, role, lang, \
    totp_secret, totp_last_step, mfa_enrolled_at, is_demo, created_at, uci, sign_in_kind \
    FROM accounts WHERE email_lower = $1 ORDER BY created_at";

/// What registration writes.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub lang: Lang,
    pub password_hash: &'a str,
    pub is_demo: bool,
}

/// An emailed code to store with the change that caused it (hash only).
pub struct NewCode<'a> {
    pub code_hash: &'a str,
    pub purpose: &'a str,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Creates an account with its password and, in the same transaction, its confirmation
    /// code and the email that carries it.
    pub async fn create_account(
        &self,
        new: &NewAccount<'_>,
        code: Option<&NewCode<'_>>,
        rec: Option<&crate::Record<'_>>,
        now: DateTime<Utc>,
    ) -> Result<AccountId> {
        let id = AccountId::new();
        let result: Result<()> = async {
            in_tx!(self.db, |tx| {
                sqlx::query(
                    "INSERT INTO accounts (id, username, email, email_lower, email_verified, role, \
                     lang, is_demo, created_at) VALUES ($1, $2, $3, $4, $9, $5, $6, $7, $8)",
                )
                .bind(id.0)
                .bind(new.username)
                .bind(new.email)
                .bind(new.email.to_lowercase())
                .bind(new.role.as_str())
                .bind(new.lang.code())
                .bind(new.is_demo)
                .bind(now)
                // Staff accounts are confirmed by the administrator who creates them.
                .bind(new.role.is_staff())
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO password_credentials (account_id, hash, changed_at) \
                     VALUES ($1, $2, $3)",
                )
                .bind(id.0)
                .bind(new.password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if let Some(c) = code {
                    sqlx::query(crate::codes::INSERT_CODE)
                        .bind(c.code_hash)
                        .bind(id.0)
                        .bind(c.purpose)
                        .bind(now)
                        .bind(c.expires_at)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(rec) = rec {
                    for m in rec.mails {
                        insert_mail!(tx, m, now);
                    }
                    audit!(tx, &rec.audit, now);
                }
                Ok(())
            })
        }
        .await;
        match result {
            Err(StoreError::Database(e)) if e.downcast_ref::<sqlx::Error>().is_some_and(is_unique_violation) => {
                Err(StoreError::Conflict("username"))
            }
            other => other.map(|()| id),
        }
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        let row = run!(self.db, |p| sqlx::query_as::<_, AccountRow>(SELECT_BY_USERNAME)
            .bind(username)
            .fetch_optional(p)
            .await)?;
        row.map(Account::try_from).transpose()
    }

    pub async fn account(&self, id: AccountId) -> Result<Option<Account>> {
        let row = run!(self.db, |p| sqlx::query_as::<_, AccountRow>(SELECT_BY_ID).bind(id.0).fetch_optional(p).await)?;
        row.map(Account::try_from).transpose()
    }

    pub async fn accounts_by_email(&self, email: &str) -> Result<Vec<Account>> {
        let rows = run!(self.db, |p| sqlx::query_as::<_, AccountRow>(SELECT_BY_EMAIL)
            .bind(email.to_lowercase())
            .fetch_all(p)
            .await)?;
        rows.into_iter().map(Account::try_from).collect()
    }

    pub async fn password_hash(&self, id: AccountId) -> Result<Option<String>> {
        let q = "SELECT hash FROM password_credentials WHERE account_id = $1";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, String>(q).bind(id.0).fetch_optional(p).await)?)
    }

    /// Replaces a password hash (re-hash with newer parameters, or a change), optionally ending
    /// every session but `keep_session` (and the API tokens) and writing its record (notice,
    /// audit entry), all in one transaction.
    pub async fn set_password_hash(
        &self,
        id: AccountId,
        hash: &str,
        end_sessions_except: Option<Option<&str>>,
        rec: Option<&crate::Record<'_>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query("UPDATE password_credentials SET hash = $2, changed_at = $3 WHERE account_id = $1")
                .bind(id.0)
                .bind(hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if let Some(keep) = end_sessions_except {
                sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
                    .bind(id.0)
                    .bind(keep.unwrap_or(""))
                    .execute(&mut *tx)
                    .await?;
                // A changed password ends the API tokens too (the person makes new ones).
                sqlx::query(crate::tokens::REVOKE_ALL).bind(id.0).bind(now).execute(&mut *tx).await?;
            }
            if let Some(rec) = rec {
                for m in rec.mails {
                    insert_mail!(tx, m, now);
                }
                audit!(tx, &rec.audit, now);
            }
        });
        Ok(())
    }

    pub async fn set_account_lang(&self, id: AccountId, lang: Lang) -> Result<()> {
        run!(self.db, |p| sqlx::query("UPDATE accounts SET lang = $2 WHERE id = $1")
            .bind(id.0)
            .bind(lang.code())
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Enrols (or re-enrols) TOTP: the secret, the step just used, a fresh set of recovery code
    /// hashes replacing the old ones, its audit entry and notice, in one transaction.
    pub async fn enrol_totp(
        &self,
        id: AccountId,
        secret_base32: &str,
        step: i64,
        recovery_hashes: &[String],
        rec: &crate::Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query(
                "UPDATE accounts SET totp_secret = $2, totp_last_step = $3, mfa_enrolled_at = $4 \
                 WHERE id = $1",
            )
            .bind(id.0)
            .bind(secret_base32)
            .bind(step)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1").bind(id.0).execute(&mut *tx).await?;
            for h in recovery_hashes {
                sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
                    .bind(id.0)
                    .bind(h)
                    .execute(&mut *tx)
                    .await?;
            }
            for m in rec.mails {
                insert_mail!(tx, m, now);
            }
            audit!(tx, &rec.audit, now);
        });
        Ok(())
    }

    /// Records a TOTP step as used; false when it (or a later one) already was — so two
    /// concurrent submissions of one code cannot both pass.
    pub async fn claim_totp_step(&self, id: AccountId, step: i64) -> Result<bool> {
        let q = "UPDATE accounts SET totp_last_step = $2 \
                 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)";
        let done = run!(self.db, |p| sqlx::query(q).bind(id.0).bind(step).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Spends a recovery code; false when it is unknown or already spent.
    pub async fn use_recovery_code(&self, id: AccountId, code_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let q = "UPDATE recovery_codes SET used_at = $3 \
                 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL";
        let done = run!(self.db, |p| sqlx::query(q)
            .bind(id.0)
            .bind(code_hash)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    pub async fn unused_recovery_codes(&self, id: AccountId) -> Result<i64> {
        let q = "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(id.0).fetch_one(p).await)?)
    }

    /// Demo accounts only: the account and its stored (sealed) TOTP secret, for `portail demo
    /// totp`.
    /// A demo account's id and its sealed TOTP secret (`None` while it is not yet enrolled).
    pub async fn demo_account(&self, username: &str) -> Result<Option<(AccountId, Option<String>)>> {
        let q = "SELECT id, totp_secret FROM accounts WHERE username = $1 AND is_demo = TRUE";
        let found = run!(self.db, |p| sqlx::query_as::<_, (uuid::Uuid, Option<String>)>(q)
            .bind(username)
            .fetch_optional(p)
            .await)?;
        Ok(found.map(|(id, s)| (AccountId(id), s)))
    }

    /// Marks a freshly created demo account as confirmed and enrolled.
    pub async fn finish_demo_account(&self, id: AccountId, secret: &str, now: DateTime<Utc>) -> Result<()> {
        let q = "UPDATE accounts SET email_verified = TRUE, totp_secret = $2, mfa_enrolled_at = $3 \
                 WHERE id = $1 AND is_demo = TRUE";
        run!(self.db, |p| sqlx::query(q)
            .bind(id.0)
            .bind(secret)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
