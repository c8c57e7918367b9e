//! Progressive slow-down of failed sign-ins, per account and per network address. A delay,
//! never a permanent lock: the real user gets in once the delay has passed (ASVS 6.1.1, 6.3.1).

use chrono::{DateTime, Duration, Utc};

/// One throttling rule: how many failures are free, how the delay grows, and when the count
/// is forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    pub free_failures: i64,
    pub base_delay_secs: i64,
    pub max_delay_secs: i64,
    /// Failures older than this (since the last one) are forgotten.
    pub forget_after: Duration,
}

/// Per account (keyed by the typed username, whether or not it exists): 3 free tries, then
/// 2 s, 4 s, 8 s … up to 15 minutes.
pub const PER_ACCOUNT: ThrottleRule =
    ThrottleRule { free_failures: 3, base_delay_secs: 2, max_delay_secs: 900, forget_after: Duration::hours(24) };

/// Per network address: many people may share one, so 20 free failures, then doubling from
/// 1 s up to 15 minutes.
pub const PER_ADDRESS: ThrottleRule =
    ThrottleRule { free_failures: 20, base_delay_secs: 1, max_delay_secs: 900, forget_after: Duration::hours(1) };

/// Actions that cost us (registrations, reset emails, code re-sends) per network address:
/// 10 an hour are free, then a doubling wait from one minute.
pub const COSTLY_ACTIONS_PER_ADDRESS: ThrottleRule =
    ThrottleRule { free_failures: 10, base_delay_secs: 60, max_delay_secs: 3600, forget_after: Duration::hours(1) };

/// The recorded state of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub last_at: DateTime<Utc>,
}

impl ThrottleRule {
    /// The delay that must pass after the last failure before another try is heard.
    pub fn delay_after(&self, count: i64) -> Duration {
        if count <= self.free_failures {
            return Duration::zero();
        }
        let doublings = (count - self.free_failures - 1).min(20) as u32;
        let secs = self.base_delay_secs.saturating_mul(1i64 << doublings);
        Duration::seconds(secs.min(self.max_delay_secs))
    }

    /// `Some(wait)` when a try now must be refused, with how long to wait.
    pub fn must_wait(&self, failures: Option<Failures>, now: DateTime<Utc>) -> Option<Duration> {
        let f = failures?;
        if now - f.last_at >= self.forget_after {
            return None;
        }
        let ready_at = f.last_at + self.delay_after(f.count);
        (ready_at > now).then(|| ready_at - now)
    }

    /// The failure count to record for a new failure at `now`.
    pub fn next_count(&self, failures: Option<Failures>, now: DateTime<Utc>) -> i64 {
        match failures {
            Some(f) if now - f.last_at < self.forget_after => f.count + 1,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_cap() {
        let r = PER_ACCOUNT;
        assert_eq!(r.delay_after(3), Duration::zero());
        assert_eq!(r.delay_after(4), Duration::seconds(2));
        assert_eq!(r.delay_after(5), Duration::seconds(4));
        assert_eq!(r.delay_after(100), Duration::seconds(900));
    }

    #[test]
    fn the_real_user_gets_in_after_the_delay() {
        let r = PER_ACCOUNT;
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        let f = Some(Failures { count: 50, last_at: t0 });
        assert_eq!(r.must_wait(f, t0 + Duration::seconds(1)), Some(Duration::seconds(899)));
        assert_eq!(r.must_wait(f, t0 + Duration::seconds(900)), None);
    }

    #[test]
    fn old_failures_are_forgotten() {
        let r = PER_ADDRESS;
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        let f = Some(Failures { count: 40, last_at: t0 });
        assert_eq!(r.next_count(f, t0 + Duration::minutes(5)), 41);
        assert_eq!(r.next_count(f, t0 + Duration::hours(2)), 1);
        assert_eq!(r.must_wait(f, t0 + Duration::hours(2)), None);
    }
}
