//! Outages and the deadline moves they cause: one open outage at a time, ended once; each move
//! of a request's deadline or of an invite code's expiry written with its marks (one per outage,
//! never twice), its timeline entry and its audit entry in one transaction.

use chrono::{DateTime, Utc};
use portail_domain::outage::Outage;
use uuid::Uuid;

use crate::files::Record;
use crate::{Result, Store};

/// A public update of an incident, in both languages, and who posted it.
#[derive(Debug, Clone, Copy)]
pub struct UpdateText<'a> {
    pub message_en: &'a str,
    pub message_fr: &'a str,
    pub posted_by: &'a str,
}

/// Inserts one update of outage `$outage` inside an open transaction.
macro_rules! insert_update {
    ($tx:ident, $outage:expr, $at:expr, $u:expr) => {
        sqlx::query(
            "INSERT INTO outage_updates (id, outage_id, posted_at, message_en, message_fr, posted_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::new_v4())
        .bind($outage)
        .bind($at)
        .bind($u.message_en)
        .bind($u.message_fr)
        .bind($u.posted_by)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use insert_update;

/// An open request with the outages its deadline was already moved for.
#[derive(Debug, Clone)]
pub struct MovableDeadline {
    pub id: Uuid,
    pub application_id: Uuid,
    pub deadline: DateTime<Utc>,
    pub moved_for: Vec<Uuid>,
}

/// A move as the request page shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeadlineMove {
    pub moved_by_secs: i64,
    pub interruption_started_at: DateTime<Utc>,
}

/// The two statements of a move: the date's update (`$1` id, `$2` the date read, `$3` the new
/// one) and a mark's insert (`$1` id, `$2` outage, `$3` seconds, `$4` interruption start, `$5` now).
struct Change {
    update: &'static str,
    mark: &'static str,
}

type MovableRow = (Uuid, Uuid, DateTime<Utc>, Option<Uuid>);

/// One entry per id (rows ordered by id), with the outages it was moved for.
fn grouped(rows: Vec<MovableRow>) -> Vec<MovableDeadline> {
    let mut out: Vec<MovableDeadline> = vec![];
    for (id, application_id, deadline, outage) in rows {
        if out.last().is_none_or(|d| d.id != id) {
            out.push(MovableDeadline { id, application_id, deadline, moved_for: vec![] });
        }
        if let (Some(o), Some(last)) = (outage, out.last_mut()) {
            last.moved_for.push(o);
        }
    }
    out
}

impl Store {
    /// Records an outage begun at `at`, with its first public update if given; false when one is
    /// open already (nothing written).
    pub async fn start_outage(
        &self,
        id: Uuid,
        at: DateTime<Utc>,
        note: &str,
        update: Option<&UpdateText<'_>>,
        rec: &Record<'_>,
    ) -> Result<bool> {
        let started = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "INSERT INTO outages (id, started_at, note, created_by) SELECT $1, $2, $3, $4 \
                 WHERE NOT EXISTS (SELECT 1 FROM outages WHERE ended_at IS NULL)",
            )
            .bind(id)
            .bind(at)
            .bind(note)
            .bind(rec.audit.actor)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                if let Some(u) = update {
                    insert_update!(tx, id, at, u);
                }
                audit!(tx, &rec.audit, at);
            }
            n == 1
        });
        Ok(started)
    }

    /// Ends the open outage at `at`, with its last public update if given; `None` when none is
    /// open (nothing changed).
    pub async fn end_outage(
        &self,
        at: DateTime<Utc>,
        update: Option<&UpdateText<'_>>,
        rec: &Record<'_>,
    ) -> Result<Option<Outage>> {
        let ended = in_tx!(self.db, |tx| {
            let open: Option<(Uuid, DateTime<Utc>)> =
                sqlx::query_as("SELECT id, started_at FROM outages WHERE ended_at IS NULL")
                    .fetch_optional(&mut *tx)
                    .await?;
            match open {
                Some((id, started_at)) => {
                    sqlx::query("UPDATE outages SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
                        .bind(id)
                        .bind(at.max(started_at))
                        .execute(&mut *tx)
                        .await?;
                    if let Some(u) = update {
                        insert_update!(tx, id, at, u);
                    }
                    audit!(tx, &rec.audit, at);
                    Some(Outage { id, started_at, ended_at: at.max(started_at) })
                }
                None => None,
            }
        });
        Ok(ended)
    }

    /// Every ended outage, oldest first.
    pub async fn ended_outages(&self) -> Result<Vec<Outage>> {
        let q = "SELECT id, started_at, ended_at FROM outages WHERE ended_at IS NOT NULL ORDER BY started_at, id";
        let rows: Vec<(Uuid, DateTime<Utc>, DateTime<Utc>)> = run!(self.db, |p| sqlx::query_as(q).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(id, started_at, ended_at)| Outage { id, started_at, ended_at }).collect())
    }

    /// The open requests due at or after `from`, with the outages each was moved for.
    pub async fn movable_deadlines(&self, from: DateTime<Utc>) -> Result<Vec<MovableDeadline>> {
        let q = "SELECT q.id, q.application_id, q.deadline, m.outage_id FROM requests q \
                 LEFT JOIN deadline_moves m ON m.request_id = q.id \
                 WHERE q.status = 'open' AND q.deadline >= $1 ORDER BY q.id";
        let rows: Vec<MovableRow> = run!(self.db, |p| sqlx::query_as(q).bind(from).fetch_all(p).await)?;
        Ok(grouped(rows))
    }

    /// The working invite codes expiring at or after `from`, with the outages each was extended
    /// for (`deadline` is the expiry).
    pub async fn movable_invites(&self, from: DateTime<Utc>) -> Result<Vec<MovableDeadline>> {
        let q = "SELECT i.id, i.application_id, i.expires_at, m.outage_id FROM invites i \
                 LEFT JOIN invite_moves m ON m.invite_id = i.id \
                 WHERE i.redeemed_at IS NULL AND i.revoked_at IS NULL AND i.expires_at >= $1 ORDER BY i.id";
        let rows: Vec<MovableRow> = run!(self.db, |p| sqlx::query_as(q).bind(from).fetch_all(p).await)?;
        Ok(grouped(rows))
    }

    /// Extends invite `d`'s expiry from `d.deadline` to `to` for `outages` (as
    /// [`Store::move_deadline`]); false when it changed meanwhile or was extended for them already.
    pub async fn move_invite_expiry(
        &self,
        d: &MovableDeadline,
        to: DateTime<Utc>,
        outages: &[(Uuid, i64, DateTime<Utc>)],
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let change = Change {
            update: "UPDATE invites SET expires_at = $3 WHERE id = $1 AND expires_at = $2 \
                     AND redeemed_at IS NULL AND revoked_at IS NULL",
            mark: "INSERT INTO invite_moves (invite_id, outage_id, moved_by_secs, \
                   interruption_started_at, moved_at) VALUES ($1, $2, $3, $4, $5)",
        };
        self.move_once(&change, d, to, outages, rec, now).await
    }

    /// Moves request `d`'s deadline from `d.deadline` to `to` for `outages` (one mark each: the
    /// outage, the seconds it accounts for — an interruption's length on its first outage, 0 on
    /// the others — and when the interruption began);
    /// false when it changed meanwhile or was moved for them already (nothing written).
    pub async fn move_deadline(
        &self,
        d: &MovableDeadline,
        to: DateTime<Utc>,
        outages: &[(Uuid, i64, DateTime<Utc>)],
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let change = Change {
            update: "UPDATE requests SET deadline = $3 WHERE id = $1 AND deadline = $2 AND status = 'open'",
            mark: "INSERT INTO deadline_moves (request_id, outage_id, moved_by_secs, \
                   interruption_started_at, moved_at) VALUES ($1, $2, $3, $4, $5)",
        };
        self.move_once(&change, d, to, outages, rec, now).await
    }

    /// Applies `change` (the date moved only if it is still `d.deadline`) with one mark per outage,
    /// the timeline entry and the audit entry in one transaction; a mark already there (moved for
    /// that outage before) writes nothing and answers false.
    async fn move_once(
        &self,
        change: &Change,
        d: &MovableDeadline,
        to: DateTime<Utc>,
        outages: &[(Uuid, i64, DateTime<Utc>)],
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done: Result<bool> = async {
            Ok(in_tx!(self.db, |tx| {
                let n = sqlx::query(change.update)
                    .bind(d.id)
                    .bind(d.deadline)
                    .bind(to)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    for (outage, secs, started) in outages {
                        sqlx::query(change.mark)
                            .bind(d.id)
                            .bind(outage)
                            .bind(secs)
                            .bind(started)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    }
                    record!(tx, d.application_id, rec, now);
                }
                n == 1
            }))
        }
        .await;
        match crate::conflict_on_unique(done, "deadline-moved") {
            Err(crate::StoreError::Conflict(_)) => Ok(false),
            other => other,
        }
    }

    /// The moves of request `id`'s deadline, oldest first (one row per interruption).
    pub async fn deadline_moves_of(&self, id: Uuid) -> Result<Vec<DeadlineMove>> {
        let q = "SELECT CAST(SUM(moved_by_secs) AS BIGINT) AS moved_by_secs, interruption_started_at FROM deadline_moves \
                 WHERE request_id = $1 GROUP BY interruption_started_at ORDER BY interruption_started_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, DeadlineMove>(q).bind(id).fetch_all(p).await)?)
    }
}
