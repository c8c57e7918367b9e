//! Deadlines that move with outages: after an outage is recorded as ended,
//! [`App::move_deadlines_for_outages`] moves every open document request's deadline and every
//! working invite code's expiry that fell inside it, or within the grace period after it, by its
//! length — once per outage, each move with its timeline entry and audit entry. Reminders follow
//! the new date by themselves (they read the deadline); a code is accepted until its new expiry.
//! The rule is `portail_domain::outage`.

use chrono::{DateTime, Utc};
use portail_domain::outage::{self, DEFAULT_GRACE, Move, Outage};
use portail_store::Record;
use portail_store::outages::MovableDeadline;
use uuid::Uuid;

use crate::{App, Result};

/// What moves: a document request's deadline or an invite code's expiry.
#[derive(Clone, Copy)]
enum Movable {
    Request,
    Invite,
}

/// One mark per outage; an interruption's length counted on its first outage only.
fn marks(owed: &[Move]) -> Vec<(Uuid, i64, DateTime<Utc>)> {
    owed.iter()
        .flat_map(|m| {
            m.outages
                .iter()
                .enumerate()
                .map(|(k, id)| (*id, if k == 0 { m.by.num_seconds() } else { 0 }, m.interruption_started_at))
        })
        .collect()
}

impl App {
    /// Moves what the ended outages owe; returns how many deadlines and expiries moved.
    pub async fn move_deadlines_for_outages(&self, now: DateTime<Utc>) -> Result<usize> {
        let outages = self.store.ended_outages().await?;
        let Some(earliest) = outages.first().map(|o| o.started_at) else { return Ok(0) };
        let requests = self.store.movable_deadlines(earliest).await?;
        let invites = self.store.movable_invites(earliest).await?;
        let mut moved = 0;
        for (kind, list) in [(Movable::Request, requests), (Movable::Invite, invites)] {
            for d in list {
                moved += usize::from(self.move_one(kind, &d, &outages, now).await?);
            }
        }
        Ok(moved)
    }

    async fn move_one(
        &self,
        kind: Movable,
        d: &MovableDeadline,
        outages: &[Outage],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let (to, owed) = outage::moves(d.deadline, outages, &d.moved_for, DEFAULT_GRACE);
        if owed.is_empty() {
            return Ok(false);
        }
        let marks = marks(&owed);
        let detail = format!("{} -> {}", d.deadline, to);
        let done = match kind {
            Movable::Request => {
                let target = format!("request:{}", d.id);
                let rec =
                    Record::audit("system:outages", "deadline_moved", &target, &detail).timeline("deadline_moved", "");
                self.store.move_deadline(d, to, &marks, &rec, now).await?
            }
            Movable::Invite => {
                let target = format!("invite:{}", d.id);
                let rec = Record::audit("system:outages", "invite_extended", &target, &detail)
                    .timeline("invite_extended", "");
                self.store.move_invite_expiry(d, to, &marks, &rec, now).await?
            }
        };
        if done {
            tracing::info!(event = "deadline_moved", id = %d.id, by_secs = (to - d.deadline).num_seconds());
        }
        Ok(done)
    }
}
