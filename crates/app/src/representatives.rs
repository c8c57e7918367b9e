//! Becoming a representative and staff verification: a signed-in person asks to act as one
//! (kind, name, membership, business); paid representatives wait until an administrator
//! verifies or refuses them (with a reason, emailed), and may later be suspended — which stops
//! every act on the next request, because the store reaches client files only for verified ones.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_domain::representation::{RepDecision, RepKind, RepStatus, membership_is_valid, new_number};
use portail_store::Record;
use portail_store::representatives::{NewRepresentative, Representative};

use crate::{App, Error, FieldError, Result, mail};

/// What the representative form sends.
#[derive(Debug, Clone, Default)]
pub struct RepresentativeInput {
    pub kind: String,
    pub full_name: String,
    pub membership: String,
    pub business_name: String,
    pub business_address: String,
    /// The person declares that what they gave is true and that they will act only with consent.
    pub declared: bool,
}

/// The staff lists: waiting for verification, and the others (to suspend or reinstate).
pub struct RepresentativeQueue {
    pub waiting: Vec<Representative>,
    pub decided: Vec<Representative>,
}

fn text(value: &str, max: usize) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && v.chars().count() <= max && !v.chars().any(char::is_control)).then_some(v)
}

fn address(value: &str) -> Option<&str> {
    let v = value.trim();
    let ok = !v.is_empty() && v.chars().count() <= 300 && !v.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    ok.then_some(v)
}

impl App {
    /// The actor's representative profile, if they have one.
    pub async fn representative_profile(&self, actor: &Actor) -> Result<Option<Representative>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.representative(actor.account).await?)
    }

    /// Records the actor's profile: verified at once when unpaid, waiting for staff when paid.
    pub async fn become_representative(
        &self,
        actor: &Actor,
        input: &RepresentativeInput,
        now: DateTime<Utc>,
    ) -> Result<Representative> {
        decide_account(actor, AccountAction::Apply)?;
        let mut errors = vec![];
        let kind = RepKind::parse(&input.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", "rep-kind-missing"));
        }
        let full_name = text(&input.full_name, 120);
        if full_name.is_none() {
            errors.push(FieldError::new("full_name", "rep-name-invalid"));
        }
        let paid = kind.is_some_and(RepKind::is_paid);
        let membership = input.membership.trim();
        if paid && !membership_is_valid(membership) {
            errors.push(FieldError::new("membership", "rep-membership-invalid"));
        }
        let business_name = if paid { text(&input.business_name, 160) } else { Some(input.business_name.trim()) };
        if business_name.is_none() || input.business_name.chars().count() > 160 {
            errors.push(FieldError::new("business_name", "rep-business-invalid"));
        }
        let business_address = address(&input.business_address);
        if paid && business_address.is_none() {
            errors.push(FieldError::new("business_address", "rep-address-invalid"));
        }
        if !input.declared {
            errors.push(FieldError::new("declared", "rep-declaration-missing"));
        }
        let (Some(kind), Some(full_name), Some(business_name), true) =
            (kind, full_name, business_name, errors.is_empty())
        else {
            return Err(Error::Invalid(errors));
        };
        let membership = if paid { membership.to_uppercase() } else { String::new() };
        let profile = NewRepresentative {
            number: "",
            kind,
            full_name,
            membership: &membership,
            business_name,
            business_address: business_address.unwrap_or(""),
        };
        self.insert_profile(actor, profile, now).await
    }

    async fn insert_profile(
        &self,
        actor: &Actor,
        profile: NewRepresentative<'_>,
        now: DateTime<Utc>,
    ) -> Result<Representative> {
        let (who, target) = (actor.audit_name(), format!("representative:{}", actor.account.0));
        for _ in 0..5 {
            let number = new_number();
            let profile = NewRepresentative { number: &number, ..profile };
            let rec = Record::audit(&who, "representative_requested", &target, profile.kind.as_str());
            match self.store.create_representative(actor.account, &profile, &rec, now).await {
                Ok(()) => {
                    tracing::info!(event = "representative_requested", kind = profile.kind.as_str());
                    return self.store.representative(actor.account).await?.ok_or(Error::NotFound);
                }
                // A taken number is tried again; an existing profile is the person's own.
                Err(portail_store::StoreError::Conflict(_)) => {
                    if self.store.representative(actor.account).await?.is_some() {
                        return Err(Error::Conflict("rep-exists"));
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Conflict("rep-exists"))
    }

    /// The verification queue and the decided profiles (administrators).
    pub async fn representative_queue(&self, actor: &Actor) -> Result<RepresentativeQueue> {
        decide_account(actor, AccountAction::Administer)?;
        let waiting = self.store.representatives_in(&[RepStatus::Pending], 200).await?;
        let decided = self
            .store
            .representatives_in(&[RepStatus::Verified, RepStatus::Suspended, RepStatus::Refused], 500)
            .await?;
        Ok(RepresentativeQueue { waiting, decided })
    }

    /// One profile, for the staff page.
    pub async fn representative_for_staff(&self, actor: &Actor, account: AccountId) -> Result<Representative> {
        decide_account(actor, AccountAction::Administer)?;
        self.store.representative(account).await?.ok_or(Error::NotFound)
    }

    /// Verifies, refuses, suspends or reinstates a profile; refusals and suspensions need a
    /// reason, which the person is told (by email, without personal data, and in their account).
    pub async fn decide_representative(
        &self,
        actor: &Actor,
        account: AccountId,
        decision: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<RepStatus> {
        decide_account(actor, AccountAction::Administer)?;
        let decision = RepDecision::parse(decision).ok_or_else(|| Error::field("decision", "rep-decision-missing"))?;
        let reason = reason.trim();
        if decision.needs_reason() && text(reason, 1000).is_none() {
            return Err(Error::field("reason", "rep-reason-missing"));
        }
        let rep = self.store.representative(account).await?.ok_or(Error::NotFound)?;
        let to = decision.apply(rep.status).ok_or(Error::Conflict("rep-stale"))?;
        if decision == RepDecision::Verify && rep.kind.is_paid() && rep.proof.is_none() {
            return Err(Error::Conflict("rep-proof-missing"));
        }
        let owner = self.store.account(account).await?.ok_or(Error::NotFound)?;
        let mails = [mail::representative_decided(&owner.email, owner.lang, &self.settings.url("/representative"))];
        let (who, target) = (actor.audit_name(), format!("representative:{}", account.0));
        let rec = Record::audit(&who, "representative_decided", &target, to.as_str()).mails(&mails);
        let kept = if decision.needs_reason() { reason } else { "" };
        if !self.store.decide_representative(account, rep.status, to, kept, &rec, now).await? {
            return Err(Error::Conflict("rep-stale"));
        }
        self.mail_queued();
        tracing::info!(event = "representative_decided", status = to.as_str());
        Ok(to)
    }
}
