//! Reminders of document-request deadlines: 14, 7 and 2 days before, and on the day it is missed.
//! Each is recorded with its emails in one transaction, so it goes out once even if the worker
//! restarts or several nodes run it. They go to the file's correspondents: the owner, and the
//! representatives whose consent asks for the correspondence.

use chrono::{DateTime, Utc};
use portail_domain::deadline::{Reminder, due_reminder};
use portail_domain::language::Lang;

use crate::{App, mail};

impl App {
    /// Queues every reminder due at `now`; returns how many were queued.
    pub async fn send_due_reminders(&self, now: DateTime<Utc>) -> crate::Result<usize> {
        // Paused during a maintenance window of the secure account: due ones go out after it.
        if self.write_gate(portail_domain::maintenance::Part::Account, now).is_err() {
            return Ok(0);
        }
        let mut queued = 0;
        for r in self.store.open_requests().await? {
            let Some(kind) = due_reminder(r.created_at, r.deadline, now) else { continue };
            let url = self.settings.url(&format!("/applications/{}/requests/{}", r.application_id, r.id));
            let missed = kind == Reminder::Missed;
            let mut mails: Vec<_> = self
                .store
                .correspondents(r.application_id)
                .await?
                .iter()
                .map(|c| mail::reminder(&c.email, c.lang, &url, missed))
                .collect();
            if mails.is_empty() {
                mails.push(mail::reminder(&r.email, Lang::parse(&r.lang).unwrap_or_default(), &url, missed));
            }
            if self.store.record_reminder(r.id, kind.as_str(), &mails, now).await? {
                queued += 1;
            }
        }
        if queued > 0 {
            self.mail_queued();
        }
        Ok(queued)
    }
}
