//! PR confirmation in the PR portal: the three tasks a new permanent resident completes —
//! presence in Canada, personal details with a Canadian mailing address, a photo to
//! specification — each reviewed by an officer, then the eCOPR and the PR card.

use chrono::NaiveDate;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    /// Nothing given yet.
    Todo,
    /// Given, waiting for an officer.
    Submitted,
    Accepted,
    /// Sent back by an officer with a reason: to do again.
    Returned,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Todo => "todo",
            TaskState::Submitted => "submitted",
            TaskState::Accepted => "accepted",
            TaskState::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<TaskState> {
        Some(match s {
            "todo" => TaskState::Todo,
            "submitted" => TaskState::Submitted,
            "accepted" => TaskState::Accepted,
            "returned" => TaskState::Returned,
            _ => return None,
        })
    }

    /// The person may (re)do the task: not while an officer looks at it, nor once accepted.
    pub fn open_to_person(self) -> bool {
        task_next(self, TaskEvent::Given).is_some()
    }
}

/// What happens to a task: the person gives it, an officer accepts it or sends it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskEvent {
    Given,
    Accepted,
    Returned,
}

/// Every allowed change of a task's state; anything else is refused.
pub const TASK_TRANSITIONS: &[(TaskState, TaskEvent, TaskState)] = &[
    (TaskState::Todo, TaskEvent::Given, TaskState::Submitted),
    (TaskState::Returned, TaskEvent::Given, TaskState::Submitted),
    (TaskState::Submitted, TaskEvent::Accepted, TaskState::Accepted),
    (TaskState::Submitted, TaskEvent::Returned, TaskState::Returned),
];

pub fn task_next(from: TaskState, event: TaskEvent) -> Option<TaskState> {
    TASK_TRANSITIONS.iter().find(|(f, e, _)| *f == from && *e == event).map(|(_, _, to)| *to)
}

/// The card's only moves: into production with the eCOPR, then mailed.
pub fn card_next(from: CardStatus) -> Option<CardStatus> {
    match from {
        CardStatus::NotStarted => Some(CardStatus::InProduction),
        CardStatus::InProduction => Some(CardStatus::Mailed),
        CardStatus::Mailed => None,
    }
}

/// The PR card, once the eCOPR is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardStatus {
    NotStarted,
    InProduction,
    Mailed,
}

impl CardStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::NotStarted => "not_started",
            CardStatus::InProduction => "in_production",
            CardStatus::Mailed => "mailed",
        }
    }

    pub fn parse(s: &str) -> Option<CardStatus> {
        Some(match s {
            "not_started" => CardStatus::NotStarted,
            "in_production" => CardStatus::InProduction,
            "mailed" => CardStatus::Mailed,
            _ => return None,
        })
    }
}

/// Steps done out of the five a person sees: the three tasks (sent counts: what is left is
/// the officer's), the eCOPR, the card mailed.
pub fn progress(tasks: [TaskState; 3], ecopr_issued: bool, card: CardStatus) -> (u8, u8) {
    let sent = tasks.iter().filter(|t| matches!(t, TaskState::Submitted | TaskState::Accepted)).count() as u8;
    (sent + u8::from(ecopr_issued) + u8::from(card == CardStatus::Mailed), 5)
}

/// Whether a file may be moved to the PR portal: a permanent-residence program, submitted and
/// neither refused nor withdrawn (temporary files — visas, permits — never move there).
pub fn can_move_to_pr(category: crate::catalog::Category, stage: crate::application::Stage) -> bool {
    use crate::application::Stage;
    category == crate::catalog::Category::Permanent
        && !matches!(stage, Stage::Draft | Stage::Refused | Stage::Withdrawn)
}

/// Tasks sent and waiting for an officer's review.
pub fn waiting_for_review(tasks: [TaskState; 3]) -> i64 {
    tasks.iter().filter(|t| **t == TaskState::Submitted).count() as i64
}

/// The eCOPR may be issued once the three tasks are accepted.
pub fn ecopr_ready(tasks: [TaskState; 3]) -> bool {
    tasks.iter().all(|t| *t == TaskState::Accepted)
}

/// A declaration of presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    InCanada { entered: NaiveDate },
    Outside,
}

