//! Signing in and staying signed in: the password step, the second factor (TOTP or a recovery
//! code), re-authentication, sessions started, kept alive and ended. No outcome tells whether an
//! account exists, and every guess counts against the username and the address it came from.

use chrono::{DateTime, Utc};
use portail_domain::account::{AccountId, Username};
use portail_domain::secret::{digest, new_token, normalise_recovery_code};
use portail_domain::session::{Liveness, SessionPolicy, SessionStage};
use portail_domain::throttle::{PER_ACCOUNT, PER_ADDRESS};
use portail_domain::totp::{TotpCheck, TotpSecret};
use portail_store::sessions::NewSession;
use uuid::Uuid;

use crate::model::{Account, Session};
use crate::{App, Result};

/// Wrong second-factor codes allowed on one half-finished sign-in.
pub const MAX_FACTOR_FAILURES: i64 = 5;

/// Where a request came from, as the session list shows it.
#[derive(Debug, Clone, Copy)]
pub struct Client<'a> {
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// A session to start: whose, at which stage, through which Sign-In Partner (if any), and the
/// session it replaces (ended in the same step).
#[derive(Debug, Clone, Copy)]
pub struct SessionStart<'a> {
    pub account: AccountId,
    pub stage: SessionStage,
    pub partner: Option<&'a str>,
    pub replaces: Option<&'a str>,
}

/// A new session's token (for the cookie; only its digest is stored).
#[derive(Debug)]
pub struct SessionToken(pub String);

/// What a session cookie leads to.
#[derive(Debug)]
pub enum SessionState {
    None,
    /// It was valid once; it timed out (idle, too old, or a second factor never given).
    TimedOut,
    /// A live session, its account, and the account's unread letters and messages.
    Live(Box<(Session, Account, i64)>),
}

/// Where a person goes after the password step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterPassword {
    SecondFactor,
    EnrolMfa,
    ConfirmEmail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorResult {
    Accepted,
    Replayed,
    Wrong,
}

/// How a second-factor step ended.
#[derive(Debug)]
pub enum FactorOutcome {
    SignedIn(SessionToken),
    Refused(FactorResult),
    /// Too many wrong codes: the half-finished sign-in is over.
    Locked,
}

/// The throttling key of a typed username, whether or not the account exists.
pub fn user_key(typed_username: &str) -> String {
    format!("user:{}", typed_username.trim().to_lowercase())
}

pub fn address_key(ip: &str) -> String {
    format!("ip:{ip}")
}

impl App {
    /// The session a cookie's token leads to; ends it when it has timed out, and notes activity
    /// (at most every 30 seconds).
    pub async fn open_session(&self, token: &str, policy: &SessionPolicy, now: DateTime<Utc>) -> Result<SessionState> {
        let hash = digest(token);
        let Some((session, account, unread)) = self.store.session_with_account(&hash).await? else {
            return Ok(SessionState::None);
        };
        let in_time = match session.stage {
            SessionStage::Full | SessionStage::Setup => true,
            SessionStage::SecondFactor => now - session.created_at < policy.pending_second_factor,
        };
        if policy.liveness(session.created_at, session.last_seen_at, now) != Liveness::Alive || !in_time {
            self.store.delete_session(&hash).await?;
            return Ok(SessionState::TimedOut);
        }
        if now - session.last_seen_at > chrono::Duration::seconds(30) {
            self.store.touch_session(&hash, now).await?;
        }
        Ok(SessionState::Live(Box::new((session, account, unread))))
    }

    /// Starts a session with a brand-new token.
    pub async fn start_session(
        &self,
        s: SessionStart<'_>,
        client: Client<'_>,
        now: DateTime<Utc>,
    ) -> Result<SessionToken> {
        let token = new_token();
        let hash = digest(&token);
        let new = NewSession {
            token_hash: &hash,
            account_id: s.account,
            stage: s.stage,
            ip: client.ip,
            user_agent: client.user_agent,
            partner: s.partner,
        };
        self.store.create_session(&new, s.replaces, now).await?;
        Ok(SessionToken(token))
    }

    /// The password step. `None` when the username or the password is wrong (alike, and as
    /// slow); otherwise the account and where it goes next.
    pub async fn check_password(
        &self,
        username: &str,
        password: &str,
        ip: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Account, AfterPassword)>> {
        let (ukey, akey) = (user_key(username), address_key(ip));
        let keys = [(ukey.as_str(), &PER_ACCOUNT), (akey.as_str(), &PER_ADDRESS)];
        self.enforce_wait(&keys, now).await?;
        let account = match Username::parse(username) {
            Ok(u) => self.store.account_by_username(u.as_str()).await?,
            Err(_) => None,
        };
        let stored = match &account {
            Some(a) => self.store.password_hash(a.id).await?,
            None => None,
        };
        let verified = self.hasher.verify(password, stored).await?;
        let Some(account) = account.filter(|_| verified.ok) else {
            self.record_failures(&keys, now).await?;
            tracing::info!(event = "sign_in_failed", "wrong username or password");
            return Ok(None);
        };
        self.store.clear_failures(&ukey).await?;
        if verified.needs_rehash {
            let hash = self.hasher.hash(password).await?;
            self.store.set_password_hash(account.id, &hash, None, None, now).await?;
        }
        let next = if account.is_set_up() {
            AfterPassword::SecondFactor
        } else if account.email_verified {
            AfterPassword::EnrolMfa
        } else {
            AfterPassword::ConfirmEmail
        };
        tracing::info!(event = "password_accepted", "password accepted");
        Ok(Some((account, next)))
    }

