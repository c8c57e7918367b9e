//! Applications: numbers, family members, answers to the questionnaire, and what they yield —
//! the personal document checklist and the fees.

mod answers;
mod checklist;
mod number;
pub mod payment;
mod readiness;
pub mod status;

pub use answers::{Answers, FieldError, parse_date, parse_money, parse_section, section_complete, visible};
pub use checklist::{ChecklistItem, FeeLine, PersonRef, checklist, fees};
pub use number::ApplicationNumber;
pub use readiness::{Readiness, readiness};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A family member included in an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub relationship: Relationship,
    pub date_of_birth: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Spouse,
    CommonLawPartner,
    DependentChild,
}

impl Relationship {
    pub const ALL: [Relationship; 3] =
        [Relationship::Spouse, Relationship::CommonLawPartner, Relationship::DependentChild];

    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Spouse => "spouse",
            Relationship::CommonLawPartner => "common_law_partner",
            Relationship::DependentChild => "dependent_child",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Relationship::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A UCI (client identifier): 8 or 10 digits, shown as `0000-0000` or `00-0000-0000`.
pub fn parse_uci(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (matches!(digits.len(), 8 | 10) && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// A new 8-digit UCI (uniqueness is the store's job: it draws again on a collision).
pub fn new_uci() -> String {
    use rand::RngExt;
    format!("{:08}", rand::rng().random_range(10_000_000..100_000_000u32))
}

/// `12345678` → `1234-5678`; `1234567890` → `12-3456-7890`.
pub fn format_uci(digits: &str) -> String {
    match digits.len() {
        8 => format!("{}-{}", &digits[..4], &digits[4..]),
        10 => format!("{}-{}-{}", &digits[..2], &digits[2..6], &digits[6..]),
        _ => digits.to_owned(),
    }
}

/// Age in whole years on `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Checks the fields of a new family member; returns (field, error code) pairs.
pub fn parse_member(
    given_name: &str,
    family_name: &str,
    relationship: &str,
    date_of_birth: &str,
    today: NaiveDate,
) -> Result<Member, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let name_ok = |s: &str| !s.trim().is_empty() && s.chars().count() <= 100 && !s.chars().any(char::is_control);
    if !name_ok(given_name) {
        errors.push(("given_name", "answer-required"));
    }
    if !name_ok(family_name) {
        errors.push(("family_name", "answer-required"));
    }
    let rel = Relationship::parse(relationship);
    if rel.is_none() {
        errors.push(("relationship", "answer-choice-invalid"));
    }
    let dob = match parse_date(date_of_birth) {
        Ok(d) if d > today => Err("answer-date-not-past"),
        Ok(d) if age_on(d, today) >= 130 => Err("answer-date-not-real"),
        other => other,
    };
    if let Err(code) = dob {
        errors.push(("date_of_birth", code));
    }
    let dob = dob.ok();
    match (rel, dob, errors.is_empty()) {
        (Some(relationship), Some(date_of_birth), true) => Ok(Member {
            id: Uuid::new_v4(),
            given_name: given_name.trim().to_owned(),
            family_name: family_name.trim().to_owned(),
            relationship,
            date_of_birth,
        }),
        _ => Err(errors),
    }
}

/// Where an application stands. Drafts belong to the applicant alone; the rest is a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    Submitted,
    Received,
    InProgress,
    Approved,
    Refused,
    Withdrawn,
    ReturnedIncomplete,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Draft,
        Stage::Submitted,
        Stage::Received,
        Stage::InProgress,
        Stage::Approved,
        Stage::Refused,
        Stage::Withdrawn,
        Stage::ReturnedIncomplete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::Received => "received",
            Stage::InProgress => "in_progress",
            Stage::Approved => "approved",
            Stage::Refused => "refused",
            Stage::Withdrawn => "withdrawn",
            Stage::ReturnedIncomplete => "returned_incomplete",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}
