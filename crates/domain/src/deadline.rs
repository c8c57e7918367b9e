//! Deadlines of requests: the default length, the reminders due before and on the day, and
//! days left as a person reads them. Time is a parameter.

use chrono::{DateTime, Duration, Utc};

/// A document request gives 30 days by default.
pub const DEFAULT_DAYS: i64 = 30;
/// A granted extension adds this many days.
pub const EXTENSION_DAYS: i64 = 30;

/// Reminders: 14, 7 and 2 days before the deadline, and when it is missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    Days14,
    Days7,
    Days2,
    Missed,
}

impl Reminder {
    pub const ALL: [Reminder; 4] = [Reminder::Days14, Reminder::Days7, Reminder::Days2, Reminder::Missed];

    pub fn as_str(self) -> &'static str {
        match self {
            Reminder::Days14 => "14d",
            Reminder::Days7 => "7d",
            Reminder::Days2 => "2d",
            Reminder::Missed => "missed",
        }
    }

    /// When this reminder becomes due for a deadline.
    pub fn due_at(self, deadline: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Reminder::Days14 => deadline - Duration::days(14),
            Reminder::Days7 => deadline - Duration::days(7),
            Reminder::Days2 => deadline - Duration::days(2),
            Reminder::Missed => deadline,
        }
    }
}

/// The reminders that are due now; only the latest one that applies is sent, so a request made
/// with 10 days left does not get the 14-day reminder.
pub fn due_reminder(created_at: DateTime<Utc>, deadline: DateTime<Utc>, now: DateTime<Utc>) -> Option<Reminder> {
    Reminder::ALL.into_iter().rev().find(|r| now >= r.due_at(deadline) && r.due_at(deadline) > created_at)
}

/// Days left before the deadline, counting a started day as a day (a 30-day request shows 30
/// just after it is made, 1 on its last day); negative when overdue.
pub fn days_left(deadline: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = (deadline - now).num_seconds();
    if secs >= 0 { (secs + 86_399) / 86_400 } else { -((-secs + 86_399) / 86_400) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(days: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::days(days)
    }

    #[test]
    fn reminders_fall_due_in_order_and_only_when_meaningful() {
        let (created, deadline) = (t(0), t(30));
        assert_eq!(due_reminder(created, deadline, t(10)), None);
        assert_eq!(due_reminder(created, deadline, t(16)), Some(Reminder::Days14));
        assert_eq!(due_reminder(created, deadline, t(23)), Some(Reminder::Days7));
        assert_eq!(due_reminder(created, deadline, t(28)), Some(Reminder::Days2));
        assert_eq!(due_reminder(created, deadline, t(30)), Some(Reminder::Missed));
        // Made with 10 days left: no 14-day reminder, ever.
        assert_eq!(due_reminder(t(20), deadline, t(21)), None);
        assert_eq!(due_reminder(t(20), deadline, t(23)), Some(Reminder::Days7));
    }

    #[test]
    fn days_left_counts_whole_days() {
        assert_eq!(days_left(t(30), t(0)), 30);
        assert_eq!(days_left(t(30), t(0) + Duration::seconds(5)), 30);
        assert_eq!(days_left(t(30), t(30) - Duration::hours(1)), 1);
        assert_eq!(days_left(t(30), t(30) + Duration::hours(1)), -1);
    }
}
