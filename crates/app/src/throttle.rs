//! Slowing down guesses: failure counts kept in the database (every node sees the same), a wait
//! that grows with them, and a clear "try again in" for the person.

use chrono::{DateTime, Utc};
use portail_domain::throttle::ThrottleRule;

use crate::{App, Error, Result};

impl App {
    /// Refuses with `TooMany` while any key must still wait under its rule.
    pub async fn enforce_wait(&self, keys: &[(&str, &ThrottleRule)], now: DateTime<Utc>) -> Result<()> {
        let mut wait = chrono::Duration::zero();
        for (key, rule) in keys {
            if let Some(w) = rule.must_wait(self.store.failures(key).await?, now) {
                wait = wait.max(w);
            }
        }
        if wait > chrono::Duration::zero() {
            tracing::warn!(retry_after = wait.num_seconds(), "throttled");
            return Err(Error::TooMany { retry_after_secs: wait.num_seconds() + 1 });
        }
        Ok(())
    }

    /// Counts one failure (or one costly action) under each key.
    pub async fn record_failures(&self, keys: &[(&str, &ThrottleRule)], now: DateTime<Utc>) -> Result<()> {
        for (key, rule) in keys {
            self.store.record_failure(key, rule, now).await?;
        }
        Ok(())
    }

    /// How many failures are counted under `key` now.
    pub async fn failures(&self, key: &str) -> Result<i64> {
        Ok(self.store.failures(key).await?.map(|f| f.count).unwrap_or(0))
    }
}
