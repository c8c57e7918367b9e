//! Deadlines that move with outages: after an outage is recorded as ended (`portail outage end`),
//! [`App::move_deadlines_for_outages`] moves every open request's deadline that fell inside it,
//! or within the grace period after it, by its length — once per outage, each move with its
//! timeline entry ("deadline moved") and audit entry. Reminders follow the new date by
//! themselves (they read the deadline). The rule is `portail_domain::outage`.

use chrono::{DateTime, Utc};
use portail_domain::outage::{self, DEFAULT_GRACE};
use portail_store::Record;
use uuid::Uuid;

use crate::{App, Result};

impl App {
    /// Moves what the ended outages owe; returns how many deadlines moved.
    pub async fn move_deadlines_for_outages(&self, now: DateTime<Utc>) -> Result<usize> {
        let outages = self.store.ended_outages().await?;
        let Some(earliest) = outages.first().map(|o| o.started_at) else { return Ok(0) };
        let mut moved = 0;
        for d in self.store.movable_deadlines(earliest).await? {
            let (to, owed) = outage::moves(d.deadline, &outages, &d.moved_for, DEFAULT_GRACE);
            if owed.is_empty() {
                continue;
            }
            // One mark per outage; an interruption's length counted on its first outage only.
            let marks: Vec<(Uuid, i64, DateTime<Utc>)> =
                owed.iter()
                    .flat_map(|m| {
                        m.outages.iter().enumerate().map(|(k, id)| {
                            (*id, if k == 0 { m.by.num_seconds() } else { 0 }, m.interruption_started_at)
                        })
                    })
                    .collect();
            let (target, detail) = (format!("request:{}", d.id), format!("{} -> {}", d.deadline, to));
            let rec =
                Record::audit("system:outages", "deadline_moved", &target, &detail).timeline("deadline_moved", "");
            if self.store.move_deadline(&d, to, &marks, &rec, now).await? {
                tracing::info!(event = "deadline_moved", request = %d.id, by_secs = (to - d.deadline).num_seconds());
                moved += 1;
            }
        }
        Ok(moved)
    }
}
