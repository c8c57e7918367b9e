//! The status board behind `/status`: a check every [`CHECK_EVERY`] measures each part (the
//! database, the mail waiting, the documents' storage, each Sign-In Partner's discovery document,
//! the share of server errors each part answered since the last check) and keeps the outcome in
//! memory with the incidents and the history it read. The pages read only that snapshot: they
//! cost no statement, and they still answer when the database does not — from the last state
//! read, marked stale since then. Checks made while the database is away are kept and written
//! when it answers again.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portail_app::model::Incident;
use portail_domain::maintenance::Part;
use portail_domain::status::{self, Day, Measured, State, Traffic};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::state::AppState;

/// How often the board is checked.
pub const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// The parts whose answers are counted, in this order.
const COUNTED: [&str; 4] = ["account", "pr", "api", "uploads"];

/// One part as the page shows it.
#[derive(Debug, Clone)]
pub struct PartStatus {
    /// `account`, `pr`, `api`, `uploads`, `email` or `partner:<id>`.
    pub key: String,
    pub state: State,
    /// Its days in the history, oldest first.
    pub days: Vec<Day>,
}

impl PartStatus {
    pub fn uptime(&self) -> Option<f64> {
        status::uptime(&self.days)
    }
}

/// What the last check found.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub checked_at: DateTime<Utc>,
    /// When the database last answered: the incidents and the history are as of then.
    pub read_at: DateTime<Utc>,
    /// The database did not answer the last check.
    pub stale: bool,
    pub parts: Vec<PartStatus>,
    /// Open first, then the most recent.
    pub incidents: Vec<Incident>,
}

impl Snapshot {
    /// The parts with the maintenance windows as they are now: the schedule is in memory, so a
    /// window begun or ended since the last check shows at once.
    pub fn parts_now(&self, st: &AppState) -> Vec<PartStatus> {
        let now = st.now();
        let mut parts = self.parts.clone();
        for p in &mut parts {
            let part = match p.key.as_str() {
                "account" | "uploads" => Part::Account,
                "pr" => Part::Pr,
                "api" => Part::Api,
                _ => continue,
            };
            if matches!(p.state, State::Operational | State::Maintenance) {
                p.state = if st.app.in_maintenance(part, now) { State::Maintenance } else { State::Operational };
            }
        }
        parts
    }
}

/// The worst state of any part.
pub fn overall(parts: &[PartStatus]) -> State {
    parts.iter().map(|p| p.state).max().unwrap_or(State::Operational)
}

#[derive(Default)]
struct Counter {
    requests: AtomicU64,
    server_errors: AtomicU64,
}

impl Counter {
    fn take(&self) -> Traffic {
        Traffic {
            requests: self.requests.swap(0, Ordering::Relaxed),
            server_errors: self.server_errors.swap(0, Ordering::Relaxed),
        }
    }
}

/// Checks not written yet, by (day, part): (checks, up).
type Pending = BTreeMap<(NaiveDate, String), (i64, i64)>;

/// The snapshot, the answers counted since the last check, and the checks not written yet.
#[derive(Default)]
pub struct StatusBoard {
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    traffic: [Counter; 4],
    pending: Mutex<Pending>,
}

