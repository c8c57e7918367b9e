//! The PDF receipt of a submission, in the applicant's language: what was submitted, with each
//! document's SHA-256, the fee paid and the declaration.

use chrono::NaiveDate;
use portail_app::model::Application;
use portail_app::model::DocumentRecord;
use portail_app::model::Payment;
use portail_domain::application::Answers;
use portail_domain::catalog::{ApplicationType, FieldKind};
use portail_domain::language::Lang;
use portail_letters::{Block, Letter, render};

use super::documents::human_size;
use super::money;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use portail_i18n::Tr;

/// An answer as a person reads it: country names, choice labels, yes/no in words.
pub fn answer_text(st: &AppState, ty: &ApplicationType, key: &str, value: &str, lang: Lang) -> String {
    let t = Tr::new(lang);
    let field = key
        .split_once('.')
        .and_then(|(s, f)| ty.sections.iter().find(|x| x.id == s)?.fields.iter().find(|x| x.id == f));
    match field.map(|f| (f.kind, f)) {
        Some((FieldKind::Country, _)) => st.app.countries.name(value, lang).unwrap_or(value).to_owned(),
        Some((FieldKind::YesNo, _)) => t.get(if value == "yes" { "yes" } else { "no" }),
        Some((FieldKind::Choice, f)) => {
            f.options.iter().find(|o| o.value == value).map(|o| o.label.get(lang).to_owned()).unwrap_or_default()
        }
        _ => value.to_owned(),
    }
}

fn principal_name(answers: &Answers) -> String {
    let given = answers.get("personal.given_names").cloned().unwrap_or_default();
    let family = answers.get("personal.family_name").cloned().unwrap_or_default();
    format!("{given} {family}").trim().to_owned()
}

pub fn render_receipt(
    st: &AppState,
    lang: Lang,
    app: &Application,
    docs: &[DocumentRecord],
    payment: &Payment,
) -> AppResult<Vec<u8>> {
    let t = Tr::new(lang);
    let ty = st.app.catalog.get(&app.type_id).ok_or(AppError::NotFound)?;
    let brand = if lang == Lang::En { &st.config.brand_en } else { &st.config.brand_fr };
    let mut blocks = vec![
        Block::Paragraph(t.get("receipt-intro")),
        Block::Field(t.get("home-col-number"), app.number.clone().unwrap_or_default()),
        Block::Field(t.get("home-col-application"), ty.name.get(lang).to_owned()),
        Block::Field(
            t.get("receipt-submitted-at"),
            app.submitted_at.map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default(),
        ),
        Block::Field(t.get("receipt-principal"), principal_name(&app.answers)),
    ];
    for m in &app.members {
        let rel = t.get(&format!("relationship-{}", m.relationship.as_str().replace('_', "-")));
        blocks.push(Block::Field(rel, format!("{} {} ({})", m.given_name, m.family_name, m.date_of_birth)));
    }
    blocks.push(Block::Heading(t.get("draft-fees")));
    blocks.push(Block::Field(t.get("fee-amount"), money(payment.paid_cents.unwrap_or(0), lang)));
    blocks.push(Block::Field(t.get("receipt-payment"), payment.payment_receipt.clone().unwrap_or_default()));
    blocks.push(Block::Heading(t.get("receipt-documents")));
    let day = app.submitted_at.map(|d| d.date_naive()).unwrap_or(NaiveDate::MIN);
    let items = portail_domain::application::checklist(ty, &app.answers, &app.members, day);
    for d in docs {
        let label = items
            .iter()
            .find(|i| i.key == d.item_key)
            .map(|i| i.rule.label.get(lang).to_owned())
            .unwrap_or_else(|| d.item_key.clone());
        blocks.push(Block::Field(label, format!("{} — {}", d.file_name, human_size(d.size, &t))));
        blocks.push(Block::Field("SHA-256".into(), d.sha256.clone()));
    }
    blocks.push(Block::Heading(t.get("receipt-answers")));
    for s in &ty.sections {
        blocks.push(Block::Heading(s.title.get(lang).to_owned()));
        for f in &s.fields {
            let key = format!("{}.{}", s.id, f.id);
            if let Some(v) = app.answers.get(&key) {
                blocks.push(Block::Field(f.label.get(lang).to_owned(), answer_text(st, ty, &key, v, lang)));
            }
        }
    }
    blocks.push(Block::Heading(t.get("receipt-declaration")));
    blocks.push(Block::Paragraph(t.get("declaration-text")));
    blocks.push(Block::Field(t.get("receipt-signed-by"), payment.declaration_name.clone().unwrap_or_default()));
    let letter = Letter {
        title: t.get("receipt-title"),
        letterhead: brand.clone(),
        blocks,
        footer: app.number.clone().unwrap_or_default(),
    };
    render(&letter).map_err(|e| AppError::Internal(e.into()))
}
