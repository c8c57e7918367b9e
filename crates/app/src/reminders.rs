//! Reminders of document-request deadlines: 14, 7 and 2 days before, and on the day it is missed.
//! Each is recorded with its email in one transaction, so it goes out once even if the worker
//! restarts or several nodes run it.

use chrono::{DateTime, Utc};
use portail_domain::deadline::{Reminder, due_reminder};
use portail_domain::language::Lang;

use crate::{App, mail};

impl App {
    /// Queues every reminder due at `now`; returns how many were queued.
    pub async fn send_due_reminders(&self, now: DateTime<Utc>) -> crate::Result<usize> {
        let mut queued = 0;
        for r in self.store.open_requests().await? {
            let Some(kind) = due_reminder(r.created_at, r.deadline, now) else { continue };
            let lang = Lang::parse(&r.lang).unwrap_or_default();
            let url = self.settings.url(&format!("/applications/{}/requests/{}", r.application_id, r.id));
            let mail = mail::reminder(&r.email, lang, &url, kind == Reminder::Missed);
            if self.store.record_reminder(r.id, kind.as_str(), &mail, now).await? {
                queued += 1;
            }
        }
        if queued > 0 {
            self.mail_queued();
        }
        Ok(queued)
    }
}
