//! Whether a draft may be submitted: every section complete, every required document of the
//! personal checklist there, the whole fee paid — and what is still missing, to show.

use chrono::NaiveDate;

use super::{Answers, Member, checklist, fees, section_complete};
use crate::catalog::{ApplicationType, Section};

/// What still stops a draft from being submitted, and its fee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness<'a> {
    pub missing_sections: Vec<&'a Section>,
    /// Checklist keys (and labels) of required documents not uploaded.
    pub missing_documents: Vec<(String, &'a crate::catalog::Text)>,
    pub total_cents: i64,
    pub paid: bool,
}

impl Readiness<'_> {
    pub fn ready(&self) -> bool {
        self.missing_sections.is_empty() && self.missing_documents.is_empty() && self.paid
    }
}

/// `uploaded` holds the checklist keys that have a document; `paid_cents` what was paid (with
/// a receipt).
pub fn readiness<'a>(
    ty: &'a ApplicationType,
    answers: &Answers,
    members: &[Member],
    uploaded: &[&str],
    paid_cents: Option<i64>,
    today: NaiveDate,
) -> Readiness<'a> {
    let missing_sections = ty.sections.iter().filter(|s| !section_complete(s, answers)).collect();
    let missing_documents = checklist(ty, answers, members, today)
        .into_iter()
        .filter(|i| i.required && !uploaded.contains(&i.key.as_str()))
        .map(|i| (i.key, &i.rule.label))
        .collect();
    let total_cents = fees(ty, answers, members, today).iter().map(|f| f.amount_cents).sum();
    let paid = paid_cents.is_some_and(|p| p >= total_cents);
    Readiness { missing_sections, missing_documents, total_cents, paid }
}
