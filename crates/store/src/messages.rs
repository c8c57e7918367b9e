//! Messages about a file: the applicant writes to the agency, officers reply in the same
//! thread. A message from staff is unread until the applicant opens the thread.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::audit::AuditEntry;
use crate::outbox::{NewMail, insert_mail};
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

pub struct NewMessage<'a> {
    pub from_staff: bool,
    pub author: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub mail: Option<&'a NewMail>,
    pub audit: AuditEntry<'a>,
}

impl Store {
    /// Adds a message to a submitted file's thread (the caller has checked who may write).
    pub async fn add_message(&self, application: Uuid, m: &NewMessage<'_>, now: DateTime<Utc>) -> Result<Uuid> {
        let id = Uuid::new_v4();
        in_tx!(self.db, |tx| {
            sqlx::query(
                "INSERT INTO messages (id, application_id, from_staff, author, subject, body, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(application)
            .bind(m.from_staff)
            .bind(m.author)
            .bind(m.subject)
            .bind(m.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(mail) = m.mail {
                insert_mail!(tx, mail, now);
            }
            audit!(tx, &m.audit, now);
        });
        Ok(id)
    }

    /// A file's thread, oldest first (staff: no owner check; the guard decides).
    pub async fn messages_of(&self, application: Uuid) -> Result<Vec<Message>> {
        let q = "SELECT id, from_staff, author, subject, body, at, read_at FROM messages WHERE application_id = $1 ORDER BY at, id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Message>(q).bind(application).fetch_all(p).await)?)
    }

    /// The applicant opens their thread: staff messages become read.
    pub async fn mark_thread_read(&self, account: AccountId, application: Uuid, now: DateTime<Utc>) -> Result<()> {
        let q = "UPDATE messages SET read_at = $3 WHERE application_id = $1 AND from_staff = TRUE AND read_at IS NULL \
                 AND application_id IN (SELECT id FROM applications WHERE id = $1 AND account_id = $2)";
        run!(self.db, |p| sqlx::query(q).bind(application).bind(account.0).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Unread staff messages across this account's files.
    pub async fn unread_messages(&self, account: AccountId) -> Result<i64> {
        let q = "SELECT COUNT(*) FROM messages m JOIN applications a ON a.id = m.application_id \
                 WHERE a.account_id = $1 AND m.from_staff = TRUE AND m.read_at IS NULL";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(account.0).fetch_one(p).await)?)
    }
}

impl Store {
    /// Unread letters and staff messages across this account's files, in one round trip (the
    /// badge on every page).
    pub async fn unread_items(&self, account: AccountId) -> Result<i64> {
        let q = "SELECT (SELECT COUNT(*) FROM letters l JOIN applications a ON a.id = l.application_id \
                 WHERE a.account_id = $1 AND l.read_at IS NULL) + \
                 (SELECT COUNT(*) FROM messages m JOIN applications a ON a.id = m.application_id \
                 WHERE a.account_id = $1 AND m.from_staff = TRUE AND m.read_at IS NULL)";
        Ok(run!(self.db, |p| sqlx::query_scalar::<_, i64>(q).bind(account.0).fetch_one(p).await)?)
    }
}
