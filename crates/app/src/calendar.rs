//! The deadline feed (iCalendar) at a secret, revocable address made on the account page: an
//! applicant's own deadlines, and for a representative who may act, every client's too.

use chrono::{DateTime, Utc};
use portail_domain::calendar::{CalendarEvent, feed};
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_i18n::Tr;
use portail_store::Record;
use portail_store::clients::Deadline;

use crate::{App, Result};

/// Feed addresses carry this prefix, so a leaked one is recognised.
pub const FEED_PREFIX: &str = "cal_";
/// The most deadlines one feed holds.
const FEED_MAX: i64 = 2000;

impl App {
    /// When the actor's feed address was made, if they have one.
    pub async fn calendar_feed(&self, actor: &Actor) -> Result<Option<DateTime<Utc>>> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        Ok(self.store.calendar_feed(actor.account).await?)
    }

    /// Makes (or replaces) the actor's feed address; returns it, shown this once.
    pub async fn make_calendar_feed(&self, actor: &Actor, now: DateTime<Utc>) -> Result<String> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        let secret = format!("{FEED_PREFIX}{}", portail_domain::secret::new_token());
        let (who, target) = (actor.audit_name(), format!("calendar:{}", actor.account.0));
        let rec = Record::audit(&who, "calendar_feed_made", &target, "");
        self.store.set_calendar_feed(actor.account, &portail_domain::secret::digest(&secret), &rec, now).await?;
        Ok(self.settings.url(&format!("/calendar.ics?key={secret}")))
    }

    /// Turns the feed off: its address stops working at once.
    pub async fn remove_calendar_feed(&self, actor: &Actor, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        let (who, target) = (actor.audit_name(), format!("calendar:{}", actor.account.0));
        self.store
            .remove_calendar_feed(actor.account, &Record::audit(&who, "calendar_feed_removed", &target, ""), now)
            .await?;
        Ok(())
    }

    /// The feed behind a presented address, or `None` when it is unknown or turned off.
    pub async fn calendar(&self, presented: &str, now: DateTime<Utc>) -> Result<Option<String>> {
        if !presented.starts_with(FEED_PREFIX) || presented.len() > 200 {
            return Ok(None);
        }
        let Some(owner) = self.store.calendar_feed_owner(&portail_domain::secret::digest(presented)).await? else {
            return Ok(None);
        };
        let Some(account) = self.store.account(owner).await? else { return Ok(None) };
        let t = Tr::new(account.lang);
        let mut events: Vec<CalendarEvent> =
            self.store.own_deadlines(owner, FEED_MAX).await?.iter().map(|d| self.event(d, &t, false)).collect();
        let representing = self.store.representative(owner).await?.is_some_and(|r| r.status.may_act());
        if representing {
            let clients = self.store.client_deadlines(owner, None, FEED_MAX).await?;
            events.extend(clients.iter().map(|d| self.event(d, &t, true)));
        }
        events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
        Ok(Some(feed(&t.get("calendar-name"), &events, now)))
    }

    fn event(&self, d: &Deadline, t: &Tr, client: bool) -> CalendarEvent {
        let program = self.catalog.get(&d.type_id).map(|ty| ty.name.get(t.lang).to_owned()).unwrap_or_default();
        let number = d.number.clone().unwrap_or_default();
        let summary = if client {
            t.with("calendar-client-due", &[("number", number.clone()), ("client", d.client_name.clone())])
        } else {
            t.with("calendar-own-due", &[("number", number.clone())])
        };
        CalendarEvent {
            uid: format!("request-{}@portail", d.request_id),
            date: d.deadline.date_naive(),
            summary,
            description: t.with("calendar-description", &[("program", program), ("number", number)]),
            url: self.settings.url(&format!("/applications/{}/requests/{}", d.application_id, d.request_id)),
        }
    }
}
