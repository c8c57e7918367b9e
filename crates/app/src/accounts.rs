//! Account changes a person makes: registering (username, email, password; the emailed code),
//! confirming the email, a new code, changing the password, a forgotten password's reset, and
//! ending sessions. Each writes its audit entry and mail with the change.

use chrono::{DateTime, Duration, Utc};
use portail_domain::account::{AccountId, Email, Role, Username};
use portail_domain::language::Lang;
use portail_domain::password::NewPassword;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_domain::secret::{digest, new_email_code};
use portail_domain::throttle::{COSTLY_ACTIONS_PER_ADDRESS, PER_ACCOUNT, PER_ADDRESS, ThrottleRule};
use portail_store::accounts::{NewAccount, NewCode};
use portail_store::codes::{CodeOutcome, PURPOSE_CONFIRM, PURPOSE_RESET};
use portail_store::{Record, StoreError};

use crate::{App, Error, FieldError, Result, mail};

/// How long an emailed confirmation code stays valid.
pub const CODE_LIFETIME_MINUTES: i64 = 30;
/// How long a reset link works.
pub const RESET_LIFETIME_MINUTES: i64 = 30;

/// "Username taken" answers per address: as many as a person choosing a name needs, not as many
/// as an enumeration needs (then the same growing wait as sign-in failures).
pub const USERNAME_PROBES: ThrottleRule = ThrottleRule { forget_after: Duration::hours(1), ..PER_ADDRESS };

/// What the registration form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Registration {
    pub username: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// The throttling key of a typed username, whether or not the account exists.
pub fn user_key(typed_username: &str) -> String {
    format!("user:{}", typed_username.trim().to_lowercase())
}

