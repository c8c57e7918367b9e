//! Letters as data: the kinds of letters, the values each one shows, and the tables of what an
//! officer may send — decisions with the letter that follows them, and instruction letters with
//! the processing step each one opens. Rendering them is the operations' job.

use serde::{Deserialize, Serialize};

use crate::application::status::{Action, Step};
use crate::language::Lang;

/// The kinds of letters.
pub const KINDS: &[&str] = &[
    "aor",
    "approval",
    "refusal",
    "returned",
    "document_request",
    "biometrics",
    "medical",
    "interview",
    "passport_request",
    "procedural_fairness",
    "message",
    "ecopr",
];

/// What a letter shows; kept as JSON with the letter.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LetterValues {
    pub lang: Lang,
    pub number: String,
    pub type_id: String,
    pub name: String,
    /// For refusals and returns: the officer's reasons (required there).
    #[serde(default)]
    pub reasons: String,
    /// For document requests: what is asked (in the applicant's language) and by when.
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub deadline: String,
    /// Labelled values shown as fields (Fluent id, value): the eCOPR's confirmed details.
    #[serde(default)]
    pub details: Vec<(String, String)>,
}

/// Checks that a letter of `kind` has every value it shows; the error is a stable code.
pub fn check(kind: &str, v: &LetterValues) -> Result<(), &'static str> {
    if !KINDS.contains(&kind) {
        return Err("letter-unknown");
    }
    if v.number.is_empty() || v.name.trim().is_empty() {
        return Err("letter-missing-value");
    }
    if matches!(kind, "refusal" | "returned" | "procedural_fairness" | "message") && v.reasons.trim().is_empty() {
        return Err("letter-missing-reasons");
    }
    if kind == "document_request" && (v.items.iter().all(|i| i.trim().is_empty()) || v.deadline.is_empty()) {
        return Err("letter-missing-items");
    }
    if kind == "interview" && v.deadline.is_empty() {
        return Err("letter-missing-date");
    }
    Ok(())
}

/// A decision an officer can take on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The value the forms and the API send.
    pub value: &'static str,
    pub action: Action,
    /// The letter it sends, if any.
    pub letter: Option<&'static str>,
    /// The officer must give reasons (shown in the letter).
    pub needs_reasons: bool,
    /// The timeline entry it writes.
    pub event: &'static str,
}

/// Every decision, in the order the office page lists them.
pub const DECISIONS: &[Decision] = &[
    Decision {
        value: "acknowledge",
        action: Action::Acknowledge,
        letter: Some("aor"),
        needs_reasons: false,
        event: "acknowledged",
    },
    Decision {
        value: "start",
        action: Action::StartProcessing,
        letter: None,
        needs_reasons: false,
        event: "processing_started",
    },
    Decision {
        value: "approve",
        action: Action::Approve,
        letter: Some("approval"),
        needs_reasons: false,
        event: "approved",
    },
    Decision {
        value: "refuse",
        action: Action::Refuse,
        letter: Some("refusal"),
        needs_reasons: true,
        event: "refused",
    },
    Decision {
        value: "return",
        action: Action::ReturnIncomplete,
        letter: Some("returned"),
        needs_reasons: true,
        event: "returned",
    },
];

pub fn decision(value: &str) -> Option<&'static Decision> {
    DECISIONS.iter().find(|d| d.value == value)
}

/// Letters an officer sends without changing the stage, with the step each one opens.
pub const INSTRUCTION_LETTERS: &[(&str, Option<Step>)] = &[
    ("biometrics", Some(Step::Biometrics)),
    ("medical", Some(Step::Medical)),
    ("interview", Some(Step::Interview)),
    ("passport_request", None),
    ("procedural_fairness", None),
    ("message", None),
];

pub fn instruction_letter(kind: &str) -> Option<(&'static str, Option<Step>)> {
    INSTRUCTION_LETTERS.iter().find(|(k, _)| *k == kind).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_need_reasons_and_every_letter_needs_its_values() {
        let v = LetterValues {
            lang: Lang::Fr,
            number: "V123456789".into(),
            type_id: "visitor-visa".into(),
            name: "Marie Curie".into(),
            reasons: String::new(),
            items: vec![],
            deadline: String::new(),
            details: vec![],
        };
        assert_eq!(check("aor", &v), Ok(()));
        assert_eq!(check("refusal", &v), Err("letter-missing-reasons"));
        assert_eq!(check("aor", &LetterValues { name: " ".into(), ..v.clone() }), Err("letter-missing-value"));
        assert_eq!(check("nonsense", &v), Err("letter-unknown"));
        assert_eq!(check("document_request", &v), Err("letter-missing-items"));
    }

    #[test]
    fn every_decision_letter_and_instruction_letter_is_a_known_kind() {
        for d in DECISIONS {
            assert!(d.letter.is_none_or(|l| KINDS.contains(&l)), "{}", d.value);
            assert_eq!(decision(d.value), Some(d));
            // A decision that asks for reasons sends a letter that shows them.
            assert!(!d.needs_reasons || d.letter.is_some());
        }
        for (kind, _) in INSTRUCTION_LETTERS {
            assert!(KINDS.contains(kind));
        }
        assert_eq!(decision("delete"), None);
        assert_eq!(instruction_letter("aor"), None);
    }
}
