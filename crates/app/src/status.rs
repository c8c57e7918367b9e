//! Incidents and the status checks behind the public status page: administrators start an
//! incident (an outage: the deadlines inside it move once it ends), post public updates in both
//! languages and end it; each status check measures the database, the mail waiting, the
//! documents' storage, and reads what the page shows (incidents, the per-day history).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portail_domain::maintenance::Window;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_domain::status::{Day, Measured};
use portail_store::Record;
use portail_store::outages::UpdateText;
use portail_store::status::Incident;
use uuid::Uuid;

use crate::{App, Error, FieldError, Result};

/// How far back the status page's history and past incidents go.
pub const HISTORY_DAYS: i64 = 90;

/// What an administrator typed for an update: both languages, or neither when it may be empty.
pub struct UpdateInput<'a> {
    pub message_en: &'a str,
    pub message_fr: &'a str,
}

impl UpdateInput<'_> {
    /// The update to post: `None` when both are empty and `optional`; refused when one language
    /// is missing.
    fn checked(&self, optional: bool, posted_by: &str) -> Result<Option<(String, String, String)>> {
        let (en, fr) = (self.message_en.trim(), self.message_fr.trim());
        if optional && en.is_empty() && fr.is_empty() {
            return Ok(None);
        }
        let mut fields = vec![];
        for (field, text) in [("message_en", en), ("message_fr", fr)] {
            if text.is_empty() {
                fields.push(FieldError::new(field, "incident-message-missing"));
            } else if text.chars().count() > 1000 {
                fields.push(FieldError::new(field, "incident-message-too-long"));
            }
        }
        if !fields.is_empty() {
            return Err(Error::Invalid(fields));
        }
        Ok(Some((en.to_owned(), fr.to_owned(), posted_by.to_owned())))
    }
}

fn text(u: &(String, String, String)) -> UpdateText<'_> {
    UpdateText { message_en: &u.0, message_fr: &u.1, posted_by: &u.2 }
}

/// What one status check read from the database.
pub struct StatusRead {
    pub measured: Measured,
    pub incidents: Vec<Incident>,
    /// By part name, oldest day first.
    pub days: Vec<(String, Day)>,
}

impl App {
    /// Starts an incident now with its first public update (administrators).
    pub async fn start_incident(&self, actor: &Actor, input: &UpdateInput<'_>, now: DateTime<Utc>) -> Result<Uuid> {
        decide_account(actor, AccountAction::Administer)?;
        let name = actor.audit_name();
        let update = input.checked(false, &name)?;
        let id = Uuid::new_v4();
        let target = format!("outage:{id}");
        let rec = Record::audit(&name, "outage_started", &target, "");
        if !self.store.start_outage(id, now, "", update.as_ref().map(text).as_ref(), &rec).await? {
            return Err(Error::Conflict("incident-already-open"));
        }
        Ok(id)
    }

    /// Posts a public update of incident `id` (administrators).
    pub async fn post_incident_update(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &UpdateInput<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        decide_account(actor, AccountAction::Administer)?;
        let name = actor.audit_name();
        let Some(update) = input.checked(false, &name)? else { return Ok(()) };
        let target = format!("outage:{id}");
        let rec = Record::audit(&name, "outage_updated", &target, "");
        if !self.store.post_outage_update(id, now, &text(&update), &rec).await? {
            return Err(Error::NotFound);
        }
        Ok(())
    }

    /// Ends the open incident now, with a last update if one is given (administrators), and
    /// moves the deadlines inside it.
    pub async fn end_incident(&self, actor: &Actor, input: &UpdateInput<'_>, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Administer)?;
        let name = actor.audit_name();
        let update = input.checked(true, &name)?;
        let rec = Record::audit(&name, "outage_ended", "outage", "");
        if self.store.end_outage(now, update.as_ref().map(text).as_ref(), &rec).await?.is_none() {
            return Err(Error::Conflict("incident-none-open"));
        }
        // At once on this node (the minute job would get there too): ended means extended.
        let moved = self.move_deadlines_for_outages(now).await?;
        tracing::info!(event = "incident_ended", deadlines_moved = moved);
        Ok(())
    }

    /// The incidents open now or ended within the history (administrators' page).
    pub async fn incidents(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<Incident>> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.incidents_since(now - Duration::days(HISTORY_DAYS)).await?)
    }

    /// Measures what the status page needs from the database and reads what it shows; an
    /// error means the database did not answer.
    pub async fn read_status(&self, now: DateTime<Utc>) -> Result<StatusRead> {
        self.store.ping().await?;
        let oldest = self.store.oldest_waiting_mail().await?;
        let incidents = self.store.incidents_since(now - Duration::days(HISTORY_DAYS)).await?;
        let since = (now - Duration::days(HISTORY_DAYS - 1)).date_naive();
        let days = self.store.status_days(since).await?;
        let measured = Measured {
            database_ready: true,
            incident_open: incidents.iter().any(|i| i.ended_at.is_none()),
            oldest_waiting_mail: oldest.map(|t| (now - t).max(Duration::zero())),
            uploads_writable: self.documents.probe().await.is_ok(),
        };
        Ok(StatusRead { measured, incidents, days })
    }

    /// Adds the outcome of checks to the per-day history.
    pub async fn record_status_checks(&self, checks: &[(NaiveDate, String, i64, i64)]) -> Result<()> {
        Ok(self.store.record_status_checks(checks).await?)
    }

    /// The maintenance windows not over yet (the status page lists them).
    pub fn maintenance_schedule(&self) -> Vec<Window> {
        self.maintenance.all()
    }

    /// Whether a window holds writes to `part` now.
    pub fn in_maintenance(&self, part: portail_domain::maintenance::Part, now: DateTime<Utc>) -> bool {
        self.write_gate(part, now).is_err()
    }
}
