//! PR confirmation: the person's three tasks (presence in Canada, details with a Canadian
//! mailing address, a photo to specification), an officer's review of each, the eCOPR and the
//! PR card. Every task change follows the domain's transition table (`task_next`).

use chrono::{DateTime, Utc};
use portail_documents::{Limits, WrappedKey, inspect_and_clean, photo_facts};
use portail_domain::language::Lang;
use portail_domain::letters::{LetterValues, check};
use portail_domain::policy::{Actor, FileAction, decide};
use portail_domain::pr::{
    CardStatus, PHOTO_SPEC, PROVINCES, PhotoFacts, Presence, TaskEvent, card_next, check_photo, ecopr_ready,
    parse_postal_code, parse_presence, postal_code_in_province, task_next,
};
use portail_store::pr_confirm::{Given, PrConfirmation, StoredPhoto, Task, TaskChange};
use portail_store::{FileRef, NewMail, Record};
use uuid::Uuid;

use crate::office::{DOCUMENT_REAUTH, principal_name};
use crate::uploads::TempFile;
use crate::{App, Error, FieldError, Result, mail};

/// What the address form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub details_confirmed: String,
    pub address_line: String,
    pub city: String,
    pub province: String,
    pub postal_code: String,
}

impl App {
    /// A file of the actor's PR portal, with its confirmation.
    pub async fn pr_file(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<(FileRef, PrConfirmation)> {
        let file = self.file(actor, id, FileAction::PrRead).await?;
        let c = self.store.pr_confirmation(&file, now).await?;
        Ok((file, c))
    }

    /// A PR-portal page view, audited (the PR portal's reads are the file's reads too).
    pub async fn read_pr_file(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<(FileRef, PrConfirmation)> {
        let (file, c) = self.pr_file(actor, id, now).await?;
        self.audit_read(actor, &file, "pr_file_viewed", "", now).await?;
        Ok((file, c))
    }

    /// Records what was given for `task` on `file`, which the caller opened for
    /// [`FileAction::PrTask`] before reading what was given.
    async fn give(
        &self,
        actor: &Actor,
        file: &FileRef,
        task: Task,
        given: &Given<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let c = self.store.pr_confirmation(file, now).await?;
        let from = task.state_in(&c);
        task_next(from, TaskEvent::Given).ok_or(Error::Conflict("pr-task-closed"))?;
        let (who, target) = (file.actor_name(actor), file.app.id.to_string());
        let action = format!("pr_{}_given", task.as_str());
        let rec = Record::on(file, actor, &who, &action, &target, "");
        let old =
            self.store.give_pr_task(file, from, given, &rec, now).await?.ok_or(Error::Conflict("pr-task-closed"))?;
        tracing::info!(event = "pr_task_given", task = task.as_str(), application = %file.app.id);
        Ok(old)
    }

    pub async fn declare_presence(
        &self,
        actor: &Actor,
        id: Uuid,
        choice: &str,
        entered_on: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // The declaration of presence is the client's own; who may give it is decided before
        // what was given is read.
        let file = self.file(actor, id, FileAction::Sign).await?;
        decide(actor, FileAction::PrTask, &file.facts)?;
        let presence = parse_presence(choice, entered_on, now.date_naive())
            .map_err(|code| Error::field(if code == "presence-choose" { "presence" } else { "entered_on" }, code))?;
        let (choice, entered) = match presence {
            Presence::InCanada { entered } => ("in_canada", Some(entered.to_string())),
            Presence::Outside => ("outside", None),
        };
        let given = Given::Presence { presence: choice, entered_on: entered.as_deref() };
        self.give(actor, &file, Task::Presence, &given, now).await.map(|_| ())
    }

    pub async fn give_address(&self, actor: &Actor, id: Uuid, f: &AddressInput, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::PrTask).await?;
        let mut errors = vec![];
        if f.details_confirmed != "yes" {
            errors.push(FieldError::new("details_confirmed", "pr-details-confirm"));
        }
        let line = f.address_line.trim();
        if line.is_empty() || line.chars().count() > 100 || line.chars().any(char::is_control) {
            errors.push(FieldError::new("address_line", "pr-address-line"));
        }
        let city = f.city.trim();
        if city.is_empty() || city.chars().count() > 60 || city.chars().any(char::is_control) {
            errors.push(FieldError::new("city", "pr-address-city"));
        }
        let province = PROVINCES.iter().find(|(p, _)| *p == f.province).map(|(p, _)| *p);
        if province.is_none() {
            errors.push(FieldError::new("province", "pr-address-province"));
        }
        let postal = parse_postal_code(&f.postal_code);
        match (&postal, province) {
            (None, _) => errors.push(FieldError::new("postal_code", "pr-postal-invalid")),
            (Some(p), Some(prov)) if !postal_code_in_province(p, prov) => {
                errors.push(FieldError::new("postal_code", "pr-postal-province"))
            }
            _ => {}
        }
        let (Some(province), Some(postal), true) = (province, postal, errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        let given = Given::Address { line, city, province, postal_code: &postal };
        self.give(actor, &file, Task::Address, &given, now).await.map(|_| ())
    }

    /// A photo checked against the specification (every failed check listed), then cleaned and
    /// encrypted like every document.
    pub async fn give_photo(&self, actor: &Actor, id: Uuid, received: TempFile, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::PrTask).await?;
        let path = received.0.clone();
        let facts = match self.cpu.run(move || photo_facts(&path)).await? {
            Some((is_jpeg, width, height, bytes)) => PhotoFacts { is_jpeg, width, height, bytes },
            None => PhotoFacts { is_jpeg: false, width: 0, height: 0, bytes: 0 },
        };
        let problems = check_photo(&facts, &PHOTO_SPEC);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems.into_iter().map(|c| FieldError::new("file", c)).collect()));
        }
        let cleaned = self.temp_file("clean").await?;
        let (src, dst) = (received.0.clone(), cleaned.0.clone());
        let (_, keep) = self
            .cpu
            .run(move || inspect_and_clean(&src, &dst, Limits::default()))
            .await?
            .map_err(|rejection| Error::field("file", rejection.code()))?;
        let stored = self.documents.put_file(&keep).await?;
        let photo = StoredPhoto {
            photo_object: stored.object_key.clone(),
            photo_master_id: stored.wrapped.master_id.clone(),
            photo_wrapped_key: stored.wrapped.sealed.clone(),
            photo_sha256: stored.sha256.clone(),
            photo_size: i64::try_from(stored.size).unwrap_or(i64::MAX),
        };
        match self.give(actor, &file, Task::Photo, &Given::Photo(&photo), now).await {
            Ok(old) => {
                if let Some(old) = old
                    && let Err(e) = self.documents.delete(&old).await
                {
                    tracing::warn!(error = %e, "replaced photo object not deleted; the cleanup job will");
                }
                Ok(())
            }
            Err(e) => {
                let _ = self.documents.delete(&stored.object_key).await;
                Err(e)
            }
        }
    }

    /// Mails every account managing the file in the PR portal (no personal data in the mail).
    async fn mails_to_pr_accounts(
        &self,
        file: &FileRef,
        make: impl Fn(&str, Lang, &str) -> NewMail,
    ) -> Result<Vec<NewMail>> {
        let url = self.settings.url(&format!("/pr/files/{}", file.id()));
        Ok(self
            .store
            .pr_accounts_of(file)
            .await?
            .into_iter()
            .map(|(email, lang)| make(&email, Lang::parse(&lang).unwrap_or_default(), &url))
            .collect())
    }

    /// An officer accepts a given task, or sends it back with a reason (mailed as a notice).
    pub async fn review_task(
        &self,
        actor: &Actor,
        id: Uuid,
        task: &str,
        decision: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let task = Task::parse(task).ok_or(Error::NotFound)?;
        let event = match decision {
            "accept" => TaskEvent::Accepted,
            "return" => TaskEvent::Returned,
            _ => return Err(Error::field(format!("decision-{}", task.as_str()), "office-pr-choose")),
        };
        let note = note.trim();
        if event == TaskEvent::Returned && (note.is_empty() || note.chars().count() > 1000) {
            return Err(Error::field(format!("note-{}", task.as_str()), "office-pr-reason"));
        }
        let c = self.store.pr_confirmation(&file, now).await?;
        let from = task.state_in(&c);
        let not_waiting =
            || Error::Invalid(vec![FieldError::new(format!("decision-{}", task.as_str()), "office-pr-not-waiting")]);
        let to = task_next(from, event).ok_or_else(not_waiting)?;
        let accept = event == TaskEvent::Accepted;
        let mails = if accept { vec![] } else { self.mails_to_pr_accounts(&file, mail::pr_task_returned).await? };
        let action = format!("pr_{}_{}", task.as_str(), if accept { "accepted" } else { "returned" });
        let note = if accept { "" } else { note };
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, &action, &target, note).timeline(&action, note).mails(&mails);
        let change = TaskChange { task, from, to, note };
        if !self.store.review_pr_task(&file, &change, &rec, now).await? {
            return Err(not_waiting());
        }
        self.mail_queued();
        Ok(())
    }

    /// Issues the eCOPR: a letter in the owner's language with the confirmed details.
    pub async fn issue_ecopr(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let owner = self.store.account(file.owner()).await?.ok_or(Error::NotFound)?;
        let c = self.store.pr_confirmation(&file, now).await?;
        if !ecopr_ready(c.tasks()) || c.ecopr_letter.is_some() {
            return Err(Error::Conflict("office-pr-not-ready"));
        }
        let app = &file.app;
        let mut details = vec![
            ("ecopr-born".to_owned(), app.answers.get("personal.date_of_birth").cloned().unwrap_or_default()),
            (
                "ecopr-uci".to_owned(),
                owner.uci.clone().map(|u| portail_domain::application::format_uci(&u)).unwrap_or_default(),
            ),
        ];
        if let Some(d) = &c.entered_on {
            details.push(("ecopr-entered".to_owned(), d.clone()));
        }
        details.push((
            "ecopr-address".to_owned(),
            format!("{}, {} {} {}", c.address_line, c.city, c.province, c.postal_code),
        ));
        let values = LetterValues {
            lang: owner.lang,
            number: app.number.clone().unwrap_or_default(),
            type_id: app.type_id.clone(),
            name: principal_name(&app.answers),
            reasons: String::new(),
            items: vec![],
            deadline: String::new(),
            details,
        };
        check("ecopr", &values).map_err(|code| Error::field("ecopr", code))?;
        let params = serde_json::to_string(&values).map_err(|e| Error::Internal(e.into()))?;
        let mails = self.mails_to_pr_accounts(&file, mail::ecopr_issued).await?;
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "ecopr_issued", &target, "").timeline("ecopr_issued", "").mails(&mails);
        if !self.store.issue_ecopr(&file, &params, &rec, now).await? {
            return Err(Error::Conflict("office-pr-not-ready"));
        }
        self.mail_queued();
        Ok(())
    }

    /// The PR card was mailed (after the eCOPR).
    pub async fn card_mailed(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let c = self.store.pr_confirmation(&file, now).await?;
        let not_ready = Error::Conflict("office-pr-card-not-ready");
        let to = card_next(c.card_status).filter(|s| *s == CardStatus::Mailed).ok_or(not_ready)?;
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "pr_card_mailed", &target, "").timeline("pr_card_mailed", "");
        if !self.store.move_card(&file, c.card_status, to, &rec, now).await? {
            return Err(Error::Conflict("office-pr-card-not-ready"));
        }
        Ok(())
    }

    /// The PR photo for an officer, after a sign-in of the last 15 minutes (as every document).
    pub async fn office_photo(
        &self,
        actor: &Actor,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<portail_documents::ByteStream> {
        if !actor.signed_in_within(DOCUMENT_REAUTH, now) {
            return Err(Error::ReauthRequired);
        }
        let file = self.file(actor, id, FileAction::OfficeRead).await?;
        let p = self.store.pr_photo(&file).await?.ok_or(Error::NotFound)?;
        self.audit_read(actor, &file, "pr_photo_viewed", &p.photo_sha256, now).await?;
        let wrapped = WrappedKey { master_id: p.photo_master_id.clone(), sealed: p.photo_wrapped_key.clone() };
        Ok(Box::pin(self.documents.open(&p.photo_object, &wrapped).await?))
    }
}
