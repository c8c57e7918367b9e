//! Session lifetimes: an idle timeout and an absolute one (ASVS 7.3.1, 7.3.2).

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
    /// How long before the idle timeout the page warns (when scripts run).
    pub warn_before: Duration,
    /// How recent a sign-in must be for sensitive account changes (re-enrol MFA).
    pub reauth_window: Duration,
    /// How long a half-finished sign-in (password given, second factor not yet) lives.
    pub pending_second_factor: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(20),
            absolute: Duration::hours(12),
            warn_before: Duration::minutes(2),
            reauth_window: Duration::minutes(5),
            pending_second_factor: Duration::minutes(5),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    Alive,
    IdleExpired,
    AbsoluteExpired,
}

impl SessionPolicy {
    pub fn liveness(&self, created_at: DateTime<Utc>, last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> Liveness {
        if now - created_at >= self.absolute {
            Liveness::AbsoluteExpired
        } else if now - last_seen_at >= self.idle {
            Liveness::IdleExpired
        } else {
            Liveness::Alive
        }
    }

    pub fn recently_authenticated(&self, authenticated_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - authenticated_at < self.reauth_window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_absolute_limits() {
        let p = SessionPolicy::default();
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(p.liveness(t0, t0, t0 + Duration::minutes(19)), Liveness::Alive);
        assert_eq!(p.liveness(t0, t0, t0 + Duration::minutes(20)), Liveness::IdleExpired);
        let active = t0 + Duration::hours(12) - Duration::minutes(1);
        assert_eq!(p.liveness(t0, active, active), Liveness::Alive);
        assert_eq!(p.liveness(t0, active, t0 + Duration::hours(12)), Liveness::AbsoluteExpired);
    }

    #[test]
    fn reauthentication_window() {
        let p = SessionPolicy::default();
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        assert!(p.recently_authenticated(t0, t0 + Duration::minutes(4)));
        assert!(!p.recently_authenticated(t0, t0 + Duration::minutes(5)));
    }
}

/// How far a signed-in session has come. Only `Full` reaches the applicant's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password accepted; the second factor is still owed.
    SecondFactor,
    /// A new account finishing its set-up: confirm the email, enrol MFA.
    Setup,
    Full,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::SecondFactor => "second_factor",
            SessionStage::Setup => "setup",
            SessionStage::Full => "full",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "second_factor" => Some(SessionStage::SecondFactor),
            "setup" => Some(SessionStage::Setup),
            "full" => Some(SessionStage::Full),
            _ => None,
        }
    }
}
