//! From answers and family members to the personal document checklist and the fees.

use chrono::NaiveDate;

use super::answers::{Answers, condition_holds};
use super::{Member, age_on};
use crate::catalog::{ApplicationType, DocumentRule, Text, Who};

/// Whom a checklist item or a fee is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    Principal,
    Member(uuid::Uuid),
}

impl PersonRef {
    pub fn key(&self) -> String {
        match self {
            PersonRef::Principal => "principal".to_owned(),
            PersonRef::Member(id) => id.simple().to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem<'a> {
    /// `rule:person`, stable while the rule and the person exist (documents attach to it).
    pub key: String,
    pub rule: &'a DocumentRule,
    pub person: PersonRef,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeLine<'a> {
    pub label: &'a Text,
    pub persons: i64,
    pub amount_cents: i64,
}

/// The people a rule applies to, principal first.
fn people(who: Who, principal_birth: Option<NaiveDate>, members: &[Member], today: NaiveDate) -> Vec<PersonRef> {
    let adult = |b: Option<NaiveDate>| b.is_some_and(|b| age_on(b, today) >= 18);
    let mut out = Vec::new();
    if matches!(who, Who::Principal | Who::Everyone) || (who == Who::EachAdult && adult(principal_birth)) {
        out.push(PersonRef::Principal);
    }
    for m in members {
        if matches!(who, Who::Everyone | Who::EachMember) || (who == Who::EachAdult && adult(Some(m.date_of_birth))) {
            out.push(PersonRef::Member(m.id));
        }
    }
    out
}

/// The principal's date of birth, if the questionnaire asked it (`*.date_of_birth`).
fn principal_birth(answers: &Answers) -> Option<NaiveDate> {
    answers
        .iter()
        .find(|(k, _)| k.ends_with(".date_of_birth"))
        .and_then(|(_, v)| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

pub fn checklist<'a>(
    ty: &'a ApplicationType,
    answers: &Answers,
    members: &[Member],
    today: NaiveDate,
) -> Vec<ChecklistItem<'a>> {
    let birth = principal_birth(answers);
    ty.documents
        .iter()
        .filter(|d| condition_holds(d.when.as_ref(), answers))
        .flat_map(|d| {
            people(d.who, birth, members, today).into_iter().map(move |p| ChecklistItem {
                key: format!("{}:{}", d.id, p.key()),
                rule: d,
                person: p,
                required: d.required,
            })
        })
        .collect()
}

pub fn fees<'a>(ty: &'a ApplicationType, answers: &Answers, members: &[Member], today: NaiveDate) -> Vec<FeeLine<'a>> {
    let birth = principal_birth(answers);
    ty.fees
        .iter()
        .filter(|f| condition_holds(f.when.as_ref(), answers))
        .filter_map(|f| {
            let n = people(f.who, birth, members, today).len() as i64;
            (n > 0).then(|| FeeLine { label: &f.label, persons: n, amount_cents: n * f.amount_cents })
        })
        .collect()
}
