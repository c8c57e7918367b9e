//! Applying: the catalog, drafts, the questionnaire section by section, family members, and the
//! checklist and fees they yield.

pub mod catalog;
pub mod check;
pub mod documents;
pub mod draft;
pub mod history;
pub mod members;
pub mod messages;
pub mod receipt;
pub mod requests;
pub mod section;
pub mod status;
pub mod submit;

use chrono::NaiveDate;
use portail_app::model::Application;
use portail_domain::application::Stage;
use portail_domain::catalog::Who;
use portail_domain::language::Lang;
use portail_i18n::Tr;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// `$1,234.50` / `1 234,50 $`.
pub fn money(cents: i64, lang: Lang) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(if lang == Lang::En { ',' } else { '\u{a0}' });
        }
        grouped.push(c);
    }
    match lang {
        Lang::En => format!("${grouped}.{:02}", cents % 100),
        Lang::Fr => format!("{grouped},{:02}\u{a0}$", cents % 100),
    }
}

pub fn who_label(who: Who, t: &Tr) -> String {
    t.get(match who {
        Who::Principal => "who-principal",
        Who::Everyone => "who-everyone",
        Who::EachMember => "who-each-member",
        Who::EachAdult => "who-each-adult",
    })
}

/// The colour class of a stage's tag, by what it means to the person: in progress, action
/// needed, approved, refused or closed (each pair of colours keeps a contrast ratio above 7:1).
pub fn stage_class(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft | Stage::ReturnedIncomplete => "tag-action",
        Stage::Submitted | Stage::Received | Stage::InProgress => "tag-progress",
        Stage::Approved => "tag-approved",
        Stage::Refused => "tag-refused",
        Stage::Withdrawn => "tag-closed",
    }
}

/// What happens next, in words, for a submitted file at `stage` (empty for a draft).
pub fn stage_next(stage: Stage, t: &Tr) -> String {
    match stage {
        Stage::Draft => String::new(),
        Stage::Submitted => t.get("next-submitted"),
        Stage::Received => t.get("next-received"),
        Stage::InProgress => t.get("next-in-progress"),
        Stage::Approved => t.get("next-approved"),
        Stage::Refused => t.get("next-refused"),
        Stage::Withdrawn => t.get("next-withdrawn"),
        Stage::ReturnedIncomplete => t.get("next-returned"),
    }
}

pub fn stage_label(stage: Stage, t: &Tr) -> String {
    t.get(match stage {
        Stage::Draft => "stage-draft",
        Stage::Submitted => "stage-submitted",
        Stage::Received => "stage-received",
        Stage::InProgress => "stage-in-progress",
        Stage::Approved => "stage-approved",
        Stage::Refused => "stage-refused",
        Stage::Withdrawn => "stage-withdrawn",
        Stage::ReturnedIncomplete => "stage-returned",
    })
}

/// "You", or the family member's name, for a checklist item's person.
pub fn person_name(app: &Application, person: &portail_domain::application::PersonRef, t: &Tr) -> String {
    match person {
        portail_domain::application::PersonRef::Principal => t.get("person-you"),
        portail_domain::application::PersonRef::Member(id) => app
            .members
            .iter()
            .find(|m| m.id == *id)
            .map(|m| format!("{} {}", m.given_name, m.family_name))
            .unwrap_or_default(),
    }
}

/// Who acted, as the applicant (and the thread) shows it: "You", "Your representative", or an
/// officer by a stable badge number ("Officer no. 01234"), never a name or an internal id.
pub fn actor_label(actor: &str, t: &Tr) -> String {
    match actor.split_once(':') {
        Some(("applicant", _)) => t.get("history-you"),
        Some(("representative", _)) => t.get("history-representative"),
        Some(("assistant", _)) => t.get("history-assistant"),
        Some((_, name)) => {
            let digest = Sha256::digest(name.as_bytes());
            let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 100_000;
            t.with("history-officer", &[("badge", format!("{n:05}"))])
        }
        None => actor.to_owned(),
    }
}

pub fn today(st: &AppState) -> NaiveDate {
    st.now().date_naive()
}
