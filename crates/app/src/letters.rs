//! Letters as PDFs: what each kind says, rendered in the applicant's language from the values
//! stored with it (`portail_domain::letters`).

use chrono::{DateTime, Utc};
use portail_domain::language::Lang;
use portail_domain::letters::{LetterValues, check};
use portail_i18n::Tr;
use portail_letters::{Block, Letter, render};

use crate::{App, Error, Result};

/// A letter's title in `lang`.
pub fn title(kind: &str, lang: Lang) -> String {
    Tr::new(lang).get(&format!("letter-{kind}-title"))
}

impl App {
    /// Renders a stored letter of `kind` (values as JSON), dated `date`.
    pub fn render_letter(&self, kind: &str, params: &str, date: DateTime<Utc>) -> Result<Vec<u8>> {
        let v: LetterValues = serde_json::from_str(params).map_err(|e| Error::Internal(e.into()))?;
        check(kind, &v).map_err(|code| Error::Internal(anyhow::anyhow!("stored letter is incomplete: {code}")))?;
        let t = Tr::new(v.lang);
        let type_name = self.catalog.get(&v.type_id).map(|ty| ty.name.get(v.lang).to_owned()).unwrap_or_default();
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
        let brand = self.settings.brand(v.lang).to_owned();
        let letter = Letter { title: title(kind, v.lang), letterhead: brand, blocks, footer: v.number.clone() };
        render(&letter).map_err(|e| Error::Internal(e.into()))
    }
}
