//! Document requests: an officer asks (checklist items or free items, a deadline), the applicant
//! answers item by item and sends the answer, or asks for more time once before the deadline;
//! an officer grants or refuses the extension.

use chrono::{DateTime, Duration, Utc};
use portail_domain::application::Stage;
use portail_domain::application::checklist;
use portail_domain::deadline::{DEFAULT_DAYS, EXTENSION_DAYS};
use portail_domain::language::Lang;
use portail_domain::letters::{LetterValues, check};
use portail_domain::policy::{Actor, FileAction};
use portail_store::documents::DocumentRecord;
use portail_store::office::Outcome;
use portail_store::requests::{NewRequest, RequestRecord};
use portail_store::{FileRef, Record};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{App, Error, Result, mail};

/// One asked item, in both languages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AskedItem {
    pub en: String,
    pub fr: String,
}

impl AskedItem {
    pub fn get(&self, lang: Lang) -> &str {
        if lang == Lang::En { &self.en } else { &self.fr }
    }
}

pub fn items_of(r: &RequestRecord) -> Vec<AskedItem> {
    serde_json::from_str(&r.items).unwrap_or_default()
}

/// A request as its applicant answers it.
pub struct RequestView {
    pub file: FileRef,
    pub request: RequestRecord,
    pub documents: Vec<DocumentRecord>,
    /// How the deadline moved with outages, oldest first.
    pub moves: Vec<portail_store::outages::DeadlineMove>,
}

impl RequestView {
    /// The uploaded file of item `n`, if any.
    pub fn file_of(&self, n: usize) -> Option<&DocumentRecord> {
        let key = format!("request:{}:{n}", self.request.id);
        self.documents.iter().find(|d| d.item_key == key)
    }
}

/// What an officer's request form sends.
#[derive(Debug, Clone, Default)]
pub struct RequestInput {
    /// Checklist keys of the file to ask for.
    pub checklist_items: Vec<String>,
    /// Free items, one per line.
    pub free: String,
    /// Days to answer (empty: the default).
    pub days: String,
    pub note: String,
    pub version: i64,
}

impl App {
    /// One request of a file the actor reads.
    pub async fn request_view(&self, actor: &Actor, id: Uuid, rid: Uuid) -> Result<RequestView> {
        let file = self.file(actor, id, FileAction::Read).await?;
        let request = self.store.request(&file, rid).await?.ok_or(Error::NotFound)?;
        let documents = self.store.documents_of(&file).await?;
        let moves = self.store.deadline_moves_of(rid).await?;
        Ok(RequestView { file, request, documents, moves })
    }

