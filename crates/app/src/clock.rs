//! The one place portail reads the time. Tests move it forward to cross timeouts; operations
//! take `now` from the adapter that calls them.

use chrono::{DateTime, Duration, DurationRound, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
}

impl Clock {
    /// Now, to the microsecond (the precision both databases keep).
    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now() + Duration::seconds(self.offset_secs.load(Ordering::Relaxed));
        now.duration_trunc(Duration::microseconds(1)).unwrap_or(now)
    }

    /// Moves this clock forward (tests and demos of timeouts only).
    pub fn advance(&self, by: Duration) {
        self.offset_secs.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}
