//! Server-side sessions. The cookie holds a random token; the table holds only its digest.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::session::SessionStage;
use uuid::Uuid;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    /// Shown on the account page to end one session; not a credential.
    pub public_id: Uuid,
    pub account_id: AccountId,
    pub stage: SessionStage,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub authenticated_at: DateTime<Utc>,
    pub factor_failures: i64,
    pub ip: String,
    pub user_agent: String,
    /// The Sign-In Partner this session came through, if any.
    pub partner: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: String,
    public_id: Uuid,
    account_id: Uuid,
    stage: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    authenticated_at: DateTime<Utc>,
    factor_failures: i64,
    ip: String,
    user_agent: String,
    partner: Option<String>,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> Result<Session> {
        Ok(Session {
            token_hash: r.token_hash,
            public_id: r.public_id,
            account_id: AccountId(r.account_id),
            stage: SessionStage::parse(&r.stage).ok_or(StoreError::Corrupt("stage"))?,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            authenticated_at: r.authenticated_at,
            factor_failures: r.factor_failures,
            ip: r.ip,
            user_agent: r.user_agent,
            partner: r.partner,
        })
    }
}

const SELECT_ONE: &str = "SELECT token_hash, public_id, account_id, stage, created_at, \
     last_seen_at, authenticated_at, factor_failures, ip, user_agent, partner FROM sessions \
     WHERE token_hash = $1";
const SELECT_OF_ACCOUNT: &str = "SELECT token_hash, public_id, account_id, stage, created_at, \
     last_seen_at, authenticated_at, factor_failures, ip, user_agent, partner FROM sessions \
     WHERE account_id = $1 AND stage = 'full' ORDER BY last_seen_at DESC";

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub account_id: AccountId,
    pub stage: SessionStage,
    pub ip: &'a str,
    pub user_agent: &'a str,
    pub partner: Option<&'a str>,
}