    /// Sends the answer once every item has its file.
    pub async fn answer_request(&self, actor: &Actor, id: Uuid, rid: Uuid, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::Follow).await?;
        let request = self.store.request(&file, rid).await?.ok_or(Error::NotFound)?;
        if request.status != "open" {
            return Err(Error::Conflict("request-closed"));
        }
        let docs = self.store.documents_of(&file).await?;
        let missing =
            (0..items_of(&request).len()).any(|i| !docs.iter().any(|d| d.item_key == format!("request:{rid}:{i}")));
        if missing {
            return Err(Error::field("file-0", "request-items-missing"));
        }
        let mails = self.tell_client(actor, &file).await?;
        let (who, target, detail) = (file.actor_name(actor), id.to_string(), rid.to_string());
        let rec = Record::on(&file, actor, &who, "request_answered", &target, &detail)
            .timeline("request_answered", "")
            .mails(&mails);
        if !self.store.answer_request(&file, rid, &rec, now).await? {
            return Err(Error::Conflict("request-closed"));
        }
        self.mail_queued();
        Ok(())
    }

    /// Asks for more time, once, before the deadline.
    pub async fn ask_extension(
        &self,
        actor: &Actor,
        id: Uuid,
        rid: Uuid,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.file(actor, id, FileAction::Follow).await?;
        let reason = reason.trim();
        if reason.is_empty()
            || reason.chars().count() > 2000
            || reason.chars().any(|c| c.is_control() && c != '\n' && c != '\r')
        {
            return Err(Error::field("reason", "request-extension-reason"));
        }
        let mails = self.tell_client(actor, &file).await?;
        let (who, target, detail) = (file.actor_name(actor), id.to_string(), rid.to_string());
        let rec = Record::on(&file, actor, &who, "extension_asked", &target, &detail)
            .timeline("extension_asked", "")
            .mails(&mails);
        if !self.store.ask_extension(&file, rid, reason, &rec, now).await? {
            return Err(Error::Conflict("request-extension-closed"));
        }
        self.mail_queued();
        Ok(())
    }

    /// An officer asks the applicant for documents, with a letter and an email.
    pub async fn request_documents(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &RequestInput,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        if !matches!(file.app.stage, Stage::Submitted | Stage::Received | Stage::InProgress) {
            return Err(Error::Conflict("office-not-allowed"));
        }
        let items = asked_items(self, &file, input, now);
        if items.is_empty() {
            return Err(Error::field("request", "letter-missing-items"));
        }
        let days: i64 = match input.days.trim() {
            "" => DEFAULT_DAYS,
            d => d
                .parse()
                .ok()
                .filter(|n| (1..=365).contains(n))
                .ok_or(Error::field("request", "request-days-invalid"))?,
        };
        let deadline = now + Duration::days(days);
        let owner = self.store.account(file.owner()).await?.ok_or(Error::NotFound)?;
        let values = LetterValues {
            lang: owner.lang,
            number: file.app.number.clone().unwrap_or_default(),
            type_id: file.app.type_id.clone(),
            name: crate::office::principal_name(&file.app.answers),
            reasons: input.note.trim().chars().take(2000).collect(),
            items: items.iter().map(|i| i.get(owner.lang).to_owned()).collect(),
            deadline: deadline.format("%Y-%m-%d").to_string(),
            details: vec![],
        };
        check("document_request", &values).map_err(|code| Error::field("request", code))?;
        let params = serde_json::to_string(&values).map_err(|e| Error::Internal(e.into()))?;
        let items_json = serde_json::to_string(&items).map_err(|e| Error::Internal(e.into()))?;
        let mails = self.file_mails(&file, "/inbox", mail::letter_waiting).await?;
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec =
            Record::audit(&who, "documents_requested", &target, "").timeline("documents_requested", "").mails(&mails);
        let r = NewRequest {
            items: &items_json,
            note: &values.reasons,
            deadline,
            expected_version: input.version,
            letter_params: &params,
        };
        match self.store.create_request(&file, &r, &rec, now).await? {
            Outcome::Done => {
                self.mail_queued();
                Ok(())
            }
            Outcome::Stale => Err(Error::Conflict("office-stale")),
        }
    }

    /// An officer grants (the deadline moves by the extension) or refuses an asked extension.
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        id: Uuid,
        rid: Uuid,
        grant: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let r = self.store.request(&file, rid).await?.ok_or(Error::NotFound)?;
        let new_deadline = grant.then(|| r.deadline + Duration::days(EXTENSION_DAYS));
        let path = format!("/applications/{id}/requests/{rid}");
        let mails = self.file_mails(&file, &path, mail::letter_waiting).await?;
        let action = if grant { "extension_granted" } else { "extension_refused" };
        let (who, target, detail) = (actor.audit_name(), id.to_string(), rid.to_string());
        let rec = Record::audit(&who, action, &target, &detail).timeline(action, "").mails(&mails);
        if !self.store.decide_extension(&file, rid, new_deadline, &rec, now).await? {
            return Err(Error::Conflict("office-not-allowed"));
        }
        self.mail_queued();
        Ok(())
    }
}

/// The items an officer ticked on the file's checklist, then the free ones (20 at most).
fn asked_items(app: &App, file: &FileRef, input: &RequestInput, now: DateTime<Utc>) -> Vec<AskedItem> {
    let list = app
        .catalog
        .get(&file.app.type_id)
        .map(|ty| checklist(ty, &file.app.answers, &file.app.members, now.date_naive()))
        .unwrap_or_default();
    let mut items: Vec<AskedItem> = input
        .checklist_items
        .iter()
        .filter_map(|key| list.iter().find(|i| &i.key == key))
        .map(|i| AskedItem { en: i.rule.label.en.clone(), fr: i.rule.label.fr.clone() })
        .collect();
    for line in input.free.lines().map(str::trim).filter(|l| !l.is_empty()).take(20) {
        let text: String = line.chars().filter(|c| !c.is_control()).take(300).collect();
        items.push(AskedItem { en: text.clone(), fr: text });
    }
    items
}
