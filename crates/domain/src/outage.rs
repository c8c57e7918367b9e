//! Deadlines that move with outages: a deadline that falls inside a recorded interruption of the
//! service, or within a grace period after it, moves out by the interruption's length — once per
//! interruption. Overlapping and nested outages count as one interruption (their union), so an
//! hour lost is never given back twice. Pure: the outages and the deadline are parameters.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// After an outage ends, deadlines this close behind it move too (people need time to act).
pub const DEFAULT_GRACE: Duration = Duration::hours(24);

/// An interruption of the service that has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
}

/// Outages merged where they overlap or touch: the interruptions as people lived them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interruption {
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    /// The outages it is made of (their ids mark a deadline as extended for them).
    pub outages: Vec<Uuid>,
}

impl Interruption {
    pub fn length(&self) -> Duration {
        self.ended_at - self.started_at
    }
}

/// The union of `outages`, in time order (empty or backwards ones ignored).
pub fn interruptions(outages: &[Outage]) -> Vec<Interruption> {
    let mut sorted: Vec<&Outage> = outages.iter().filter(|o| o.ended_at > o.started_at).collect();
    sorted.sort_by_key(|o| (o.started_at, o.ended_at));
    let mut merged: Vec<Interruption> = vec![];
    for o in sorted {
        match merged.last_mut() {
            Some(last) if o.started_at <= last.ended_at => {
                last.ended_at = last.ended_at.max(o.ended_at);
                last.outages.push(o.id);
            }
            _ => merged.push(Interruption { started_at: o.started_at, ended_at: o.ended_at, outages: vec![o.id] }),
        }
    }
    merged
}

/// One move of a deadline, for the person, the timeline and the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub by: Duration,
    /// When the interruption began (named in "because of the interruption on …").
    pub interruption_started_at: DateTime<Utc>,
    /// The outages this move accounts for: never again for this deadline.
    pub outages: Vec<Uuid>,
}