/// Checks a declaration: an entry date is required in Canada, not in the future, not absurd.
pub fn parse_presence(choice: &str, entry: &str, today: NaiveDate) -> Result<Presence, &'static str> {
    match choice {
        "outside" => Ok(Presence::Outside),
        "in_canada" => {
            let entered = crate::application::parse_date(entry).map_err(|_| "presence-entry-invalid")?;
            if entered > today {
                return Err("presence-entry-future");
            }
            if entered < NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN) {
                return Err("presence-entry-invalid");
            }
            Ok(Presence::InCanada { entered })
        }
        _ => Err("presence-choose"),
    }
}

/// Provinces and territories, with the first letters of their postal codes.
pub const PROVINCES: [(&str, &str); 13] = [
    ("AB", "T"),
    ("BC", "V"),
    ("MB", "R"),
    ("NB", "E"),
    ("NL", "A"),
    ("NS", "B"),
    ("NT", "X"),
    ("NU", "X"),
    ("ON", "KLMNP"),
    ("PE", "C"),
    ("QC", "GHJ"),
    ("SK", "S"),
    ("YT", "Y"),
];

/// A Canadian postal code in its written form `A1A 1A1`: letters never D, F, I, O, Q or U, and
/// never W or Z first. Case and spacing of the typed value do not matter.
pub fn parse_postal_code(typed: &str) -> Option<String> {
    let s: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    let b = s.as_bytes();
    if b.len() != 6 {
        return None;
    }
    let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
    let ok = letter(b[0])
        && !b"WZ".contains(&b[0])
        && b[1].is_ascii_digit()
        && letter(b[2])
        && b[3].is_ascii_digit()
        && letter(b[4])
        && b[5].is_ascii_digit();
    ok.then(|| format!("{} {}", &s[..3], &s[3..]))
}

/// The postal code belongs to the province (by its first letter).
pub fn postal_code_in_province(postal: &str, province: &str) -> bool {
    let first = postal.chars().next().unwrap_or(' ');
    PROVINCES.iter().any(|(p, letters)| *p == province && letters.contains(first))
}

/// The PR photo specification: JPEG, at least 420 × 540 pixels, 35:45 (7:9) proportions within
/// 3 %, at most 4 MiB.
pub struct PhotoSpec {
    pub min_width: u32,
    pub min_height: u32,
    pub ratio: f64,
    pub ratio_tolerance: f64,
    pub max_bytes: u64,
}

pub const PHOTO_SPEC: PhotoSpec = PhotoSpec {
    min_width: 420,
    min_height: 540,
    ratio: 35.0 / 45.0,
    ratio_tolerance: 0.03,
    max_bytes: 4 * 1024 * 1024,
};

