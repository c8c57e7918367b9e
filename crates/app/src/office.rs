//! What officers do to a file: take or release it, write a note, set a step, decide (with the
//! letter and email that follow), send an instruction letter; and read its documents after a
//! recent sign-in. Every change checks the version the officer saw.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portail_domain::application::status::{Step, StepState, next};
use portail_domain::application::{Answers, Stage};
use portail_domain::letters::{LetterValues, check, decision, instruction_letter};
use portail_domain::policy::{AccountAction, Actor, FileAction, decide_account};
use portail_store::office::{NewLetter, NewNote, Outcome, QueueFilter, QueueRow, Transition};
use portail_store::{FileRef, Record};
use uuid::Uuid;

use crate::{App, Error, Result, mail};

/// Documents are identity papers: an officer reads one only within this long of a sign-in.
pub const DOCUMENT_REAUTH: Duration = Duration::minutes(15);

/// The applicant's name as given in the questionnaire.
pub fn principal_name(answers: &Answers) -> String {
    let given = answers.get("personal.given_names").map(String::as_str).unwrap_or("");
    let family = answers.get("personal.family_name").map(String::as_str).unwrap_or("");
    format!("{given} {family}").trim().to_owned()
}

/// An instruction letter an officer sends.
#[derive(Debug, Clone, Default)]
pub struct LetterInput {
    pub kind: String,
    pub version: i64,
    pub text: String,
    /// For interviews: the date, `YYYY-MM-DD`, not in the past.
    pub date: String,
}

impl App {
    /// The work queue (staff only).
    pub async fn queue(
        &self,
        actor: &Actor,
        filter: &QueueFilter,
        limit: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<QueueRow>> {
        decide_account(actor, AccountAction::OfficeQueue)?;
        Ok(self.store.queue(filter, limit, now).await?)
    }

    /// An officer takes the file (`true`) or releases it.
    pub async fn assign(&self, actor: &Actor, id: Uuid, take: bool, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let (who, target) = (actor.audit_name(), id.to_string());
        let action = if take { "file_taken" } else { "file_released" };
        let officer = take.then_some(actor.account);
        if !self.store.assign(&file, officer, &Record::audit(&who, action, &target, ""), now).await? {
            return Err(Error::NotFound);
        }
        Ok(())
    }

    /// Writes a note on a file: internal (staff only), or `on_file`, which the applicant then
    /// reads in the file's history.
    pub async fn add_note(&self, actor: &Actor, id: Uuid, body: &str, on_file: bool, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let body = body.trim();
        if body.is_empty()
            || body.chars().count() > 5000
            || body.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(Error::field("note", "office-note-invalid"));
        }
        let (who, target) = (actor.audit_name(), id.to_string());
        let note = NewNote { author: &actor.username, body, on_file };
        let rec = Record::audit(&who, "note_added", &target, if on_file { "on_file" } else { "" });
        self.store.add_note(&file, &note, &rec, now).await?;
        Ok(())
    }

