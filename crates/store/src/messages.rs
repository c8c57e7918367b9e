//! Messages about a file: the applicant writes to the agency, officers reply in the same
//! thread. A message from staff is unread until the applicant opens the thread.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::documents::{NewDocument, PutOutcome};
use crate::files::{FileRef, Record};
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Message {
    pub id: Uuid,
    pub from_staff: bool,
    pub author: String,
    pub subject: String,
    pub body: String,
    pub at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A message from staff as the owner's inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffMessage {
    pub id: Uuid,
    pub application_id: Uuid,
    pub subject: String,
    pub at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

pub struct NewMessage<'a> {
    /// Chosen by the caller, so an attachment can name it and a retry finds it.
    pub id: Uuid,
    pub from_staff: bool,
    pub author: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// A file sent with the message (its item is `message:<id>`), in the same transaction.
    pub attachment: Option<NewDocument<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageOutcome {
    Sent,
    /// A message with this id is already in the thread (a retried request): nothing new.
    AlreadySent,
    /// The attachment would take the file past `limit`.
    AttachmentOverLimit,
    /// The key was already used for a message about another file: nothing is sent.
    KeyUsedElsewhere,
}

impl Store {
    /// Adds a message (and its attachment) to a submitted file's thread, with its record.
    pub async fn add_message(
        &self,
        file: &FileRef,
        m: &NewMessage<'_>,
        limit: i64,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<MessageOutcome> {
        let application = file.id();
        let outcome = in_tx!(self.db, |tx| {
            let seen: Option<uuid::Uuid> = sqlx::query_scalar("SELECT application_id FROM messages WHERE id = $1")
                .bind(m.id)
                .fetch_optional(&mut *tx)
                .await?;
            match seen {
                Some(a) if a == application => return Ok(MessageOutcome::AlreadySent),
                Some(_) => return Ok(MessageOutcome::KeyUsedElsewhere),
                None => {}
            }
            sqlx::query(
                "INSERT INTO messages (id, application_id, from_staff, author, subject, body, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(m.id)
            .bind(application)
            .bind(m.from_staff)
            .bind(m.author)
            .bind(m.subject)
            .bind(m.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(doc) = &m.attachment
                && !matches!(put_in_tx!(tx, application, doc, limit, now), PutOutcome::Stored { .. })
            {
                // Dropping the transaction rolls the message back: nothing half-written.
                return Ok(MessageOutcome::AttachmentOverLimit);
            }
            record!(tx, application, rec, now);
            MessageOutcome::Sent
        });
        Ok(outcome)
    }

    /// A file's thread, oldest first.
    pub async fn messages_of(&self, file: &FileRef) -> Result<Vec<Message>> {
        let q = "SELECT id, from_staff, author, subject, body, at, read_at FROM messages WHERE application_id = $1 ORDER BY at, id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Message>(q).bind(file.id()).fetch_all(p).await)?)
    }

    /// Every message from staff about the owner's files, newest first (the inbox).
    pub async fn staff_messages_of_account(&self, owner: AccountId) -> Result<Vec<StaffMessage>> {
        let q = "SELECT m.id, m.application_id, m.subject, m.at, m.read_at FROM messages m \
                 JOIN applications a ON a.id = m.application_id \
                 WHERE a.account_id = $1 AND m.from_staff = TRUE ORDER BY m.at DESC, m.id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, StaffMessage>(q).bind(owner.0).fetch_all(p).await)?)
    }

    /// The applicant opens their thread: staff messages become read.
    pub async fn mark_thread_read(&self, file: &FileRef, now: DateTime<Utc>) -> Result<()> {
        let q = "UPDATE messages SET read_at = $2 WHERE application_id = $1 AND from_staff = TRUE AND read_at IS NULL";
        run!(self.db, |p| sqlx::query(q).bind(file.id()).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}
