//! Paying, declaring and submitting a draft; withdrawing a file; linking a file made on paper.
//! A double click, a retry or a reload never makes two applications: each submission carries an
//! idempotency key, and the draft row itself becomes the file.

use chrono::{DateTime, NaiveDate, Utc};
use portail_domain::application::payment::{demo_charge, parse_card};
use portail_domain::application::status::{Action, initial_steps, next};
use portail_domain::application::{ApplicationNumber, Readiness, Stage, parse_uci, readiness};
use portail_domain::catalog::Category;
use portail_domain::policy::{AccountAction, Actor, FileAction, decide_account};
use portail_domain::throttle::ThrottleRule;
use portail_store::Record;
use portail_store::submission::{Payment, Submission, SubmitOutcome};
use uuid::Uuid;

use crate::drafts::Draft;
use crate::{App, Error, FieldError, Result, mail};

/// Linking: five wrong tries lock it for 24 hours.
pub const LINKING: ThrottleRule = ThrottleRule {
    free_failures: 4,
    base_delay_secs: 86_400,
    max_delay_secs: 86_400,
    forget_after: chrono::Duration::hours(24),
};

/// A draft's readiness with its payment.
pub struct Review<'a> {
    pub draft: Draft<'a>,
    pub readiness: Readiness<'a>,
    pub payment: Payment,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CardInput {
    pub card_number: String,
    pub card_expiry: String,
    pub card_name: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SubmitInput {
    pub declaration_name: String,
    /// `yes` when the declaration was ticked.
    pub agree: String,
    /// The idempotency key: 64 hex characters, the same for every retry of one submission.
    pub submit_key: String,
}

/// A submission that went through (now, or before: a replay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub number: String,
    /// The same submission had already gone through; nothing new was made.
    pub replay: bool,
}