impl Store {
    /// Starts a session; `replaces` (the digest of the session it follows, if any) ends in the
    /// same transaction, so a sign-in step always moves to a new token.
    pub async fn create_session(&self, new: &NewSession<'_>, replaces: Option<&str>, now: DateTime<Utc>) -> Result<()> {
        in_tx!(self.db, |tx| {
            if let Some(old) = replaces {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(old).execute(&mut *tx).await?;
            }
            sqlx::query(
                "INSERT INTO sessions (token_hash, public_id, account_id, stage, created_at, \
                 last_seen_at, authenticated_at, factor_failures, ip, user_agent, partner) \
                 VALUES ($1, $2, $3, $4, $5, $5, $5, 0, $6, $7, $8)",
            )
            .bind(new.token_hash)
            .bind(Uuid::new_v4())
            .bind(new.account_id.0)
            .bind(new.stage.as_str())
            .bind(now)
            .bind(new.ip)
            .bind(new.user_agent)
            .bind(new.partner)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        let row =
            run!(self.db, |p| sqlx::query_as::<_, SessionRow>(SELECT_ONE).bind(token_hash).fetch_optional(p).await)?;
        row.map(Session::try_from).transpose()
    }

    pub async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        run!(self.db, |p| sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Counts one failed second-factor try on a half-signed-in session; returns the new count.
    pub async fn bump_factor_failures(&self, token_hash: &str) -> Result<i64> {
        let q = "UPDATE sessions SET factor_failures = factor_failures + 1 WHERE token_hash = $1 \
                 RETURNING factor_failures";
        let n = run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(token_hash).fetch_optional(p).await)?;
        Ok(n.unwrap_or(i64::MAX))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        run!(self.db, |p| sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Ends every session of an account and revokes its API tokens (sign out everywhere).
    pub async fn delete_sessions_of(&self, account: AccountId, now: DateTime<Utc>) -> Result<u64> {
        let done = in_tx!(self.db, |tx| {
            sqlx::query(crate::tokens::REVOKE_ALL).bind(account.0).bind(now).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(done)
    }

    /// Ends one session of this account by its public id; false if there is none such.
    pub async fn delete_session_of(&self, account: AccountId, public_id: Uuid) -> Result<bool> {
        let q = "DELETE FROM sessions WHERE account_id = $1 AND public_id = $2";
        let done = run!(self.db, |p| sqlx::query(q)
            .bind(account.0)
            .bind(public_id)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    pub async fn sessions_of(&self, account: AccountId) -> Result<Vec<Session>> {
        let rows =
            run!(self.db, |p| sqlx::query_as::<_, SessionRow>(SELECT_OF_ACCOUNT).bind(account.0).fetch_all(p).await)?;
        rows.into_iter().map(Session::try_from).collect()
    }

    /// Removes sessions past the absolute lifetime or idle limit (cleanup job).
    pub async fn delete_stale_sessions(
        &self,
        created_before: DateTime<Utc>,
        seen_before: DateTime<Utc>,
    ) -> Result<u64> {
        let q = "DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2";
        let done = run!(self.db, |p| sqlx::query(q)
            .bind(created_before)
            .bind(seen_before)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done)
    }
}

#[derive(sqlx::FromRow)]
struct SessionAccountRow {
    #[sqlx(flatten)]
    session: SessionRow,
    a_username: String,
    a_email: String,
    a_email_verified: bool,
    a_unread: i64,
    a_role: String,
    a_lang: String,
    a_totp_secret: Option<String>,
    a_totp_last_step: Option<i64>,
    a_mfa_enrolled_at: Option<DateTime<Utc>>,
    a_is_demo: bool,
    a_created_at: DateTime<Utc>,
    a_uci: Option<String>,
    a_sign_in_kind: String,
}

const SELECT_WITH_ACCOUNT: &str = "SELECT s.token_hash, s.public_id, s.account_id, s.stage, s.created_at, \
     s.last_seen_at, s.authenticated_at, s.factor_failures, s.ip, s.user_agent, s.partner, \
     a.username AS a_username, a.email AS a_email, a.email_verified AS a_email_verified, a.role AS a_role, \
     a.lang AS a_lang, a.totp_secret AS a_totp_secret, a.totp_last_step AS a_totp_last_step, \
     a.mfa_enrolled_at AS a_mfa_enrolled_at, a.is_demo AS a_is_demo, a.created_at AS a_created_at, a.uci AS a_uci, \
     a.sign_in_kind AS a_sign_in_kind, \
     (SELECT COUNT(*) FROM letters l JOIN applications ap ON ap.id = l.application_id \
      WHERE ap.account_id = s.account_id AND l.read_at IS NULL) + \
     (SELECT COUNT(*) FROM messages m JOIN applications ap ON ap.id = m.application_id \
      WHERE ap.account_id = s.account_id AND m.from_staff = TRUE AND m.read_at IS NULL) AS a_unread \
     FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1";

impl Store {
    /// A session, its account and the account's unread letters and messages (the badge), in one
    /// round trip: every signed-in request needs all three.
    pub async fn session_with_account(
        &self,
        token_hash: &str,
    ) -> Result<Option<(Session, crate::accounts::Account, i64)>> {
        let row = run!(self.db, |p| sqlx::query_as::<_, SessionAccountRow>(SELECT_WITH_ACCOUNT)
            .bind(token_hash)
            .fetch_optional(p)
            .await)?;
        let Some(r) = row else { return Ok(None) };
        let account = crate::accounts::AccountRow {
            id: r.session.account_id,
            username: r.a_username,
            email: r.a_email,
            email_verified: r.a_email_verified,
            role: r.a_role,
            lang: r.a_lang,
            totp_secret: r.a_totp_secret,
            totp_last_step: r.a_totp_last_step,
            mfa_enrolled_at: r.a_mfa_enrolled_at,
            is_demo: r.a_is_demo,
            created_at: r.a_created_at,
            uci: r.a_uci,
            sign_in_kind: r.a_sign_in_kind,
        };
        Ok(Some((Session::try_from(r.session)?, crate::accounts::Account::try_from(account)?, r.a_unread)))
    }
}
