//! "Check your answers": every answer of a draft, section by section, each with a "Change"
//! link back to its question; the family, and the documents of the checklist with theirs.

use portail_app::model::{Application, DocumentRecord};
use portail_domain::application::{checklist, visible};
use portail_domain::catalog::ApplicationType;
use portail_domain::language::Lang;
use portail_i18n::Tr;

use super::receipt::answer_text;
use crate::state::AppState;

/// One line of a summary list: the question, the answer, where to change it.
pub struct SummaryRow {
    pub question: String,
    pub answer: String,
    pub missing: bool,
    pub href: String,
}

pub struct SummarySection {
    pub title: String,
    pub rows: Vec<SummaryRow>,
}

/// The summary of a draft, in the order it was asked.
pub fn summary(
    st: &AppState,
    ty: &ApplicationType,
    app: &Application,
    docs: &[DocumentRecord],
    today: chrono::NaiveDate,
    lang: Lang,
) -> Vec<SummarySection> {
    let t = Tr::new(lang);
    let mut out: Vec<SummarySection> = ty
        .sections
        .iter()
        .map(|s| SummarySection {
            title: s.title.get(lang).to_owned(),
            rows: s
                .fields
                .iter()
                .filter(|f| visible(f, &app.answers))
                .map(|f| {
                    let key = format!("{}.{}", s.id, f.id);
                    let answer = app.answers.get(&key).map(|v| answer_text(st, ty, &key, v, lang));
                    SummaryRow {
                        question: f.label.get(lang).to_owned(),
                        missing: answer.is_none(),
                        answer: answer.unwrap_or_else(|| t.get("check-not-answered")),
                        href: format!("/applications/{}/sections/{}?back=check#{}", app.id, s.id, f.id),
                    }
                })
                .collect(),
        })
        .collect();
    if ty.family {
        out.push(family(app, &t));
    }
    out.push(documents(ty, app, docs, today, &t));
    out
}

fn family(app: &Application, t: &Tr) -> SummarySection {
    let rows = app
        .members
        .iter()
        .map(|m| SummaryRow {
            question: t.get(&format!("relationship-{}", m.relationship.as_str().replace('_', "-"))),
            answer: format!(
                "{} {}, {}",
                m.given_name,
                m.family_name,
                t.long_date(
                    chrono::Datelike::year(&m.date_of_birth),
                    chrono::Datelike::month(&m.date_of_birth),
                    chrono::Datelike::day(&m.date_of_birth)
                )
            ),
            missing: false,
            href: format!("/applications/{}#family", app.id),
        })
        .collect::<Vec<_>>();
    let rows = if rows.is_empty() {
        vec![SummaryRow {
            question: t.get("draft-family"),
            answer: t.get("check-no-family"),
            missing: false,
            href: format!("/applications/{}#family", app.id),
        }]
    } else {
        rows
    };
    SummarySection { title: t.get("draft-family"), rows }
}

fn documents(
    ty: &ApplicationType,
    app: &Application,
    docs: &[DocumentRecord],
    today: chrono::NaiveDate,
    t: &Tr,
) -> SummarySection {
    let rows = checklist(ty, &app.answers, &app.members, today)
        .iter()
        .map(|item| {
            let file = docs.iter().find(|d| d.item_key == item.key);
            let mut question = item.rule.label.get(t.lang).to_owned();
            if item.person != portail_domain::application::PersonRef::Principal {
                question = format!("{question} ({})", super::person_name(app, &item.person, t));
            }
            SummaryRow {
                question,
                answer: match (file, item.required) {
                    (Some(d), _) => d.file_name.clone(),
                    (None, true) => t.get("check-not-uploaded"),
                    (None, false) => t.get("check-not-uploaded-optional"),
                },
                missing: file.is_none() && item.required,
                href: format!("/applications/{}/documents/{}", app.id, urlencoding::encode(&item.key)),
            }
        })
        .collect();
    SummarySection { title: t.get("receipt-documents"), rows }
}