impl StatusBoard {
    /// The last check's outcome (`None` before the first).
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.read().ok().and_then(|s| s.clone())
    }

    /// The counter of the part a path belongs to (the back office is not on the status page).
    pub fn counted_part(path: &str) -> Option<usize> {
        match Part::of_path(path) {
            Part::Account => Some(0),
            Part::Pr => Some(1),
            Part::Api => Some(2),
            Part::Office => None,
        }
    }

    /// Counts one answer of `part` ([`StatusBoard::counted_part`]), and of uploads too for a
    /// document's upload.
    pub fn count(&self, part: Option<usize>, upload: bool, status: u16) {
        // A 503 is an answer (a window, an overload), not a failure.
        let failed = status >= 500 && status != 503;
        for i in part.into_iter().chain(upload.then_some(3)) {
            self.traffic[i].requests.fetch_add(1, Ordering::Relaxed);
            if failed {
                self.traffic[i].server_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn set(&self, snapshot: Snapshot) {
        if let Ok(mut s) = self.snapshot.write() {
            *s = Some(Arc::new(snapshot));
        }
    }

    fn keep(&self, now: DateTime<Utc>, parts: &[(String, State)]) -> Pending {
        let Ok(mut pending) = self.pending.lock() else { return Pending::new() };
        for (key, state) in parts {
            let e = pending.entry((now.date_naive(), key.clone())).or_insert((0, 0));
            e.0 += 1;
            e.1 += i64::from(state.is_up());
        }
        pending.clone()
    }

    fn written(&self, done: &Pending) {
        if let Ok(mut pending) = self.pending.lock() {
            for (k, (n, up)) in done {
                if let Some(e) = pending.get_mut(k) {
                    e.0 -= n;
                    e.1 -= up;
                }
            }
            pending.retain(|_, (n, _)| *n > 0);
        }
    }
}

/// Checks every part now and replaces the snapshot.
pub async fn check(st: &AppState) {
    let board = &st.status;
    let now = st.now();
    let previous = board.snapshot();
    let (measured, incidents, mut days, read_at) = match st.app.read_status(now).await {
        Ok(r) => (r.measured, r.incidents, r.days, now),
        Err(e) => {
            tracing::warn!(error = %e, "status check: the database did not answer");
            let prev = previous.as_deref();
            let incidents = prev.map(|p| p.incidents.clone()).unwrap_or_default();
            let days = prev
                .map(|p| p.parts.iter().flat_map(|part| part.days.iter().map(|d| (part.key.clone(), *d))).collect())
                .unwrap_or_default();
            let measured = Measured {
                database_ready: false,
                incident_open: incidents.iter().any(|i| i.ended_at.is_none()),
                oldest_waiting_mail: None,
                uploads_writable: st.app.documents.probe().await.is_ok(),
            };
            (measured, incidents, days, prev.map_or(now, |p| p.read_at))
        }
    };
    let states = states(st, &measured, now).await;
    let pending = board.keep(now, &states);
    if measured.database_ready {
        let rows: Vec<_> = pending.iter().map(|((d, k), (n, up))| (*d, k.clone(), *n, *up)).collect();
        match st.app.record_status_checks(&rows).await {
            Ok(()) => board.written(&pending),
            Err(e) => tracing::warn!(error = %e, "status check: the checks were not written"),
        }
        // The page counts this check at once (the history read before it was written).
        merge(&mut days, &pending);
    }
    let parts = states
        .into_iter()
        .map(|(key, state)| {
            let since = (now - Duration::days(portail_app::status::HISTORY_DAYS - 1)).date_naive();
            let days = days.iter().filter(|(k, d)| *k == key && d.day >= since).map(|(_, d)| *d).collect();
            PartStatus { key, state, days }
        })
        .collect();
    board.set(Snapshot { checked_at: now, read_at, stale: !measured.database_ready, parts, incidents });
}

/// Adds the checks just written to the days read before they were.
fn merge(days: &mut Vec<(String, Day)>, written: &Pending) {
    for ((day, key), (n, up)) in written {
        match days.iter_mut().find(|(k, d)| k == key && d.day == *day) {
            Some((_, d)) => {
                d.checks += n;
                d.up += up;
            }
            None => days.push((key.clone(), Day { day: *day, checks: *n, up: *up })),
        }
    }
    days.sort_by(|a, b| (&a.0, a.1.day).cmp(&(&b.0, b.1.day)));
}

/// Each part's state from what was measured, the windows and the answers counted.
async fn states(st: &AppState, m: &Measured, now: DateTime<Utc>) -> Vec<(String, State)> {
    let traffic: Vec<Traffic> = st.status.traffic.iter().map(Counter::take).collect();
    let held = |p: Part| st.app.in_maintenance(p, now);
    let mut out = vec![
        (COUNTED[0].to_owned(), status::site(m, held(Part::Account), traffic[0])),
        (COUNTED[1].to_owned(), status::site(m, held(Part::Pr), traffic[1])),
        (COUNTED[2].to_owned(), status::site(m, held(Part::Api), traffic[2])),
        (COUNTED[3].to_owned(), status::uploads(m, held(Part::Account), traffic[3])),
        ("email".to_owned(), status::email(m)),
    ];
    let ids: Vec<String> = st.partners.list().map(|(id, _)| id.to_owned()).collect();
    for id in ids {
        let ok = st.partners.discovery_ok(&id).await;
        out.push((format!("partner:{id}"), status::partner(m, ok)));
    }
    out
}

/// Checks the board every [`CHECK_EVERY`] until asked to stop.
pub async fn run(st: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(CHECK_EVERY) => {}
            _ = stop.changed() => return,
        }
        check(&st).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_counted_by_part_and_a_503_is_not_a_failure() {
        let board = StatusBoard::default();
        let account = StatusBoard::counted_part("/home");
        board.count(account, false, 200);
        board.count(account, false, 500);
        board.count(account, false, 503);
        board.count(StatusBoard::counted_part("/applications/x/documents/y"), true, 502);
        board.count(StatusBoard::counted_part("/office"), false, 500);
        board.count(StatusBoard::counted_part("/api/v1/drafts"), false, 504);
        let taken: Vec<Traffic> = board.traffic.iter().map(Counter::take).collect();
        let t = |requests, server_errors| Traffic { requests, server_errors };
        assert_eq!(taken, vec![t(4, 2), t(0, 0), t(1, 1), t(1, 1)], "the back office is not counted");
        assert_eq!(board.traffic[0].take(), Traffic::default(), "taking resets");
    }
}