    /// The second step of a sign-in whose password was accepted: a full session on success; after
    /// [`MAX_FACTOR_FAILURES`] wrong codes the half-finished session ends.
    pub async fn second_factor(
        &self,
        session: &Session,
        account: &Account,
        typed: &str,
        client: Client<'_>,
        now: DateTime<Utc>,
    ) -> Result<FactorOutcome> {
        let ukey = user_key(&account.username);
        self.enforce_wait(&[(&ukey, &PER_ACCOUNT)], now).await?;
        let result = self.check_second_factor(account, typed, now).await?;
        if result == FactorResult::Accepted {
            self.store.clear_failures(&ukey).await?;
            tracing::info!(event = "sign_in", "signed in");
            return Ok(FactorOutcome::SignedIn(self.full_session_after(session, client, now).await?));
        }
        tracing::info!(event = "second_factor_failed", "second factor refused");
        self.record_failures(&[(&ukey, &PER_ACCOUNT)], now).await?;
        if self.store.bump_factor_failures(&session.token_hash).await? >= MAX_FACTOR_FAILURES {
            self.store.delete_session(&session.token_hash).await?;
            return Ok(FactorOutcome::Locked);
        }
        Ok(FactorOutcome::Refused(result))
    }

    /// Re-authentication of someone signed in: the password, then a second factor. `Err(field,
    /// code)` names what was wrong; on success the session is replaced by a fresh one.
    pub async fn reauthenticate(
        &self,
        session: &Session,
        account: &Account,
        password: &str,
        code: &str,
        client: Client<'_>,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<SessionToken, (&'static str, &'static str)>> {
        let ukey = user_key(&account.username);
        self.enforce_wait(&[(&ukey, &PER_ACCOUNT)], now).await?;
        let stored = self.store.password_hash(account.id).await?;
        let refusal = if !self.hasher.verify(password, stored).await?.ok {
            Some(("password", "current-password-wrong"))
        } else {
            match self.check_second_factor(account, code, now).await? {
                FactorResult::Accepted => None,
                result => Some(("code", factor_error(result, code))),
            }
        };
        if let Some(r) = refusal {
            self.record_failures(&[(&ukey, &PER_ACCOUNT)], now).await?;
            return Ok(Err(r));
        }
        Ok(Ok(self.full_session_after(session, client, now).await?))
    }

    /// A full session replacing `session` (same account, same Sign-In Partner) once a second
    /// factor was given.
    async fn full_session_after(
        &self,
        session: &Session,
        client: Client<'_>,
        now: DateTime<Utc>,
    ) -> Result<SessionToken> {
        let start = SessionStart {
            account: session.account_id,
            stage: SessionStage::Full,
            partner: session.partner.as_deref(),
            replaces: Some(&session.token_hash),
        };
        self.start_session(start, client, now).await
    }

    /// Checks a second factor: a TOTP code (each step usable once, claimed atomically) or a
    /// recovery code (each usable once).
    pub async fn check_second_factor(
        &self,
        account: &Account,
        typed: &str,
        now: DateTime<Utc>,
    ) -> Result<FactorResult> {
        let normalised = normalise_recovery_code(typed);
        if normalised.len() == 24 {
            let used = self.store.use_recovery_code(account.id, &digest(&normalised), now).await?;
            return Ok(if used { FactorResult::Accepted } else { FactorResult::Wrong });
        }
        let Some(secret) = self.totp_secret_of(account) else {
            return Ok(FactorResult::Wrong);
        };
        Ok(match secret.check(typed, account.totp_last_step, now) {
            TotpCheck::Accepted { step } => {
                if self.store.claim_totp_step(account.id, step).await? {
                    FactorResult::Accepted
                } else {
                    FactorResult::Replayed
                }
            }
            TotpCheck::Replayed => FactorResult::Replayed,
            TotpCheck::Wrong => FactorResult::Wrong,
        })
    }

    /// The account's TOTP secret, opened from its sealed form; `None` without one (or when it
    /// cannot be opened: logged, and the code is refused).
    fn totp_secret_of(&self, account: &Account) -> Option<TotpSecret> {
        let stored = account.totp_secret.as_deref()?;
        match self.documents.keys().open_secret(stored, &crate::keys::totp_context(account.id)) {
            Ok(plain) => TotpSecret::from_base32(&plain),
            Err(e) => {
                tracing::error!(event = "totp_secret_unopenable", error = %e, "a TOTP secret could not be opened");
                None
            }
        }
    }

    /// Ends the session whose token digest is `token_hash`.
    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        Ok(self.store.delete_session(token_hash).await?)
    }

    /// Ends one of the actor's sessions, by the id the session list shows; false when there is
    /// no such session of theirs.
    pub async fn end_session_of(&self, account: AccountId, public_id: Uuid) -> Result<bool> {
        Ok(self.store.delete_session_of(account, public_id).await?)
    }

    /// Ends every session of the account; how many there were.
    pub async fn end_all_sessions(&self, account: AccountId, now: DateTime<Utc>) -> Result<u64> {
        let n = self.store.delete_sessions_of(account, now).await?;
        tracing::info!(event = "sign_out_everywhere", sessions = n, "signed out everywhere");
        Ok(n)
    }

    /// Notes activity on a session ("stay signed in").
    pub async fn keep_alive(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        Ok(self.store.touch_session(token_hash, now).await?)
    }

    /// Whether an emailed reset link still works.
    pub async fn reset_link_works(&self, token: &str, now: DateTime<Utc>) -> Result<bool> {
        Ok(self.store.reset_token_account(&digest(token), now).await?.is_some())
    }
}

/// The message for a refused second factor: a recovery code and an app code fail differently.
pub fn factor_error(result: FactorResult, typed: &str) -> &'static str {
    match result {
        FactorResult::Replayed => "totp-replayed",
        _ if normalise_recovery_code(typed).len() > 8 => "recovery-wrong",
        _ => "totp-wrong",
    }
}
