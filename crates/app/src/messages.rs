//! Messages about a file: the applicant writes to the agency, officers reply in the same thread
//! (the applicant is emailed that a message waits). A message and its attachment are written in
//! one transaction; a retried send with the same key makes no second message.

use chrono::{DateTime, Utc};
use portail_domain::application::Stage;
use portail_domain::policy::{Actor, FileAction};
use portail_store::documents::DocumentRecord;
use portail_store::messages::{Message, MessageOutcome, NewMessage};
use portail_store::{FileRef, Record};
use uuid::Uuid;

use crate::uploads::{Received, too_full};
use crate::{App, Error, FieldError, Result, mail};

pub const MAX_SUBJECT: usize = 150;
pub const MAX_BODY: usize = 5000;

/// A file's thread as its applicant reads it.
pub struct Thread {
    pub file: FileRef,
    pub messages: Vec<Message>,
    /// The file's documents (attachments are among them, as `message:<id>`).
    pub documents: Vec<DocumentRecord>,
}

/// What a message form or request body sends.
#[derive(Debug, Clone, Default)]
pub struct MessageInput {
    /// The idempotency key of this message (a retry sends the same): its id.
    pub key: Option<Uuid>,
    pub subject: String,
    pub body: String,
}

/// Checks a message's subject and text (stable codes on `subject` and `body`).
pub fn check_message(subject: &str, body: &str) -> Vec<FieldError> {
    let mut errors = vec![];
    let s = subject.trim();
    if s.is_empty() || s.chars().count() > MAX_SUBJECT || s.chars().any(char::is_control) {
        errors.push(FieldError::new("subject", "message-subject-invalid"));
    }
    let b = body.trim();
    let bad_control = b.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if b.is_empty() || b.chars().count() > MAX_BODY || bad_control {
        errors.push(FieldError::new("body", "message-body-invalid"));
    }
    errors
}

impl App {
    /// The actor's thread of a submitted file; staff messages become read.
    pub async fn thread(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<Thread> {
        let file = self.file(actor, id, FileAction::Read).await?;
        if file.app.stage == Stage::Draft {
            return Err(Error::NotFound);
        }
        let messages = self.store.messages_of(&file).await?;
        let documents = self.store.documents_of(&file).await?;
        self.store.mark_thread_read(&file, now).await?;
        Ok(Thread { file, messages, documents })
    }

    /// Sends a message in a file's thread: an applicant to the agency about their own submitted
    /// file (not one managed in the PR portal), or an officer to the applicant.
    pub async fn send_message(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &MessageInput,
        attachment: Option<Received>,
        now: DateTime<Utc>,
    ) -> Result<Uuid> {
        let action = if actor.is_staff() { FileAction::OfficeAct } else { FileAction::Follow };
        let file = match self.file(actor, id, action).await {
            Ok(f) => f,
            Err(e) => return Err(drop_attachment(self, attachment, e).await),
        };
        let errors = check_message(&input.subject, &input.body);
        if !errors.is_empty() {
            return Err(drop_attachment(self, attachment, Error::Invalid(errors)).await);
        }
        let message = input.key.unwrap_or_else(Uuid::new_v4);
        let item = format!("message:{message}");
        let mails = if actor.is_staff() {
            self.file_mails(&file, &format!("/applications/{id}/messages"), mail::message_waiting).await?
        } else {
            self.tell_client(actor, &file).await?
        };
        let (who, target) = (file.actor_name(actor), id.to_string());
        let rec = Record::on(&file, actor, &who, "message_sent", &target, "").mails(&mails);
        let author = if actor.is_staff() { who.clone() } else { actor.username.clone() };
        let m = NewMessage {
            id: message,
            from_staff: actor.is_staff(),
            author: &author,
            subject: input.subject.trim(),
            body: input.body.trim(),
            attachment: attachment.as_ref().map(|r| r.row(&item)),
        };
        let outcome = self.store.add_message(&file, &m, self.max_application_bytes(), &rec, now).await;
        let keep_object = matches!(outcome, Ok(MessageOutcome::Sent));
        if !keep_object && let Some(r) = &attachment {
            let _ = self.documents.delete(&r.stored.object_key).await;
        }
        match outcome? {
            MessageOutcome::Sent => {
                if !mails.is_empty() {
                    self.mail_queued();
                }
                Ok(message)
            }
            MessageOutcome::AlreadySent => Ok(message),
            MessageOutcome::AttachmentOverLimit => Err(too_full(self)),
            MessageOutcome::KeyUsedElsewhere => Err(Error::Conflict("message-key-used")),
        }
    }
}

/// Removes the object of an attachment that will not be kept, and passes the error on.
async fn drop_attachment(app: &App, attachment: Option<Received>, e: Error) -> Error {
    if let Some(r) = attachment {
        let _ = app.documents.delete(&r.stored.object_key).await;
    }
    e
}