impl App {
    /// Registers an account with its confirmation code and email; every refused field at once
    /// (nothing is written then). `ip` counts registrations and "taken" answers per address.
    pub async fn register(&self, r: &Registration, lang: Lang, ip: &str, now: DateTime<Utc>) -> Result<AccountId> {
        let reg_key = format!("register:{ip}");
        let probe_key = format!("register-taken:{ip}");
        self.enforce_wait(&[(&reg_key, &COSTLY_ACTIONS_PER_ADDRESS), (&probe_key, &USERNAME_PROBES)], now).await?;
        let mut errors = vec![];
        let username = Username::parse(&r.username);
        if let Err(e) = &username {
            errors.push(FieldError::new("username", e.code()));
        }
        let email = Email::parse(&r.email);
        if let Err(e) = &email {
            errors.push(FieldError::new("email", e.code()));
        }
        let password = NewPassword::parse(&r.password, r.username.trim());
        if let Err(e) = &password {
            errors.push(FieldError::new("password", e.code()));
        } else if r.password != r.password_confirm {
            errors.push(FieldError::new("password_confirm", "password-mismatch"));
        }
        let (Ok(username), Ok(email), Ok(password), true) = (username, email, password, errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        // Whether a username is taken is told only so often per address, and before any hashing.
        if self.store.account_by_username(username.as_str()).await?.is_some() {
            self.record_failures(&[(&probe_key, &USERNAME_PROBES)], now).await?;
            return Err(Error::field("username", "username-taken"));
        }
        let hash = self.hasher.hash(password.expose()).await?;
        let code = new_email_code();
        let code_hash = self.keyed_digest("email-code", &code);
        let mail = mail::confirm_code(email.as_str(), lang, &code, &self.settings.url("/register/confirm-email"));
        let new = NewAccount {
            username: username.as_str(),
            email: email.as_str(),
            role: Role::Applicant,
            lang,
            password_hash: &hash,
            is_demo: false,
        };
        let code = NewCode {
            code_hash: &code_hash,
            purpose: PURPOSE_CONFIRM,
            expires_at: now + Duration::minutes(CODE_LIFETIME_MINUTES),
        };
        let target = format!("account:{}", username.as_str());
        let who = format!("applicant:{}", username.as_str());
        let mails = [mail];
        let rec = Record::audit(&who, "account_registered", &target, "").mails(&mails);
        let id = match self.store.create_account(&new, Some(&code), Some(&rec), now).await {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => {
                self.record_failures(&[(&probe_key, &USERNAME_PROBES)], now).await?;
                return Err(Error::field("username", "username-taken"));
            }
            Err(e) => return Err(e.into()),
        };
        self.record_failures(&[(&reg_key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        self.mail_queued();
        tracing::info!(event = "account_registered", "new account");
        Ok(id)
    }

    /// Checks a typed confirmation code; the outcome says what to tell the person.
    pub async fn confirm_email(&self, account: AccountId, typed: &str, now: DateTime<Utc>) -> Result<CodeOutcome> {
        let typed: String = typed.chars().filter(|c| c.is_ascii_digit()).collect();
        Ok(self.store.confirm_email(account, &self.keyed_digest("email-code", &typed), now).await?)
    }

    /// Sends a new confirmation code (the old one stops working); limited per address.
    pub async fn resend_code(
        &self,
        account: AccountId,
        email: &str,
        lang: Lang,
        ip: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let key = format!("resend:{ip}");
        self.enforce_wait(&[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        let code = new_email_code();
        let code_hash = self.keyed_digest("email-code", &code);
        let mail = mail::confirm_code(email, lang, &code, &self.settings.url("/register/confirm-email"));
        let new = NewCode {
            code_hash: &code_hash,
            purpose: PURPOSE_CONFIRM,
            expires_at: now + Duration::minutes(CODE_LIFETIME_MINUTES),
        };
        self.store.replace_code(account, &new, Some(&mail), now).await?;
        self.record_failures(&[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        self.mail_queued();
        Ok(())
    }

    /// Changes the actor's password: the current one first; other sessions end; a notice is sent.
    pub async fn change_password(
        &self,
        actor: &Actor,
        session_hash: &str,
        current: &str,
        new: (&str, &str),
        now: DateTime<Utc>,
    ) -> Result<()> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        let ukey = user_key(&actor.username);
        self.enforce_wait(&[(&ukey, &PER_ACCOUNT)], now).await?;
        let account = self.store.account(actor.account).await?.ok_or(Error::NotFound)?;
        let stored = self.store.password_hash(actor.account).await?;
        let mut errors = vec![];
        if !self.hasher.verify(current, stored).await?.ok {
            self.record_failures(&[(&ukey, &PER_ACCOUNT)], now).await?;
            errors.push(FieldError::new("current_password", "current-password-wrong"));
        }
        let (password, confirm) = new;
        match NewPassword::parse(password, &actor.username) {
            Err(e) => errors.push(FieldError::new("password", e.code())),
            Ok(_) if password != confirm => errors.push(FieldError::new("password_confirm", "password-mismatch")),
            Ok(_) => {}
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let hash = self.hasher.hash(password).await?;
        let notice = [mail::password_changed(&account.email, account.lang, &self.settings.url("/sign-in"))];
        let (who, target) = (actor.audit_name(), format!("account:{}", actor.username));
        let rec = Record::audit(&who, "password_changed", &target, "").mails(&notice);
        self.store.set_password_hash(actor.account, &hash, Some(Some(session_hash)), Some(&rec), now).await?;
        self.mail_queued();
        tracing::info!(event = "password_changed", "password changed");
        Ok(())
    }

    /// Sends reset links to every account of an address (none are told apart in the answer).
    pub async fn send_reset_links(&self, email: &str, now: DateTime<Utc>) -> Result<()> {
        for account in self.store.accounts_by_email(email).await? {
            let token = portail_domain::secret::new_token();
            let link = self.settings.url(&format!("/reset-password?token={token}"));
            let mail = mail::reset_link(&account.email, account.lang, &account.username, &link);
            let code = NewCode {
                code_hash: &digest(&token),
                purpose: PURPOSE_RESET,
                expires_at: now + Duration::minutes(RESET_LIFETIME_MINUTES),
            };
            self.store.replace_code(account.id, &code, Some(&mail), now).await?;
        }
        self.mail_queued();
        Ok(())
    }

    /// Resets a forgotten password with the emailed token: every session ends, other tokens die.
    pub async fn reset_password(&self, token: &str, new: (&str, &str), now: DateTime<Utc>) -> Result<()> {
        let hash = digest(token);
        let account = match self.store.reset_token_account(&hash, now).await? {
            Some(id) => self.store.account(id).await?,
            None => None,
        };
        let account = account.ok_or(Error::NotFound)?;
        let (password, confirm) = new;
        match NewPassword::parse(password, &account.username) {
            Err(e) => return Err(Error::field("password", e.code())),
            Ok(_) if password != confirm => return Err(Error::field("password_confirm", "password-mismatch")),
            Ok(_) => {}
        }
        let new_hash = self.hasher.hash(password).await?;
        let notice = [mail::password_changed(&account.email, account.lang, &self.settings.url("/sign-in"))];
        let (who, target) =
            (format!("{}:{}", account.role.as_str(), account.username), format!("account:{}", account.username));
        let rec = Record::audit(&who, "password_reset", &target, "").mails(&notice);
        if !self.store.reset_password(&hash, account.id, &new_hash, Some(&rec), now).await? {
            return Err(Error::NotFound);
        }
        self.mail_queued();
        tracing::info!(event = "password_reset", "password reset");
        Ok(())
    }
}
