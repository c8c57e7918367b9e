//! Signing in through a Sign-In Partner (OpenID Connect), after the adapter checked the partner's
//! answer: the flow remembered between the two redirects, the account the identity belongs to (or
//! a new one), re-authentication as the same person, and the email address a partner account
//! gives before it is usable.

use chrono::{DateTime, Duration, Utc};
use portail_domain::account::{AccountId, Email};
use portail_domain::language::Lang;
use portail_domain::partner::Assurance;
use portail_domain::secret::{digest, new_email_code};
use portail_domain::session::SessionStage;
use portail_domain::throttle::COSTLY_ACTIONS_PER_ADDRESS;
use portail_store::Record;
use portail_store::accounts::NewCode;
use portail_store::codes::PURPOSE_CONFIRM;
use portail_store::partners::NewPartnerAccount;

use crate::accounts::CODE_LIFETIME_MINUTES;
use crate::model::{Account, PartnerFlow};
use crate::{App, Error, Result, mail};

/// A person as a partner vouched for them, after every check of its answer passed.
#[derive(Debug, Clone, Copy)]
pub struct Vouched<'a> {
    pub partner: &'a str,
    pub issuer: &'a str,
    pub subject: &'a str,
    pub email: Option<&'a str>,
    pub assurance: &'a Assurance,
}

/// Where a partner's answer leads.
#[derive(Debug)]
pub enum PartnerOutcome {
    /// The person signed in here re-authenticated at their partner.
    Reauthenticated(AccountId),
    /// The partner vouched for someone other than the person signed in here.
    OtherPerson,
    /// A sign-in: the account, and the stage its session starts at.
    SignIn(Box<Account>, SessionStage),
}

impl App {
    /// Remembers a flow until the partner sends the person back with `state`.
    pub async fn begin_partner_flow(&self, state: &str, flow: &PartnerFlow, now: DateTime<Utc>) -> Result<()> {
        self.store.create_partner_flow(&digest(state), flow, now).await?;
        tracing::info!(event = "partner_sign_in_started", partner = flow.partner.as_str());
        Ok(())
    }

    /// The flow of `state`, usable once.
    pub async fn take_partner_flow(&self, state: &str) -> Result<Option<PartnerFlow>> {
        Ok(self.store.take_partner_flow(&digest(state)).await?)
    }

    /// The account `who` belongs to (made on a first visit). For a re-authentication
    /// (`flow_account`), the identity must be that of the person signed in (`signed_in`).
    pub async fn partner_sign_in(
        &self,
        who: Vouched<'_>,
        flow_account: Option<AccountId>,
        signed_in: Option<AccountId>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<PartnerOutcome> {
        let known = self.store.partner_identity(who.issuer, who.subject).await?;
        if let Some(account) = flow_account {
            if known.as_ref().is_none_or(|k| k.account_id != account) || signed_in != Some(account) {
                return Ok(PartnerOutcome::OtherPerson);
            }
            self.store.touch_partner_identity(who.issuer, who.subject, who.assurance, now).await?;
            tracing::info!(event = "partner_reauthenticated", partner = who.partner);
            return Ok(PartnerOutcome::Reauthenticated(account));
        }
        let id = match known {
            Some(k) => {
                self.store.touch_partner_identity(who.issuer, who.subject, who.assurance, now).await?;
                k.account_id
            }
            None => {
                let id = AccountId::new();
                let username = format!("partner:{}", id.0.simple());
                let (actor, target) = (format!("applicant:{username}"), format!("account:{username}"));
                let rec = Record::audit(&actor, "account_registered", &target, who.partner);
                let new = NewPartnerAccount {
                    id,
                    issuer: who.issuer,
                    subject: who.subject,
                    partner: who.partner,
                    email: who.email.filter(|e| Email::parse(e).is_ok()).unwrap_or(""),
                    lang,
                    assurance: who.assurance,
                };
                let created = self.store.create_partner_account(&new, &rec, now).await?;
                tracing::info!(event = "account_registered", partner = who.partner, "new account through a partner");
                created
            }
        };
        let account = self.store.account(id).await?.ok_or(Error::NotFound)?;
        let stage = if !account.email_verified {
            SessionStage::Setup
        } else if account.has_totp() {
            SessionStage::SecondFactor
        } else {
            SessionStage::Full
        };
        tracing::info!(event = "partner_sign_in", partner = who.partner, "signed in through a partner");
        Ok(PartnerOutcome::SignIn(Box::new(account), stage))
    }

    /// A partner account gives the address portail writes to; a code is emailed to confirm it.
    pub async fn give_partner_email(
        &self,
        account: AccountId,
        typed: &str,
        ip: &str,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let key = format!("partner-email:{ip}");
        self.enforce_wait(&[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        let email = Email::parse(typed).map_err(|e| Error::field("email", e.code()))?;
        let code = new_email_code();
        let code_hash = self.keyed_digest("email-code", &code);
        let mail = mail::confirm_code(email.as_str(), lang, &code, &self.settings.url("/register/confirm-email"));
        let new = NewCode {
            code_hash: &code_hash,
            purpose: PURPOSE_CONFIRM,
            expires_at: now + Duration::minutes(CODE_LIFETIME_MINUTES),
        };
        self.store.set_unconfirmed_email(account, email.as_str(), &new, &mail, now).await?;
        self.record_failures(&[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
        self.mail_queued();
        Ok(())
    }
}
