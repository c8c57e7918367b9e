//! The PDF receipt of a submission, in the applicant's language: what was submitted, with each
//! document's SHA-256, the fee paid and the declaration.

use chrono::{Datelike, NaiveDate};
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

/// An answer as a person reads it: country names, choice labels, yes/no and dates in words,
/// amounts as the language writes them.
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
        Some((FieldKind::Date, _)) => match portail_domain::application::parse_date(value) {
            Ok(d) => t.long_date(d.year(), d.month(), d.day()),
            Err(_) => value.to_owned(),
        },
        Some((FieldKind::Money, _)) => match portail_domain::application::parse_money(value) {
            Some(cents) => money(cents, lang),
            None => value.to_owned(),
        },
        _ => value.to_owned(),
    }
}

fn principal_name(answers: &Answers) -> String {
    let given = answers.get("personal.given_names").cloned().unwrap_or_default();
    let family = answers.get("personal.family_name").cloned().unwrap_or_default();
    format!("{given} {family}").trim().to_owned()
}

/// Each document with its checklist item, the person it is for, its size and its SHA-256.
fn document_blocks(ty: &ApplicationType, app: &Application, docs: &[DocumentRecord], t: &Tr) -> Vec<Block> {
    let lang = t.lang;
    let mut blocks = Vec::new();
    let day = app.submitted_at.map(|d| d.date_naive()).unwrap_or(NaiveDate::MIN);
    let items = portail_domain::application::checklist(ty, &app.answers, &app.members, day);
    for d in docs {
        // Each document names the person it is for: the principal by name, or the member.
        let label = items
            .iter()
            .find(|i| i.key == d.item_key)
            .map(|i| {
                let person = match &i.person {
                    portail_domain::application::PersonRef::Principal => principal_name(&app.answers),
                    member => super::person_name(app, member, t),
                };
                format!("{} ({person})", i.rule.label.get(lang))
            })
            .unwrap_or_else(|| d.item_key.clone());
        blocks.push(Block::Field(label, format!("{} — {}", d.file_name, human_size(d.size, t))));
        blocks.push(Block::Field("SHA-256".into(), d.sha256.clone()));
    }
    blocks
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
        let born = t.long_date(m.date_of_birth.year(), m.date_of_birth.month(), m.date_of_birth.day());
        blocks.push(Block::Field(rel, format!("{} {} ({born})", m.given_name, m.family_name)));
    }
    blocks.push(Block::Heading(t.get("draft-fees")));
    blocks.push(Block::Field(t.get("fee-amount"), money(payment.paid_cents.unwrap_or(0), lang)));
    blocks.push(Block::Field(t.get("receipt-payment"), payment.payment_receipt.clone().unwrap_or_default()));
    blocks.push(Block::Heading(t.get("receipt-documents")));
    blocks.extend(document_blocks(ty, app, docs, &t));
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