/// What an uploaded photo is, as read from its bytes.
pub struct PhotoFacts {
    pub is_jpeg: bool,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// Every check the photo fails (Fluent ids), empty when it meets the specification.
pub fn check_photo(f: &PhotoFacts, spec: &PhotoSpec) -> Vec<&'static str> {
    let mut problems = vec![];
    if !f.is_jpeg {
        problems.push("photo-not-jpeg");
    }
    if f.bytes > spec.max_bytes {
        problems.push("photo-too-large");
    }
    if f.is_jpeg {
        if f.width < spec.min_width || f.height < spec.min_height {
            problems.push("photo-too-small");
        }
        let ratio = f64::from(f.width) / f64::from(f.height.max(1));
        if (ratio - spec.ratio).abs() > spec.ratio * spec.ratio_tolerance {
            problems.push("photo-wrong-shape");
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn presence_needs_a_real_entry_date() {
        let today = day("2026-11-26");
        assert_eq!(parse_presence("outside", "", today), Ok(Presence::Outside));
        assert_eq!(
            parse_presence("in_canada", " 2026-10-01 ", today),
            Ok(Presence::InCanada { entered: day("2026-10-01") })
        );
        assert_eq!(parse_presence("in_canada", "", today), Err("presence-entry-invalid"));
        assert_eq!(parse_presence("in_canada", "2026-12-01", today), Err("presence-entry-future"));
        assert_eq!(parse_presence("in_canada", "1900-01-01", today), Err("presence-entry-invalid"));
        assert_eq!(parse_presence("", "", today), Err("presence-choose"));
    }

    #[test]
    fn postal_codes_follow_canada_post() {
        assert_eq!(parse_postal_code("k1a0b1").as_deref(), Some("K1A 0B1"));
        assert_eq!(parse_postal_code(" H2X-1Y4 ").as_deref(), Some("H2X 1Y4"));
        for bad in ["", "K1A 0B", "K1A 0B12", "W1A 0B1", "Z1A 0B1", "D1A 0B1", "K1O 0B1", "KIA 0B1", "12345"] {
            assert_eq!(parse_postal_code(bad), None, "{bad:?}");
        }
        assert!(postal_code_in_province("K1A 0B1", "ON"));
        assert!(postal_code_in_province("H2X 1Y4", "QC"));
        assert!(!postal_code_in_province("H2X 1Y4", "ON"));
        assert!(!postal_code_in_province("H2X 1Y4", "XX"));
    }

    #[test]
    fn photos_are_checked_against_each_rule() {
        let good = PhotoFacts { is_jpeg: true, width: 700, height: 900, bytes: 200_000 };
        assert!(check_photo(&good, &PHOTO_SPEC).is_empty());
        let small = PhotoFacts { width: 350, height: 450, ..good };
        assert_eq!(check_photo(&small, &PHOTO_SPEC), vec!["photo-too-small"]);
        let square = PhotoFacts { width: 900, height: 900, ..good };
        assert_eq!(check_photo(&square, &PHOTO_SPEC), vec!["photo-wrong-shape"]);
        let big = PhotoFacts { bytes: 5 * 1024 * 1024, ..good };
        assert_eq!(check_photo(&big, &PHOTO_SPEC), vec!["photo-too-large"]);
        let png = PhotoFacts { is_jpeg: false, ..good };
        assert_eq!(check_photo(&png, &PHOTO_SPEC), vec!["photo-not-jpeg"]);
    }

    #[test]
    fn only_permanent_files_move_to_the_pr_portal() {
        use crate::application::Stage;
        use crate::catalog::Category;
        assert!(can_move_to_pr(Category::Permanent, Stage::InProgress));
        assert!(can_move_to_pr(Category::Permanent, Stage::Approved));
        assert!(!can_move_to_pr(Category::Temporary, Stage::InProgress));
        assert!(!can_move_to_pr(Category::Permanent, Stage::Refused));
        assert!(!can_move_to_pr(Category::Permanent, Stage::Draft));
    }

    #[test]
    fn progress_counts_five_steps() {
        use TaskState::*;
        assert_eq!(progress([Todo, Submitted, Returned], false, CardStatus::NotStarted), (1, 5), "sent counts");
        assert_eq!(progress([Todo, Returned, Todo], false, CardStatus::NotStarted), (0, 5));
        assert_eq!(waiting_for_review([Submitted, Accepted, Submitted]), 2);
        assert!(!ecopr_ready([Accepted, Accepted, Submitted]));
        assert!(ecopr_ready([Accepted; 3]));
        assert_eq!(progress([Accepted; 3], true, CardStatus::Mailed), (5, 5));
        assert!(Returned.open_to_person() && Todo.open_to_person() && !Submitted.open_to_person());
        for s in [Todo, Submitted, Accepted, Returned] {
            assert_eq!(TaskState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn each_task_transition_is_allowed_and_nothing_else() {
        let states = [TaskState::Todo, TaskState::Submitted, TaskState::Accepted, TaskState::Returned];
        let events = [TaskEvent::Given, TaskEvent::Accepted, TaskEvent::Returned];
        let mut allowed = 0;
        for from in states {
            for e in events {
                let expected = TASK_TRANSITIONS.iter().find(|(f, x, _)| *f == from && *x == e).map(|t| t.2);
                assert_eq!(task_next(from, e), expected);
                allowed += usize::from(expected.is_some());
            }
        }
        assert_eq!(allowed, TASK_TRANSITIONS.len());
        assert!(!TaskState::Accepted.open_to_person() && !TaskState::Submitted.open_to_person());
        assert_eq!(card_next(CardStatus::Mailed), None);
    }
}
