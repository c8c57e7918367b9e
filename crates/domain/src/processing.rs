//! Processing times from real data: per program, how many days the files decided in the last 12
//! months took from submission to decision — the median and the 80th percentile (nearest rank),
//! and how many files that rests on. Pure: the durations are parameters.

use chrono::{DateTime, Duration, Utc};

/// Fewer decided files than this say too little to publish.
pub const MIN_FILES: usize = 5;
/// How far back decided files count.
pub const WINDOW: Duration = Duration::days(365);

/// One program's published figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub median_days: i64,
    pub p80_days: i64,
    pub files: i64,
}

/// Whole days from submission to decision, a started day counted (decided the same day: 1).
pub fn days_taken(submitted: DateTime<Utc>, decided: DateTime<Utc>) -> i64 {
    let secs = (decided - submitted).num_seconds().max(0);
    ((secs + 86_399) / 86_400).max(1)
}

/// The `p`-th percentile of sorted values, by nearest rank.
fn nearest_rank(sorted: &[i64], p: usize) -> i64 {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

/// The figures for these durations (days); `None` below [`MIN_FILES`].
pub fn summarize(mut days: Vec<i64>) -> Option<Summary> {
    if days.len() < MIN_FILES {
        return None;
    }
    days.sort_unstable();
    Some(Summary {
        median_days: nearest_rank(&days, 50),
        p80_days: nearest_rank(&days, 80),
        files: i64::try_from(days.len()).unwrap_or(i64::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let s = summarize(vec![10, 1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap();
        assert_eq!((s.median_days, s.p80_days, s.files), (5, 8, 10));
        let s = summarize(vec![30, 30, 30, 30, 90]).unwrap();
        assert_eq!((s.median_days, s.p80_days), (30, 30));
    }

    #[test]
    fn too_few_files_publish_nothing() {
        assert_eq!(summarize(vec![1, 2, 3, 4]), None);
        assert_eq!(summarize(vec![]), None);
    }

    #[test]
    fn a_started_day_counts() {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(days_taken(t, t), 1);
        assert_eq!(days_taken(t, t + Duration::hours(25)), 2);
        assert_eq!(days_taken(t, t + Duration::days(3)), 3);
        assert_eq!(days_taken(t + Duration::days(1), t), 1, "never negative");
    }
}