    /// Sets one processing step, if nobody changed the file since `version`.
    pub async fn set_step(
        &self,
        actor: &Actor,
        id: Uuid,
        step: Step,
        state: StepState,
        version: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        if !open_for_work(file.app.stage) {
            return Err(Error::Conflict("office-not-allowed"));
        }
        let detail = format!("{}={}", step.as_str(), state.as_str());
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "step_set", &target, &detail).timeline("step_changed", &detail);
        let t = Transition {
            from: file.app.stage,
            to: file.app.stage,
            expected_version: version,
            letter: None,
            step: Some((step, state)),
        };
        self.apply(&file, &t, &rec, now).await
    }

    /// Takes a decision (`acknowledge`, `start`, `approve`, `refuse`, `return`) through the
    /// status machine, with its letter in the applicant's language and the email.
    pub async fn decide(
        &self,
        actor: &Actor,
        id: Uuid,
        value: &str,
        version: i64,
        reasons: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let d = decision(value).ok_or(Error::field("action", "error-form-malformed"))?;
        let to = next(file.app.stage, d.action).ok_or(Error::Conflict("office-not-allowed"))?;
        let owner = self.store.account(file.owner()).await?.ok_or(Error::NotFound)?;
        let values = letter_values(&file, owner.lang, reasons, "");
        if let Some(kind) = d.letter {
            check(kind, &values).map_err(|code| Error::field("reasons", code))?;
        }
        let params = serde_json::to_string(&values).map_err(|e| Error::Internal(e.into()))?;
        let mails =
            if d.letter.is_some() { self.file_mails(&file, "/inbox", mail::letter_waiting).await? } else { vec![] };
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, d.value, &target, to.as_str()).timeline(d.event, "").mails(&mails);
        let letter = d.letter.map(|kind| NewLetter { kind, params: &params });
        let t = Transition { from: file.app.stage, to, expected_version: version, letter, step: None };
        self.apply(&file, &t, &rec, now).await?;
        tracing::info!(event = "file_decided", action = d.value, "officer action");
        Ok(())
    }

    /// Sends an instruction letter (biometrics, medical, interview …) and opens its step.
    pub async fn send_letter(&self, actor: &Actor, id: Uuid, input: &LetterInput, now: DateTime<Utc>) -> Result<()> {
        let file = self.file(actor, id, FileAction::OfficeAct).await?;
        let (kind, step) = instruction_letter(&input.kind).ok_or(Error::field("letter", "error-form-malformed"))?;
        if !open_for_work(file.app.stage) {
            return Err(Error::Conflict("office-not-allowed"));
        }
        let date = input.date.trim();
        let in_past = NaiveDate::parse_from_str(date, "%Y-%m-%d").map(|d| d < now.date_naive()).unwrap_or(true);
        if kind == "interview" && in_past {
            return Err(Error::field("letter", "letter-missing-date"));
        }
        let owner = self.store.account(file.owner()).await?.ok_or(Error::NotFound)?;
        let values = letter_values(&file, owner.lang, &input.text, date);
        check(kind, &values).map_err(|code| Error::field("letter", code))?;
        let params = serde_json::to_string(&values).map_err(|e| Error::Internal(e.into()))?;
        let mails = self.file_mails(&file, "/inbox", mail::letter_waiting).await?;
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "letter_sent", &target, kind).timeline("letter_sent", "").mails(&mails);
        let t = Transition {
            from: file.app.stage,
            to: file.app.stage,
            expected_version: input.version,
            letter: Some(NewLetter { kind, params: &params }),
            step: step.map(|s| (s, StepState::WaitingOnYou)),
        };
        self.apply(&file, &t, &rec, now).await
    }

    async fn apply(&self, file: &FileRef, t: &Transition<'_>, rec: &Record<'_>, now: DateTime<Utc>) -> Result<()> {
        match self.store.transition(file, t, rec, now).await? {
            Outcome::Done => {
                if !rec.mails.is_empty() {
                    self.mail_queued();
                }
                Ok(())
            }
            Outcome::Stale => Err(Error::Conflict("office-stale")),
        }
    }

    /// A file's document for an officer: after a sign-in of the last 15 minutes only.
    pub async fn office_document(
        &self,
        actor: &Actor,
        id: Uuid,
        doc: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(portail_store::documents::DocumentRecord, portail_documents::ByteStream)> {
        if !actor.signed_in_within(DOCUMENT_REAUTH, now) {
            return Err(Error::ReauthRequired);
        }
        let file = self.file(actor, id, FileAction::OfficeRead).await?;
        self.open_document(actor, &file, doc, now).await
    }

    /// A letter of a file the actor reads (`action`), rendered; staff reads are audited.
    pub async fn file_letter(
        &self,
        actor: &Actor,
        id: Uuid,
        letter: Uuid,
        action: FileAction,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        let file = self.file(actor, id, action).await?;
        let l = self.store.letters_of(&file).await?.into_iter().find(|l| l.id == letter).ok_or(Error::NotFound)?;
        if actor.is_staff() {
            self.audit_read(actor, &file, "letter_viewed", &l.id.to_string(), now).await?;
        }
        self.render_letter(&l.kind, &l.params, l.created_at)
    }
}

/// Officers work a file (steps, letters, requests) until it is decided.
pub fn open_for_work(stage: Stage) -> bool {
    matches!(stage, Stage::Submitted | Stage::Received | Stage::InProgress)
}

fn letter_values(file: &FileRef, lang: portail_domain::language::Lang, text: &str, deadline: &str) -> LetterValues {
    LetterValues {
        lang,
        number: file.app.number.clone().unwrap_or_default(),
        type_id: file.app.type_id.clone(),
        name: principal_name(&file.app.answers),
        reasons: text.trim().chars().take(5000).collect(),
        items: vec![],
        deadline: deadline.to_owned(),
        details: vec![],
    }
}
