//! The public status of the service: each part's state decided from what a check measured
//! (database readiness, the age of the oldest mail still waiting, the uploads' storage, a
//! partner's discovery document, the share of server errors, a maintenance window, an open
//! incident), and uptime over days. Pure: the measurements are parameters.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// A part's state, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Operational,
    /// A planned window holds writes (reads work).
    Maintenance,
    /// It works, slowly or with errors.
    Degraded,
    Interrupted,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Operational => "operational",
            State::Maintenance => "maintenance",
            State::Degraded => "degraded",
            State::Interrupted => "interrupted",
        }
    }

    /// Whether a check in this state counts as up in the history (a planned, announced window
    /// serves reads and is not counted as down).
    pub fn is_up(self) -> bool {
        self != State::Interrupted
    }
}

/// Above this share of server errors (with enough requests to judge) a part is degraded.
pub const ERROR_SHARE_DEGRADED: f64 = 0.05;
/// Fewer requests than this in a check's interval say nothing about errors.
pub const MIN_REQUESTS: u64 = 20;
/// The oldest mail waiting this long: delivery is slow.
pub const MAIL_SLOW: Duration = Duration::minutes(15);
/// The oldest mail waiting this long: delivery is stopped.
pub const MAIL_STOPPED: Duration = Duration::hours(1);

/// What one check measured for the whole service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub database_ready: bool,
    /// An operator recorded an interruption that is not over.
    pub incident_open: bool,
    /// How long the oldest mail not yet delivered has waited (none waiting: `None`).
    pub oldest_waiting_mail: Option<Duration>,
    /// A probe object was written to and removed from the documents' storage.
    pub uploads_writable: bool,
}

/// The requests a part answered since the last check, and how many were server errors (5xx
/// other than the 503 of a maintenance window or an overload, which are answers, not failures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Traffic {
    pub requests: u64,
    pub server_errors: u64,
}

impl Traffic {
    fn failing(self) -> bool {
        self.requests >= MIN_REQUESTS && self.server_errors as f64 > self.requests as f64 * ERROR_SHARE_DEGRADED
    }
}

/// A part of the site people use (secure account, PR portal, API).
pub fn site(m: &Measured, in_maintenance: bool, traffic: Traffic) -> State {
    if !m.database_ready || m.incident_open {
        State::Interrupted
    } else if traffic.failing() {
        State::Degraded
    } else if in_maintenance {
        State::Maintenance
    } else {
        State::Operational
    }
}

/// Document uploads: the site's state, and the storage must take a write.
pub fn uploads(m: &Measured, in_maintenance: bool, traffic: Traffic) -> State {
    if !m.uploads_writable { State::Interrupted } else { site(m, in_maintenance, traffic) }
}

/// Email delivery, from the age of the oldest mail still waiting.
pub fn email(m: &Measured) -> State {
    match m.oldest_waiting_mail {
        _ if !m.database_ready => State::Interrupted,
        Some(age) if age >= MAIL_STOPPED => State::Interrupted,
        Some(age) if age >= MAIL_SLOW => State::Degraded,
        _ => State::Operational,
    }
}

/// A Sign-In Partner: its discovery document (and keys) could be fetched, and sign-ins are
/// recorded in the database.
pub fn partner(m: &Measured, discovery_ok: bool) -> State {
    if !discovery_ok || !m.database_ready { State::Interrupted } else { State::Operational }
}

/// What the checks of one part found on one day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Day {
    pub day: NaiveDate,
    pub checks: i64,
    pub up: i64,
}

impl Day {
    /// The share of checks that found the part up, in percent.
    pub fn uptime(&self) -> Option<f64> {
        (self.checks > 0).then(|| 100.0 * self.up.clamp(0, self.checks) as f64 / self.checks as f64)
    }
}

/// Uptime over `days`, in percent (`None` when nothing was checked).
pub fn uptime(days: &[Day]) -> Option<f64> {
    let checks: i64 = days.iter().map(|d| d.checks.max(0)).sum();
    let up: i64 = days.iter().map(|d| d.up.clamp(0, d.checks.max(0))).sum();
    (checks > 0).then(|| 100.0 * up as f64 / checks as f64)
}

/// The days among `days` on which the part was down at least once, newest first.
pub fn days_with_interruptions(days: &[Day]) -> Vec<Day> {
    let mut out: Vec<Day> = days.iter().copied().filter(|d| d.up < d.checks).collect();
    out.sort_by_key(|d| std::cmp::Reverse(d.day));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: Measured =
        Measured { database_ready: true, incident_open: false, oldest_waiting_mail: None, uploads_writable: true };

    fn traffic(requests: u64, server_errors: u64) -> Traffic {
        Traffic { requests, server_errors }
    }

    #[test]
    fn a_site_is_down_without_its_database_or_during_an_incident() {
        assert_eq!(site(&OK, false, Traffic::default()), State::Operational);
        assert_eq!(site(&Measured { database_ready: false, ..OK }, false, Traffic::default()), State::Interrupted);
        assert_eq!(site(&Measured { incident_open: true, ..OK }, true, Traffic::default()), State::Interrupted);
        assert_eq!(site(&OK, true, Traffic::default()), State::Maintenance);
    }

    #[test]
    fn errors_degrade_a_site_only_with_enough_requests() {
        assert_eq!(site(&OK, false, traffic(19, 19)), State::Operational);
        assert_eq!(site(&OK, false, traffic(100, 5)), State::Operational);
        assert_eq!(site(&OK, false, traffic(100, 6)), State::Degraded);
        assert_eq!(site(&OK, true, traffic(100, 50)), State::Degraded);
    }

    #[test]
    fn uploads_need_their_storage() {
        assert_eq!(uploads(&OK, false, Traffic::default()), State::Operational);
        assert_eq!(uploads(&Measured { uploads_writable: false, ..OK }, false, Traffic::default()), State::Interrupted);
    }

    #[test]
    fn mail_is_judged_by_the_oldest_waiting() {
        let waited = |m: i64| Measured { oldest_waiting_mail: Some(Duration::minutes(m)), ..OK };
        assert_eq!(email(&OK), State::Operational);
        assert_eq!(email(&waited(14)), State::Operational);
        assert_eq!(email(&waited(15)), State::Degraded);
        assert_eq!(email(&waited(60)), State::Interrupted);
        assert_eq!(email(&Measured { database_ready: false, ..OK }), State::Interrupted);
    }

    #[test]
    fn a_partner_needs_its_discovery_document() {
        assert_eq!(partner(&OK, true), State::Operational);
        assert_eq!(partner(&OK, false), State::Interrupted);
    }

    #[test]
    fn uptime_counts_checks_over_days() {
        let d = |n: u32, checks, up| Day { day: NaiveDate::from_ymd_opt(2026, 11, n).unwrap_or_default(), checks, up };
        let days = [d(1, 100, 100), d(2, 100, 50), d(3, 0, 0)];
        assert_eq!(uptime(&days), Some(75.0));
        assert_eq!(uptime(&[]), None);
        assert_eq!(days[1].uptime(), Some(50.0));
        assert_eq!(days[2].uptime(), None);
        assert_eq!(days_with_interruptions(&days), vec![days[1]]);
        // A corrupt row (more up than checks) cannot push uptime above 100 %.
        assert_eq!(uptime(&[d(4, 10, 20)]), Some(100.0));
    }

    #[test]
    fn states_order_from_best_to_worst() {
        assert!(State::Operational < State::Maintenance && State::Degraded < State::Interrupted);
        assert!(State::Maintenance.is_up() && State::Degraded.is_up() && !State::Interrupted.is_up());
    }
}
