//! Maintenance windows: administrators schedule and end them; every write request and every
//! worker asks [`App::write_gate`] first. The schedule is kept in memory (refreshed by
//! [`App::refresh_maintenance`] every few seconds and at once after a change on this node), so the
//! notice on every page and the gate cost no statement.

use chrono::{DateTime, Duration, Utc};
use portail_domain::maintenance::{self, Part, Parts, Proposal, Window};
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_store::Record;
use portail_store::maintenance::WindowRecord;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

use crate::{App, Error, FieldError, Result, mail};

/// How long before its start a window is announced on the pages.
pub const DEFAULT_LEAD: Duration = Duration::hours(72);

/// The windows not over yet, as last read from the database.
#[derive(Clone, Default)]
pub struct Schedule {
    windows: Arc<RwLock<Vec<Window>>>,
}

impl Schedule {
    pub(crate) fn all(&self) -> Vec<Window> {
        self.windows.read().map(|w| w.clone()).unwrap_or_default()
    }

    fn set(&self, windows: Vec<Window>) {
        if let Ok(mut w) = self.windows.write() {
            *w = windows;
        }
    }
}

/// What an administrator typed: times as UTC, both messages, the parts.
pub struct WindowInput<'a> {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub parts: Parts,
    pub message_en: &'a str,
    pub message_fr: &'a str,
    pub sign_in_closed: bool,
}

impl App {
    /// Reads the schedule again from the database.
    pub async fn refresh_maintenance(&self) -> Result<()> {
        let windows = self.store.current_windows(self.clock.now()).await?;
        self.maintenance.set(windows);
        Ok(())
    }

    /// The window whose notice the pages of `part` show now (running, or starting within the lead).
    pub fn maintenance_notice(&self, part: Part, now: DateTime<Utc>) -> Option<Window> {
        maintenance::announced(&self.maintenance.all(), part, now, self.settings.maintenance_lead).cloned()
    }

    /// Refuses a write to `part` while a window holds it.
    pub fn write_gate(&self, part: Part, now: DateTime<Utc>) -> Result<()> {
        match maintenance::holding(&self.maintenance.all(), part, now) {
            Some(w) => Err(Error::Maintenance { until: w.ends_at, retry_after_secs: w.retry_after_secs(now) }),
            None => Ok(()),
        }
    }

    /// Refuses a sign-in while a window that closes sign-in holds the secure account.
    pub fn sign_in_gate(&self, now: DateTime<Utc>) -> Result<()> {
        match maintenance::holding(&self.maintenance.all(), Part::Account, now).filter(|w| w.sign_in_closed) {
            Some(w) => Err(Error::Maintenance { until: w.ends_at, retry_after_secs: w.retry_after_secs(now) }),
            None => Ok(()),
        }
    }

    /// Schedules a window (administrators); the people with a deadline inside it are emailed in
    /// the same transaction.
    pub async fn schedule_window(&self, actor: &Actor, input: &WindowInput<'_>, now: DateTime<Utc>) -> Result<Uuid> {
        decide_account(actor, AccountAction::Administer)?;
        let (Some(starts_at), Some(ends_at)) = (input.starts_at, input.ends_at) else {
            let mut fields = vec![];
            if input.starts_at.is_none() {
                fields.push(FieldError::new("starts_at", "maintenance-time-invalid"));
            }
            if input.ends_at.is_none() {
                fields.push(FieldError::new("ends_at", "maintenance-time-invalid"));
            }
            return Err(Error::Invalid(fields));
        };
        let proposal = Proposal {
            starts_at,
            ends_at,
            parts: input.parts,
            message_en: input.message_en,
            message_fr: input.message_fr,
        };
        let existing = self.store.current_windows(now).await?;
        let refused = maintenance::check(&proposal, &existing, now);
        if !refused.is_empty() {
            let fields = refused.iter().map(|r| r.field_and_code()).map(|(f, c)| FieldError::new(f, c)).collect();
            return Err(Error::Invalid(fields));
        }
        let window = Window {
            id: Uuid::new_v4(),
            starts_at: starts_at.max(now),
            ends_at,
            parts: input.parts,
            message_en: input.message_en.trim().to_owned(),
            message_fr: input.message_fr.trim().to_owned(),
            sign_in_closed: input.sign_in_closed,
        };
        let url = self.settings.url("/sign-in");
        let mails: Vec<_> = if window.parts.contains(Part::Account) || window.parts.contains(Part::Pr) {
            self.store
                .deadline_holders(window.starts_at, window.ends_at)
                .await?
                .into_iter()
                .map(|(email, lang)| mail::maintenance_ahead(&email, lang, &window, &url))
                .collect()
        } else {
            vec![]
        };
        let (name, target) = (actor.audit_name(), format!("maintenance:{}", window.id));
        let detail = format!("{} {} → {}", window.parts.to_text(), window.starts_at, window.ends_at);
        let rec = Record::audit(&name, "maintenance_scheduled", &target, &detail).mails(&mails);
        self.store.create_window(&window, &name, &rec, now).await?;
        self.refresh_maintenance().await?;
        if !mails.is_empty() {
            self.mail_wakeup.notify_one();
        }
        Ok(window.id)
    }

    /// Ends a running window now, or cancels one to come (administrators).
    pub async fn end_window(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Administer)?;
        let (name, target) = (actor.audit_name(), format!("maintenance:{id}"));
        let rec = Record::audit(&name, "maintenance_ended", &target, "");
        if !self.store.end_window(id, &rec, now).await? {
            return Err(Error::Conflict("maintenance-already-over"));
        }
        self.refresh_maintenance().await
    }

    /// The latest windows, for the administrators' page.
    pub async fn maintenance_windows(&self, actor: &Actor) -> Result<Vec<WindowRecord>> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.windows(50).await?)
    }
}
