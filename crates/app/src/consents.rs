//! Consent between a client and a representative (IMM 5476), both ways, each a dated record: a
//! client appoints a representative for one file or all of theirs and signs with their typed
//! name; or a representative asks (client's email and file number) and the client accepts or
//! declines. Nothing is shared before the client agrees; the client revokes in one step, the
//! representative may withdraw with a reason; both sides are told, the file's history shows it.

use chrono::{DateTime, Utc};
use portail_domain::policy::{AccountAction, Actor, FileAction, decide_account};
use portail_domain::representation::{ConsentStatus, Correspondence, signature};
use portail_domain::throttle::ThrottleRule;
use portail_store::Record;
use portail_store::representatives::{Consent, NewConsent, Representative};
use uuid::Uuid;

use crate::{App, Error, FieldError, Result, mail};

/// Consent requests a representative may send: 20 a day are free, then a growing wait.
pub const CONSENT_REQUESTS: ThrottleRule = ThrottleRule {
    free_failures: 20,
    base_delay_secs: 60,
    max_delay_secs: 3600,
    forget_after: chrono::Duration::hours(24),
};

/// What a consent allows, as a form sends it.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// `act` or `read`.
    pub scope: String,
    /// `representative`, `both` or `client`.
    pub correspondence: String,
}

/// A client's appointment of a representative.
#[derive(Debug, Clone, Default)]
pub struct AppointInput {
    /// The representative's number (`R…`) or email.
    pub representative: String,
    /// One file, or every file of the client when `None`.
    pub application: Option<Uuid>,
    pub terms: Terms,
    pub signed_name: String,
}

/// A representative's request to act for a client.
#[derive(Debug, Clone, Default)]
pub struct ConsentRequestInput {
    pub client_email: String,
    pub application_number: String,
    pub terms: Terms,
}

fn parse_terms(t: &Terms, errors: &mut Vec<FieldError>) -> Option<(bool, Correspondence)> {
    let act = match t.scope.as_str() {
        "act" => Some(true),
        "read" => Some(false),
        _ => None,
    };
    if act.is_none() {
        errors.push(FieldError::new("scope", "consent-scope-missing"));
    }
    let corr = Correspondence::parse(&t.correspondence);
    if corr.is_none() {
        errors.push(FieldError::new("correspondence", "consent-correspondence-missing"));
    }
    act.zip(corr)
}

