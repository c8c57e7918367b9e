//! Letters: what each kind says, rendered as a PDF in the applicant's language from the values
//! stored with it. A letter whose values are missing is refused before anything is sent.

use portail_domain::language::Lang;
use portail_letters::{Block, Letter, render};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;

/// The kinds of letters and the values each needs.
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

/// Checks that a letter of `kind` has every value it shows.
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

pub fn title(kind: &str, lang: Lang) -> String {
    Tr::new(lang).get(&format!("letter-{kind}-title"))
}

pub fn render_letter(
    st: &AppState,
    kind: &str,
    params: &str,
    date: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<u8>> {
    let v: LetterValues = serde_json::from_str(params).map_err(|e| AppError::Internal(e.into()))?;
    check(kind, &v).map_err(|code| AppError::Internal(anyhow::anyhow!("stored letter is incomplete: {code}")))?;
    let t = Tr::new(v.lang);
    let type_name = st.catalog.get(&v.type_id).map(|ty| ty.name.get(v.lang).to_owned()).unwrap_or_default();
    let brand = if v.lang == Lang::En { &st.config.brand_en } else { &st.config.brand_fr };
    let args = [
        ("name", v.name.clone()),
        ("number", v.number.clone()),
        ("type", type_name.clone()),
        ("deadline", v.deadline.clone()),
    ];
    let mut blocks = vec![
        Block::Field(t.get("letter-date"), date.format("%Y-%m-%d").to_string()),
        Block::Field(t.get("home-col-number"), v.number.clone()),
        Block::Field(t.get("home-col-application"), type_name),
    ];
    for (label, value) in &v.details {
        blocks.push(Block::Field(t.get(label), value.clone()));
    }
    blocks.extend([Block::Space, Block::Paragraph(t.with("letter-greeting", &args))]);
    for para in t.with(&format!("letter-{kind}-body"), &args).split("\n\n") {
        blocks.push(Block::Paragraph(para.replace('\n', " ")));
    }
    if !v.items.is_empty() {
        blocks.push(Block::Heading(t.get("letter-items")));
        for item in &v.items {
            blocks.push(Block::Paragraph(format!("- {item}")));
        }
        blocks.push(Block::Field(t.get("request-deadline"), v.deadline.clone()));
    }
    if !v.reasons.trim().is_empty() {
        if kind != "message" {
            blocks.push(Block::Heading(t.get("letter-reasons")));
        }
        blocks.push(Block::Paragraph(v.reasons.clone()));
    }
    blocks.push(Block::Space);
    blocks.push(Block::Paragraph(t.get("letter-closing")));
    let letter = Letter { title: title(kind, v.lang), letterhead: brand.clone(), blocks, footer: v.number.clone() };
    render(&letter).map_err(|e| AppError::Internal(e.into()))
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
}