/// The moves `deadline` is owed by `outages`, in order, skipping interruptions any of whose
/// outages it was already moved for (`done`); and the deadline after them. A moved deadline can
/// land in a later interruption and move again, once for each.
pub fn moves(
    deadline: DateTime<Utc>,
    outages: &[Outage],
    done: &[Uuid],
    grace: Duration,
) -> (DateTime<Utc>, Vec<Move>) {
    let mut current = deadline;
    let mut owed = vec![];
    for i in interruptions(outages) {
        if i.outages.iter().any(|id| done.contains(id)) {
            continue;
        }
        if i.started_at <= current && current <= i.ended_at + grace {
            current += i.length();
            owed.push(Move { by: i.length(), interruption_started_at: i.started_at, outages: i.outages });
        }
    }
    (current, owed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).single().unwrap_or_default() + Duration::hours(h)
    }

    fn outage(n: u128, from: i64, to: i64) -> Outage {
        Outage { id: Uuid::from_u128(n), started_at: at(from), ended_at: at(to) }
    }

    #[test]
    fn a_deadline_inside_an_outage_moves_by_its_length() {
        let o = [outage(1, 10, 13)];
        let (moved, owed) = moves(at(11), &o, &[], DEFAULT_GRACE);
        assert_eq!(moved, at(14));
        assert_eq!(owed.len(), 1);
        assert_eq!(owed[0].by, Duration::hours(3));
        assert_eq!(owed[0].interruption_started_at, at(10));
    }

    #[test]
    fn within_the_grace_after_it_moves_too_and_not_after() {
        let o = [outage(1, 10, 13)];
        assert_eq!(moves(at(13 + 24), &o, &[], DEFAULT_GRACE).0, at(40), "the last instant of the grace");
        assert_eq!(moves(at(13 + 25), &o, &[], DEFAULT_GRACE).0, at(38), "past it: unchanged");
        assert_eq!(moves(at(9), &o, &[], DEFAULT_GRACE).0, at(9), "before it: unchanged");
    }

    #[test]
    fn nested_and_overlapping_outages_count_once() {
        let nested = [outage(1, 10, 20), outage(2, 12, 14)];
        assert_eq!(moves(at(13), &nested, &[], DEFAULT_GRACE).0, at(23), "10 hours, not 12");
        let overlapping = [outage(1, 10, 14), outage(2, 12, 16)];
        let (moved, owed) = moves(at(11), &overlapping, &[], DEFAULT_GRACE);
        assert_eq!(moved, at(17));
        assert_eq!(owed[0].outages, vec![Uuid::from_u128(1), Uuid::from_u128(2)]);
    }

    #[test]
    fn once_per_outage() {
        let o = [outage(1, 10, 13)];
        let (_, owed) = moves(at(11), &o, &[], DEFAULT_GRACE);
        let done: Vec<Uuid> = owed.iter().flat_map(|m| m.outages.clone()).collect();
        assert_eq!(moves(at(14), &o, &done, DEFAULT_GRACE), (at(14), vec![]), "moved already: stays");
    }

    #[test]
    fn a_moved_deadline_can_meet_the_next_outage() {
        let o = [outage(1, 10, 13), outage(2, 60, 62)];
        let grace = Duration::hours(1);
        // 12 → 15 by the first; 15 is far before the second: it stays.
        assert_eq!(moves(at(12), &o, &[], grace).0, at(15));
        let far = [outage(1, 10, 13), outage(2, 14, 15)];
        // 12 → 15 lands in the second [14, 15+1]: → 16.
        let (moved, owed) = moves(at(12), &far, &[], grace);
        assert_eq!((moved, owed.len()), (at(16), 2));
    }

    fn arb_outages() -> impl Strategy<Value = Vec<Outage>> {
        prop::collection::vec((0i64..200, 1i64..30), 0..6).prop_map(|spans| {
            spans.into_iter().enumerate().map(|(n, (from, len))| outage(n as u128 + 1, from, from + len)).collect()
        })
    }

    proptest! {
        #[test]
        fn a_deadline_never_moves_earlier_nor_more_than_the_time_lost(os in arb_outages(), d in -10i64..300) {
            let (moved, owed) = moves(at(d), &os, &[], DEFAULT_GRACE);
            prop_assert!(moved >= at(d));
            let lost: Duration = interruptions(&os).iter().map(Interruption::length).sum();
            prop_assert!(moved - at(d) <= lost);
            let total: Duration = owed.iter().map(|m| m.by).sum();
            prop_assert_eq!(moved - at(d), total);
        }

        #[test]
        fn applying_the_moves_twice_changes_nothing(os in arb_outages(), d in -10i64..300) {
            let (moved, owed) = moves(at(d), &os, &[], DEFAULT_GRACE);
            let done: Vec<Uuid> = owed.iter().flat_map(|m| m.outages.clone()).collect();
            let (again, more) = moves(moved, &os, &done, DEFAULT_GRACE);
            // Only an interruption the first pass never reached can still apply (the moved
            // deadline landed in it); one reached is never applied again.
            for m in &more {
                prop_assert!(m.outages.iter().all(|id| !done.contains(id)));
            }
            prop_assert!(again >= moved);
        }

        #[test]
        fn a_deadline_that_fell_inside_an_outage_ends_after_it(os in arb_outages(), d in -10i64..300) {
            let (moved, _) = moves(at(d), &os, &[], DEFAULT_GRACE);
            for i in interruptions(&os) {
                if i.started_at <= at(d) && at(d) <= i.ended_at {
                    prop_assert!(moved >= i.ended_at, "{:?} inside {:?}", at(d), i);
                }
            }
        }

        #[test]
        fn interruptions_are_disjoint_and_cover_every_outage(os in arb_outages()) {
            let is = interruptions(&os);
            for w in is.windows(2) {
                prop_assert!(w[0].ended_at < w[1].started_at);
            }
            for o in &os {
                prop_assert!(is.iter().any(|i| i.started_at <= o.started_at && o.ended_at <= i.ended_at));
            }
        }
    }
}