impl App {
    /// The actor's consents as a client (`as_client`) or as a representative, newest first.
    pub async fn consents(&self, actor: &Actor, as_client: bool) -> Result<Vec<Consent>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.consents_of(actor.account, as_client).await?)
    }

    /// The representatives acting on a file now (its owner, the representatives, officers).
    pub async fn representatives_of(&self, actor: &Actor, id: Uuid) -> Result<Vec<Consent>> {
        let action = if actor.is_staff() { FileAction::OfficeRead } else { FileAction::Read };
        let file = self.file(actor, id, action).await?;
        Ok(self.store.consents_covering(file.id()).await?)
    }

    /// The verified representative a client names by number or email.
    async fn named_representative(&self, named: &str) -> Result<Option<Representative>> {
        let named = named.trim();
        let found = if named.contains('@') {
            let mut all = self.store.representatives_by_email(&named.to_lowercase()).await?;
            all.retain(|r| r.status.may_act());
            if all.len() == 1 { all.pop() } else { None }
        } else {
            self.store.representative_by_number(&named.to_uppercase()).await?
        };
        Ok(found.filter(|r| r.status.may_act()))
    }

    /// The client appoints a representative, signing with their typed name; the consent is
    /// active at once and the representative is told.
    pub async fn appoint(&self, actor: &Actor, input: &AppointInput, now: DateTime<Utc>) -> Result<Uuid> {
        decide_account(actor, AccountAction::Apply)?;
        if let Some(id) = input.application {
            let file = self.file(actor, id, FileAction::Sign).await?;
            if !file.facts.is_owner {
                return Err(Error::NotFound);
            }
        }
        let mut errors = vec![];
        let rep = self.named_representative(&input.representative).await?.filter(|r| r.account_id != actor.account);
        if rep.is_none() {
            errors.push(FieldError::new("representative", "consent-rep-unknown"));
        }
        let terms = parse_terms(&input.terms, &mut errors);
        let signed = signature(&input.signed_name);
        if signed.is_none() {
            errors.push(FieldError::new("signed_name", "consent-signature-missing"));
        }
        let (Some(rep), Some((can_act, correspondence)), Some(signed), true) = (rep, terms, signed, errors.is_empty())
        else {
            return Err(Error::Invalid(errors));
        };
        let id = Uuid::new_v4();
        let c = NewConsent {
            id,
            client: actor.account,
            representative: rep.account_id,
            application: input.application,
            can_act,
            correspondence,
            status: ConsentStatus::Active,
            requested_by: "client",
            signed_name: &signed,
        };
        let mails = self.mail_to_representative(rep.account_id, mail::consent_given).await?;
        let (who, target) = (actor.audit_name(), format!("consent:{id}"));
        let rec = Record::audit(&who, "consent_given", &target, &rep.number)
            .timeline("representative_appointed", &rep.full_name)
            .mails(&mails);
        self.store.create_consent(&c, &rec, now).await.map_err(conflict)?;
        self.mail_queued();
        tracing::info!(event = "consent_given");
        Ok(id)
    }

    fn clients_url(&self) -> String {
        self.settings.url("/representative/clients")
    }

    /// A representative asks to act for a client on one file. The answer is the same whether or
    /// not the client and file exist and match: a guessed email or number learns nothing.
    pub async fn request_consent(&self, actor: &Actor, input: &ConsentRequestInput, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Apply)?;
        let rep = self.acting_representative(actor).await?;
        let mut errors = vec![];
        let email = input.client_email.trim().to_lowercase();
        if !email.contains('@') || email.chars().count() > 254 {
            errors.push(FieldError::new("client_email", "consent-email-invalid"));
        }
        let number = input.application_number.trim().to_uppercase();
        if number.is_empty() || number.chars().count() > 40 {
            errors.push(FieldError::new("application_number", "consent-number-invalid"));
        }
        let terms = parse_terms(&input.terms, &mut errors);
        let (Some((can_act, correspondence)), true) = (terms, errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        let key = format!("consent-request:{}", actor.account.0);
        self.enforce_wait(&[(&key, &CONSENT_REQUESTS)], now).await?;
        self.record_failures(&[(&key, &CONSENT_REQUESTS)], now).await?;
        let Some((application, client)) = self.store.file_of_client(&number, &email).await? else {
            return Ok(());
        };
        if client == actor.account {
            return Ok(());
        }
        let id = Uuid::new_v4();
        let c = NewConsent {
            id,
            client,
            representative: rep.account_id,
            application: Some(application),
            can_act,
            correspondence,
            status: ConsentStatus::Requested,
            requested_by: "representative",
            signed_name: "",
        };
        let owner = self.store.account(client).await?.ok_or(Error::NotFound)?;
        let mails = [mail::consent_asked(&owner.email, owner.lang, &self.settings.url("/account/representatives"))];
        let (who, target) = (actor.audit_name(), format!("consent:{id}"));
        let rec = Record::audit(&who, "consent_requested", &target, "").mails(&mails);
        match self.store.create_consent(&c, &rec, now).await {
            // Already asked (or given): the same answer.
            Ok(()) | Err(portail_store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
        self.mail_queued();
        Ok(())
    }

    /// The profile the actor acts under now — their own, or that of the representative they
    /// assist — when it may act for clients; refused with the reason otherwise.
    pub async fn acting_representative(&self, actor: &Actor) -> Result<Representative> {
        let rep = match self.store.representative(actor.account).await? {
            Some(own) => own,
            None => self.store.principal_of(actor.account).await?.ok_or(Error::Conflict("rep-none"))?,
        };
        if !rep.status.may_act() {
            return Err(Error::Conflict("rep-not-acting"));
        }
        Ok(rep)
    }

    /// The client accepts (signing with their typed name) or declines a representative's request.
    pub async fn answer_consent(
        &self,
        actor: &Actor,
        id: Uuid,
        accept: bool,
        signed_name: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        decide_account(actor, AccountAction::Apply)?;
        let c = self.store.consent(id).await?.filter(|c| c.client_id == actor.account).ok_or(Error::NotFound)?;
        if c.status != ConsentStatus::Requested {
            return Err(Error::Conflict("consent-stale"));
        }
        let signed = if accept {
            Some(signature(signed_name).ok_or_else(|| Error::field("signed_name", "consent-signature-missing"))?)
        } else {
            None
        };
        let (to, action) = if accept {
            (ConsentStatus::Active, "consent_accepted")
        } else {
            (ConsentStatus::Declined, "consent_declined")
        };
        let mails =
            if accept { self.mail_to_representative(c.representative_id, mail::consent_given).await? } else { vec![] };
        let (who, target) = (actor.audit_name(), format!("consent:{id}"));
        let mut rec = Record::audit(&who, action, &target, "").mails(&mails);
        if accept {
            rec = rec.timeline("representative_appointed", &c.representative_name);
        }
        if !self.store.set_consent_status(&c, to, signed.as_deref(), "", &rec, now).await? {
            return Err(Error::Conflict("consent-stale"));
        }
        self.mail_queued();
        Ok(())
    }

    /// A mail to the representative, in their language, pointing to their clients.
    async fn mail_to_representative(
        &self,
        rep: portail_domain::account::AccountId,
        make: fn(&str, portail_domain::language::Lang, &str) -> portail_store::NewMail,
    ) -> Result<Vec<portail_store::NewMail>> {
        let rep = self.store.account(rep).await?.ok_or(Error::NotFound)?;
        Ok(vec![make(&rep.email, rep.lang, &self.clients_url())])
    }

    /// The client takes a consent back: the representative's next request is refused.
    pub async fn revoke_consent(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Apply)?;
        let c = self.store.consent(id).await?.filter(|c| c.client_id == actor.account).ok_or(Error::NotFound)?;
        let mails = self.mail_to_representative(c.representative_id, mail::consent_ended).await?;
        self.end_consent(actor, &c, ConsentStatus::Revoked, "", &mails, now).await
    }

    /// The representative steps down from a consent, with a reason the client is told.
    pub async fn withdraw_from_consent(&self, actor: &Actor, id: Uuid, reason: &str, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Apply)?;
        let c =
            self.store.consent(id).await?.filter(|c| c.representative_id == actor.account).ok_or(Error::NotFound)?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 1000 {
            return Err(Error::field("reason", "consent-reason-missing"));
        }
        let client = self.store.account(c.client_id).await?.ok_or(Error::NotFound)?;
        let mails = [mail::consent_ended(&client.email, client.lang, &self.settings.url("/account/representatives"))];
        self.end_consent(actor, &c, ConsentStatus::Withdrawn, reason, &mails, now).await
    }

    async fn end_consent(
        &self,
        actor: &Actor,
        c: &Consent,
        to: ConsentStatus,
        reason: &str,
        mails: &[portail_store::NewMail],
        now: DateTime<Utc>,
    ) -> Result<()> {
        if c.status != ConsentStatus::Active {
            return Err(Error::Conflict("consent-stale"));
        }
        let kind = if to == ConsentStatus::Revoked { "representative_revoked" } else { "representative_withdrew" };
        let (who, target) = (actor.audit_name(), format!("consent:{}", c.id));
        let detail = if reason.is_empty() { c.representative_name.clone() } else { reason.to_owned() };
        let rec = Record::audit(&who, kind, &target, reason).timeline(kind, &detail).mails(mails);
        if !self.store.set_consent_status(c, to, None, reason, &rec, now).await? {
            return Err(Error::Conflict("consent-stale"));
        }
        self.mail_queued();
        tracing::info!(event = kind);
        Ok(())
    }
}

fn conflict(e: portail_store::StoreError) -> Error {
    match e {
        portail_store::StoreError::Conflict(_) => Error::Conflict("consent-exists"),
        other => other.into(),
    }
}
