//! Stored failure counts behind the sign-in slow-down. Kept in the database so that every app
//! node sees the same counts.

use chrono::{DateTime, Utc};
use portail_domain::throttle::{Failures, ThrottleRule};

use crate::{Result, Store};

#[derive(sqlx::FromRow)]
struct Row {
    failures: i64,
    last_failure_at: DateTime<Utc>,
}

impl Store {
    pub async fn failures(&self, key: &str) -> Result<Option<Failures>> {
        let q = "SELECT failures, last_failure_at FROM throttle WHERE key = $1";
        let row = run!(self.db, |p| sqlx::query_as::<_, Row>(q).bind(key).fetch_optional(p).await)?;
        Ok(row.map(|r| Failures { count: r.failures, last_at: r.last_failure_at }))
    }

    /// Counts one failure, atomically (parallel failures cannot be lost).
    pub async fn record_failure(&self, key: &str, rule: &ThrottleRule, now: DateTime<Utc>) -> Result<()> {
        let q = "INSERT INTO throttle (key, failures, last_failure_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (key) DO UPDATE SET failures = CASE \
                 WHEN throttle.last_failure_at < $3 THEN 1 ELSE throttle.failures + 1 END, \
                 last_failure_at = $2";
        let forget_before = now - rule.forget_after;
        run!(self.db, |p| sqlx::query(q)
            .bind(key)
            .bind(now)
            .bind(forget_before)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        run!(self.db, |p| sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(key)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
