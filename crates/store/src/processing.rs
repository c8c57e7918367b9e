//! Processing times: the durations of the files decided since a date (for the job), and the
//! figures per program it writes and the pages read.

use chrono::{DateTime, Utc};
use portail_domain::processing::Summary;

use crate::{Result, Store};

/// One program's figures as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessingTime {
    pub type_id: String,
    pub summary: Summary,
    pub computed_at: DateTime<Utc>,
}

impl Store {
    /// Each file decided (approved or refused) since `since`: its program, when it was submitted
    /// and when decided.
    pub async fn decided_since(&self, since: DateTime<Utc>) -> Result<Vec<(String, DateTime<Utc>, DateTime<Utc>)>> {
        let q = "SELECT a.type_id, a.submitted_at, e.at FROM application_events e \
                 JOIN applications a ON a.id = e.application_id \
                 WHERE e.kind IN ('approved', 'refused') AND e.at >= $1 AND a.submitted_at IS NOT NULL";
        Ok(run!(self.db, |p| sqlx::query_as(q).bind(since).fetch_all(p).await)?)
    }

    /// Replaces every program's figures with `times` (a program absent from them has none).
    pub async fn replace_processing_times(&self, times: &[ProcessingTime]) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query("DELETE FROM processing_times").execute(&mut *tx).await?;
            for t in times {
                sqlx::query(
                    "INSERT INTO processing_times (type_id, median_days, p80_days, files, computed_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&t.type_id)
                .bind(t.summary.median_days)
                .bind(t.summary.p80_days)
                .bind(t.summary.files)
                .bind(t.computed_at)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// Every program's figures, by program.
    pub async fn processing_times(&self) -> Result<Vec<ProcessingTime>> {
        let q = "SELECT type_id, median_days, p80_days, files, computed_at FROM processing_times ORDER BY type_id";
        let rows: Vec<(String, i64, i64, i64, DateTime<Utc>)> =
            run!(self.db, |p| sqlx::query_as(q).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(type_id, median_days, p80_days, files, computed_at)| ProcessingTime {
                type_id,
                summary: Summary { median_days, p80_days, files },
                computed_at,
            })
            .collect())
    }
}