impl App {
    /// What still stops the actor's draft from being submitted (read as for reading).
    pub async fn review(&self, actor: &Actor, id: Uuid, today: NaiveDate) -> Result<Review<'_>> {
        let draft = self.draft_read(actor, id).await?;
        let docs = self.store.documents_of(&draft.file).await?;
        let payment = self.store.payment(&draft.file).await?;
        let uploaded: Vec<&str> = docs.iter().map(|d| d.item_key.as_str()).collect();
        let paid = payment.payment_receipt.as_ref().and(payment.paid_cents);
        let app = &draft.file.app;
        let readiness = readiness(draft.ty, &app.answers, &app.members, &uploaded, paid, today);
        Ok(Review { draft, readiness, payment })
    }

    /// Pays a draft's fee (demo card); paying a paid draft again does nothing.
    pub async fn pay(&self, actor: &Actor, id: Uuid, card: &CardInput, now: DateTime<Utc>) -> Result<()> {
        self.draft(actor, id).await?;
        let r = self.review(actor, id, now.date_naive()).await?;
        if r.readiness.paid {
            return Ok(());
        }
        let parsed = parse_card(&card.card_number, &card.card_expiry, &card.card_name, now.date_naive())
            .map_err(|list| Error::Invalid(list.into_iter().map(|(f, c)| FieldError::new(f, c)).collect()))?;
        let total = r.readiness.total_cents;
        let receipt = demo_charge(&parsed, total).map_err(|_| Error::field("card_number", "card-declined"))?;
        let (who, target) = (r.draft.file.actor_name(actor), id.to_string());
        let rec = Record::on(&r.draft.file, actor, &who, "fee_paid", &target, &receipt).timeline("fee_paid", &receipt);
        if !self.store.record_payment(&r.draft.file, &receipt, total, &rec, now).await? {
            // A twin request (a double click) paid first: one payment stands, recorded once.
            let paid_meanwhile = self.review(actor, id, now.date_naive()).await.is_ok_and(|r| r.readiness.paid);
            return if paid_meanwhile { Ok(()) } else { Err(Error::NotFound) };
        }
        tracing::info!(event = "fee_paid", amount_cents = total, "fee paid");
        Ok(())
    }

    /// The review page's one button, in the order the real services use: the declaration is
    /// checked, then the fee charged, then the draft submitted. Nothing is charged for a
    /// submission that cannot go through (a missing answer, an unsigned declaration, a person
    /// who may not sign), and a paid draft is never charged again (a retry after a crash only
    /// submits).
    pub async fn pay_and_submit(
        &self,
        actor: &Actor,
        id: Uuid,
        card: &CardInput,
        input: &SubmitInput,
        now: DateTime<Utc>,
    ) -> Result<Submitted> {
        decide_account(actor, AccountAction::Apply)?;
        self.file(actor, id, FileAction::Sign).await?;
        if let Some(done) = self.already_submitted(actor, id).await? {
            return Ok(done);
        }
        let r = match self.review(actor, id, now.date_naive()).await {
            // The twin request (a double click) submitted it meanwhile.
            Err(Error::NotFound) => return self.already_submitted(actor, id).await?.ok_or(Error::NotFound),
            other => other?,
        };
        if !r.readiness.paid {
            let mut errors: Vec<FieldError> = match check_submission(&r.readiness, input) {
                Ok(_) => vec![],
                Err(Error::Invalid(list)) => list.into_iter().filter(|e| e.code != "submit-not-paid").collect(),
                Err(other) => return Err(other),
            };
            if let Err(list) = parse_card(&card.card_number, &card.card_expiry, &card.card_name, now.date_naive()) {
                errors.extend(list.into_iter().map(|(f, c)| FieldError::new(f, c)));
            }
            if !errors.is_empty() {
                return Err(Error::Invalid(errors));
            }
            match self.pay(actor, id, card, now).await {
                // The twin request (a double click) paid and submitted meanwhile: `submit`
                // answers as it did.
                Ok(()) | Err(Error::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        self.submit(actor, id, input, now).await
    }

    /// Submits the actor's draft. A replay of a submission that went through answers as the first.
    pub async fn submit(&self, actor: &Actor, id: Uuid, input: &SubmitInput, now: DateTime<Utc>) -> Result<Submitted> {
        decide_account(actor, AccountAction::Apply)?;
        // Only the client signs the declaration: a representative prepares, never submits.
        self.file(actor, id, FileAction::Sign).await?;
        if let Some(done) = self.already_submitted(actor, id).await? {
            return Ok(done);
        }
        let checked = match self.draft(actor, id).await {
            Ok(_) => self.review(actor, id, now.date_naive()).await,
            Err(e) => Err(e),
        };
        let r = match checked {
            // The twin request won the race while this one was being checked.
            Err(Error::NotFound) => return self.already_submitted(actor, id).await?.ok_or(Error::NotFound),
            other => other?,
        };
        let (name, key) = check_submission(&r.readiness, input)?;
        let ty = r.draft.ty;
        let steps = initial_steps(ty.category == Category::Permanent);
        let owner = self.store.account(actor.account).await?.ok_or(Error::NotFound)?;
        let mails = [mail::submitted(&owner.email, owner.lang, &self.settings.url(&format!("/applications/{id}")))];
        let who = actor.audit_name();
        let target = id.to_string();
        for _ in 0..5 {
            let number = ApplicationNumber::generate(ty.line);
            let uci = portail_domain::application::new_uci();
            let s = Submission {
                number: number.as_str(),
                declaration_name: name,
                submit_key: key,
                steps: &steps,
                uci: &uci,
            };
            let rec = Record::audit(&who, "submitted", &target, number.as_str())
                .timeline("submitted", number.as_str())
                .mails(&mails);
            match self.store.submit(&r.draft.file, &s, &rec, now).await? {
                SubmitOutcome::Submitted { number } => {
                    self.mail_queued();
                    tracing::info!(event = "application_submitted", type_id = %ty.id, "application submitted");
                    return Ok(Submitted { number, replay: false });
                }
                SubmitOutcome::AlreadySubmitted { number } => return Ok(Submitted { number, replay: true }),
                SubmitOutcome::NumberTaken => continue,
                SubmitOutcome::NotFound => return Err(Error::NotFound),
            }
        }
        Err(Error::Internal(anyhow::anyhow!("no free application number after 5 draws")))
    }

    /// The answer to a replayed submission: the actor's file `id`, when it is no longer a draft.
    async fn already_submitted(&self, actor: &Actor, id: Uuid) -> Result<Option<Submitted>> {
        // The owner's file, whatever the token's scopes (the caller checked the write scope).
        let Some(file) = self.store.reach_file(actor.reach(), id).await?.filter(|f| f.facts.is_owner) else {
            return Ok(None);
        };
        Ok(match (&file.app.number, file.app.stage) {
            (Some(number), stage) if stage != Stage::Draft => Some(Submitted { number: number.clone(), replay: true }),
            _ => None,
        })
    }

    /// Withdraws a file that is not decided yet (and not managed in the PR portal).
    pub async fn withdraw(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: &str,
        confirmed: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.withdrawable(actor, id).await?;
        if !confirmed || reason.chars().count() > 1000 {
            return Err(Error::field("confirm", "withdraw-not-confirmed"));
        }
        let to = next(file.app.stage, Action::Withdraw).ok_or(Error::NotFound)?;
        let owner = self.store.account(file.owner()).await?.ok_or(Error::NotFound)?;
        let mails = [mail::withdrawn(&owner.email, owner.lang, &self.settings.url(&format!("/applications/{id}")))];
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "withdrawn", &target, "").timeline("withdrawn", reason.trim()).mails(&mails);
        if !self.store.change_stage(&file, file.app.stage, to, &rec, now).await? {
            return Err(Error::Conflict("office-stale"));
        }
        self.mail_queued();
        tracing::info!(event = "application_withdrawn", "application withdrawn");
        Ok(())
    }

    /// The actor's file, when the status machine lets it be withdrawn now.
    pub async fn withdrawable(&self, actor: &Actor, id: Uuid) -> Result<portail_store::FileRef> {
        let file = self.file(actor, id, FileAction::Follow).await?;
        portail_domain::policy::decide(actor, FileAction::Sign, &file.facts)?;
        next(file.app.stage, Action::Withdraw).ok_or(Error::NotFound)?;
        Ok(file)
    }

    /// Links a file made on paper (number + UCI + date of birth); five misses lock it for a day.
    pub async fn link_paper_file(
        &self,
        actor: &Actor,
        number: &str,
        uci: &str,
        date_of_birth: &str,
        now: DateTime<Utc>,
    ) -> Result<Uuid> {
        decide_account(actor, AccountAction::Apply)?;
        let key = format!("link:{}", actor.account.0);
        self.enforce_wait(&[(&key, &LINKING)], now).await?;
        let mut errors = vec![];
        let number = ApplicationNumber::parse(number);
        if number.is_none() {
            errors.push(FieldError::new("number", "link-number-invalid"));
        }
        let uci = parse_uci(uci);
        if uci.is_none() {
            errors.push(FieldError::new("uci", "link-uci-invalid"));
        }
        let birth = portail_domain::application::parse_date(date_of_birth);
        if let Err(code) = birth {
            errors.push(FieldError::new("date_of_birth", code));
        }
        let birth = birth.ok();
        let (Some(n), Some(u), Some(b), true) = (number, uci, birth, errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        let id = Uuid::new_v4();
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "paper_file_linked", &target, n.as_str()).timeline("linked", "");
        if self.store.link_paper_file(actor.account, id, (n.as_str(), &u, b), &rec, now).await? {
            tracing::info!(event = "application_linked", "paper application linked");
            return Ok(id);
        }
        self.record_failures(&[(&key, &LINKING)], now).await?;
        let used = self.failures(&key).await?.max(1);
        tracing::info!(event = "link_failed", "no file matched");
        let left = (LINKING.free_failures + 1 - used).max(0);
        Err(Error::Invalid(vec![FieldError::new("number", "link-no-match").with("left", left.to_string())]))
    }
}

/// The declaration's checks; the name and the key when all is well.
fn check_submission<'i>(r: &Readiness<'_>, input: &'i SubmitInput) -> Result<(&'i str, &'i str)> {
    let mut errors = vec![];
    if !r.missing_sections.is_empty() {
        errors.push(FieldError::new("missing", "submit-sections-missing"));
    }
    if !r.missing_documents.is_empty() {
        errors.push(FieldError::new("missing", "submit-documents-missing"));
    }
    if !r.paid {
        errors.push(FieldError::new("card_number", "submit-not-paid"));
    }
    let name = input.declaration_name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        errors.push(FieldError::new("declaration_name", "declaration-name-missing"));
    }
    if input.agree != "yes" {
        errors.push(FieldError::new("agree", "declaration-not-agreed"));
    }
    let key = input.submit_key.trim();
    if key.len() != 64 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        errors.push(FieldError::new("declaration_name", "error-form-malformed"));
    }
    if errors.is_empty() { Ok((name, key)) } else { Err(Error::Invalid(errors)) }
}
