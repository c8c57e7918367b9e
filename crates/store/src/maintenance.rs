//! Maintenance windows: scheduled with the mail to the people whose deadline falls inside, read
//! back for the notice and the write gate, ended early or cancelled. Never deleted.

use chrono::{DateTime, Utc};
use portail_domain::language::Lang;
use portail_domain::maintenance::{Parts, Window};
use uuid::Uuid;

use crate::files::Record;
use crate::{Result, Store};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    parts: String,
    message_en: String,
    message_fr: String,
    sign_in_closed: bool,
}

impl From<Row> for Window {
    fn from(r: Row) -> Window {
        Window {
            id: r.id,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            parts: Parts::parse(&r.parts),
            message_en: r.message_en,
            message_fr: r.message_fr,
            sign_in_closed: r.sign_in_closed,
        }
    }
}

/// A window as the administrators' list shows it.
#[derive(Debug, Clone)]
pub struct WindowRecord {
    pub window: Window,
    pub created_by: String,
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    #[sqlx(flatten)]
    row: Row,
    created_by: String,
    cancelled_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, starts_at, ends_at, parts, message_en, message_fr, sign_in_closed";

impl Store {
    /// Records window `w` with its audit entry and mails, in one transaction.
    pub async fn create_window(
        &self,
        w: &Window,
        created_by: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query(
                "INSERT INTO maintenance_windows (id, starts_at, ends_at, parts, message_en, message_fr, \
                 sign_in_closed, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(w.id)
            .bind(w.starts_at)
            .bind(w.ends_at)
            .bind(w.parts.to_text())
            .bind(&w.message_en)
            .bind(&w.message_fr)
            .bind(w.sign_in_closed)
            .bind(created_by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for m in rec.mails {
                crate::outbox::insert_mail!(tx, m, now);
            }
            audit!(tx, &rec.audit, now);
        });
        Ok(())
    }

    /// The windows not over at `now` (running or to come), soonest first: the notice and the gate.
    pub async fn current_windows(&self, now: DateTime<Utc>) -> Result<Vec<Window>> {
        let q = format!(
            "SELECT {COLUMNS} FROM maintenance_windows WHERE ends_at > $1 AND cancelled_at IS NULL \
             ORDER BY starts_at, id"
        );
        let rows: Vec<Row> =
            run!(self.db, |p| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(q.as_str())).bind(now).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Window::from).collect())
    }

    /// The latest `limit` windows, cancelled ones included, newest start first.
    pub async fn windows(&self, limit: i64) -> Result<Vec<WindowRecord>> {
        let q = format!(
            "SELECT {COLUMNS}, created_by, cancelled_at FROM maintenance_windows ORDER BY starts_at DESC, id LIMIT $1"
        );
        let rows: Vec<RecordRow> = run!(self.db, |p| sqlx::query_as::<_, RecordRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(limit)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| WindowRecord { window: r.row.into(), created_by: r.created_by, cancelled_at: r.cancelled_at })
            .collect())
    }

    /// Ends window `id` at `now` if it is running, cancels it if it has not started; false when
    /// it is already over or cancelled (nothing changed).
    pub async fn end_window(&self, id: Uuid, rec: &Record<'_>, now: DateTime<Utc>) -> Result<bool> {
        let changed = in_tx!(self.db, |tx| {
            let running = sqlx::query(
                "UPDATE maintenance_windows SET ends_at = $2 WHERE id = $1 AND starts_at <= $2 AND ends_at > $2 \
                 AND cancelled_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let ahead = sqlx::query(
                "UPDATE maintenance_windows SET cancelled_at = $2 WHERE id = $1 AND starts_at > $2 \
                 AND cancelled_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let changed = running + ahead == 1;
            if changed {
                audit!(tx, &rec.audit, now);
            }
            changed
        });
        Ok(changed)
    }

    /// The addresses (and languages) of the people with an open request due in `[from, to)` —
    /// the file's owner and the representatives who receive its correspondence — and of those
    /// holding a working invite code that expires then.
    pub async fn deadline_holders(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(String, Lang)>> {
        let q = "SELECT DISTINCT ac.email, ac.lang FROM requests q JOIN applications a ON a.id = q.application_id \
                 JOIN accounts ac ON ac.id = a.account_id WHERE q.status = 'open' AND q.deadline >= $1 \
                 AND q.deadline < $2 \
                 UNION SELECT ac.email, ac.lang FROM requests q JOIN applications a ON a.id = q.application_id \
                 JOIN consents c ON c.client_id = a.account_id AND c.status = 'active' \
                 AND (c.application_id IS NULL OR c.application_id = a.id) AND c.correspondence <> 'client' \
                 JOIN accounts ac ON ac.id = c.representative_id WHERE q.status = 'open' AND q.deadline >= $1 \
                 AND q.deadline < $2 \
                 UNION SELECT ac.email, ac.lang FROM invites i JOIN accounts ac ON ac.id = i.issued_to \
                 WHERE i.redeemed_at IS NULL AND i.revoked_at IS NULL AND i.expires_at >= $1 AND i.expires_at < $2";
        let rows: Vec<(String, String)> = run!(self.db, |p| sqlx::query_as(q).bind(from).bind(to).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(email, lang)| (email, Lang::parse(&lang).unwrap_or_default())).collect())
    }
}
