//! What the public status page reads and the status checks write: incidents (outages) with their
//! public updates, the per-day count of checks and of checks that found each part up, and the
//! age of the oldest mail still waiting.

use chrono::{DateTime, NaiveDate, Utc};
use portail_domain::status::Day;
use uuid::Uuid;

use crate::files::Record;
use crate::outages::{UpdateText, insert_update};
use crate::{Result, Store};

/// An incident as the status page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Oldest first.
    pub updates: Vec<Update>,
}

/// One public update of an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub posted_at: DateTime<Utc>,
    pub message_en: String,
    pub message_fr: String,
}

type IncidentRow = (Uuid, DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<String>, Option<String>);

impl Store {
    /// Adds a public update to outage `outage`; false when there is no such outage.
    pub async fn post_outage_update(
        &self,
        outage: Uuid,
        at: DateTime<Utc>,
        update: &UpdateText<'_>,
        rec: &Record<'_>,
    ) -> Result<bool> {
        Ok(in_tx!(self.db, |tx| {
            let known: Option<(Uuid,)> =
                sqlx::query_as("SELECT id FROM outages WHERE id = $1").bind(outage).fetch_optional(&mut *tx).await?;
            if known.is_some() {
                insert_update!(tx, outage, at, update);
                audit!(tx, &rec.audit, at);
            }
            known.is_some()
        }))
    }

    /// The incidents open now or ended since `since`, newest first, each with its updates.
    pub async fn incidents_since(&self, since: DateTime<Utc>) -> Result<Vec<Incident>> {
        let q = "SELECT o.id, o.started_at, o.ended_at, u.posted_at, u.message_en, u.message_fr FROM outages o \
                 LEFT JOIN outage_updates u ON u.outage_id = o.id \
                 WHERE o.ended_at IS NULL OR o.ended_at >= $1 \
                 ORDER BY o.started_at DESC, o.id, u.posted_at, u.id";
        let rows: Vec<IncidentRow> = run!(self.db, |p| sqlx::query_as(q).bind(since).fetch_all(p).await)?;
        let mut out: Vec<Incident> = vec![];
        for (id, started_at, ended_at, posted_at, en, fr) in rows {
            if out.last().is_none_or(|i| i.id != id) {
                out.push(Incident { id, started_at, ended_at, updates: vec![] });
            }
            if let (Some(posted_at), Some(message_en), Some(message_fr), Some(last)) =
                (posted_at, en, fr, out.last_mut())
            {
                last.updates.push(Update { posted_at, message_en, message_fr });
            }
        }
        Ok(out)
    }

    /// Adds checks to the per-day counts: `(day, part, checks, up)` each.
    pub async fn record_status_checks(&self, checks: &[(NaiveDate, String, i64, i64)]) -> Result<()> {
        if checks.is_empty() {
            return Ok(());
        }
        let q = "INSERT INTO status_days (day, part, checks, up) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (day, part) DO UPDATE SET checks = status_days.checks + excluded.checks, \
                 up = status_days.up + excluded.up";
        in_tx!(self.db, |tx| {
            for (day, part, n, up) in checks {
                sqlx::query(q).bind(day).bind(part).bind(n).bind(up).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// The per-day counts since `since` (inclusive), by part then day.
    pub async fn status_days(&self, since: NaiveDate) -> Result<Vec<(String, Day)>> {
        let q = "SELECT part, day, checks, up FROM status_days WHERE day >= $1 ORDER BY part, day";
        let rows: Vec<(String, NaiveDate, i64, i64)> =
            run!(self.db, |p| sqlx::query_as(q).bind(since).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(part, day, checks, up)| (part, Day { day, checks, up })).collect())
    }

    /// When the oldest mail not yet delivered (nor given up on) was queued.
    pub async fn oldest_waiting_mail(&self) -> Result<Option<DateTime<Utc>>> {
        let q = "SELECT MIN(created_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
        let row: (Option<DateTime<Utc>>,) = run!(self.db, |p| sqlx::query_as(q).fetch_one(p).await)?;
        Ok(row.0)
    }
}
