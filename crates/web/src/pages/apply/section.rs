//! One section of the questionnaire: its form, and saving it. Every field is shown (questions
//! that depend on an earlier answer say so), so the form works without scripts; answers to
//! questions that do not apply are dropped when the section is saved.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::application::Answers;
use portail_domain::catalog::{ApplicationType, Field, FieldKind, Section};
use portail_domain::language::Lang;
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::context::Ctx;
use crate::dates::{DateParts, join_dates, shown};
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct FieldView {
    pub id: String,
    /// `text`, `textarea`, `date`, `select`, `radios`, `number`, `money`.
    pub widget: &'static str,
    pub label: String,
    pub hint: String,
    pub condition: String,
    pub required: bool,
    pub value: String,
    /// For `date`: the three boxes.
    pub date: DateParts,
    pub options: Vec<OptionView>,
}

#[derive(Template)]
#[template(path = "section.html")]
struct SectionPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    type_name: String,
    title: String,
    intro: String,
    action: String,
    fields: Vec<FieldView>,
}

/// Finds the label of a condition's field and of its expected answers, for the hint.
fn condition_text(ty: &ApplicationType, f: &Field, lang: Lang, t: &Tr) -> String {
    let Some(c) = &f.show_if else { return String::new() };
    let Some((sid, fid)) = c.field.split_once('.') else { return String::new() };
    let Some(target) = ty.sections.iter().find(|s| s.id == sid).and_then(|s| s.fields.iter().find(|f| f.id == fid))
    else {
        return String::new();
    };
    let answers: Vec<String> = c
        .equals
        .iter()
        .map(|v| match target.kind {
            FieldKind::YesNo => t.get(if v == "yes" { "yes" } else { "no" }),
            _ => {
                target.options.iter().find(|o| &o.value == v).map(|o| o.label.get(lang).to_owned()).unwrap_or_default()
            }
        })
        .collect();
    t.with("field-condition", &[("question", target.label.get(lang).to_owned()), ("answer", answers.join(" / "))])
}

fn views(
    st: &AppState,
    ty: &ApplicationType,
    section: &Section,
    values: &BTreeMap<String, String>,
    lang: Lang,
) -> Vec<FieldView> {
    let t = Tr::new(lang);
    section
        .fields
        .iter()
        .map(|f| {
            let value = values.get(&f.id).cloned().unwrap_or_default();
            let opts = |pairs: Vec<(String, String)>| -> Vec<OptionView> {
                pairs.into_iter().map(|(v, label)| OptionView { selected: v == value, value: v, label }).collect()
            };
            let (widget, options, hint_key) = match f.kind {
                FieldKind::Text if f.max_len.unwrap_or(200) > 200 => ("textarea", vec![], None),
                FieldKind::Text => ("text", vec![], None),
                FieldKind::Date => ("date", vec![], Some("hint-date")),
                FieldKind::Number => ("number", vec![], None),
                FieldKind::Money => ("money", vec![], Some("hint-money")),
                FieldKind::YesNo => {
                    ("radios", opts(vec![("yes".into(), t.get("yes")), ("no".into(), t.get("no"))]), None)
                }
                FieldKind::Choice => (
                    "radios",
                    opts(f.options.iter().map(|o| (o.value.clone(), o.label.get(lang).to_owned())).collect()),
                    None,
                ),
                FieldKind::Country => {
                    let mut list = vec![(String::new(), t.get("choose-country"))];
                    list.extend(st.app.countries.sorted(lang).into_iter().map(|(c, n)| (c.to_owned(), n.to_owned())));
                    ("select", opts(list), None)
                }
            };
            let mut hint = f.hint.as_ref().map(|h| h.get(lang).to_owned()).unwrap_or_default();
            if let Some(k) = hint_key {
                if !hint.is_empty() {
                    hint.push(' ');
                }
                hint.push_str(&t.get(k));
            }
            FieldView {
                id: f.id.clone(),
                widget,
                label: f.label.get(lang).to_owned(),
                hint,
                condition: condition_text(ty, f, lang, &t),
                required: f.required,
                date: if f.kind == FieldKind::Date { shown(values, &f.id) } else { DateParts::default() },
                value,
                options,
            }
        })
        .collect()
}

/// The saved answers of one section, keyed by field id.
fn saved(section: &Section, answers: &Answers) -> BTreeMap<String, String> {
    section
        .fields
        .iter()
        .filter_map(|f| answers.get(&format!("{}.{}", section.id, f.id)).map(|v| (f.id.clone(), v.clone())))
        .collect()
}

/// The draft and section a form belongs to, and whether it was opened from "Check your
/// answers" (`?back=check`: saving returns there).
struct Place<'a> {
    id: Uuid,
    ty: &'a ApplicationType,
    section: &'a Section,
    from_check: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SectionQuery {
    back: String,
}

fn page(
    st: &AppState,
    ctx: &Ctx,
    place: &Place<'_>,
    values: &BTreeMap<String, String>,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let Place { id, ty, section, from_check } = *place;
    let lang = ctx.lang;
    let mut l = Layout::new(ctx, st, "section-title");
    l.title = format!("{} — {}", section.title.get(lang), ty.name.get(lang));
    let page = SectionPage {
        l,
        errors,
        notice: String::new(),
        id,
        type_name: ty.name.get(lang).to_owned(),
        title: section.title.get(lang).to_owned(),
        intro: section.intro.as_ref().map(|i| i.get(lang).to_owned()).unwrap_or_default(),
        action: format!("/applications/{id}/sections/{}{}", section.id, if from_check { "?back=check" } else { "" }),
        fields: views(st, ty, section, values, lang),
    };
    render(status, &page)
}

/// Refusals that read better with the question's name ("“Date of birth” must be in the past").
const NAMED: [&str; 6] = [
    "answer-required",
    "answer-date-incomplete",
    "answer-date-not-real",
    "answer-date-not-past",
    "answer-date-not-future",
    "answer-date-not-after",
];

/// A section's refusals, each naming its question ("Answer “Family name”"), never the same
/// "Answer this question" seven times; a date out of order names the date it must follow.
fn named_errors(t: &Tr, section: &Section, refused: &[portail_app::FieldError]) -> Errors {
    let label = |id: &str| {
        let f = section.fields.iter().find(|f| f.id == id)?;
        Some(f.label.get(t.lang).trim_end_matches(['.', ':']).to_owned())
    };
    let named: Vec<portail_app::FieldError> = refused
        .iter()
        .map(|e| match (NAMED.iter().find(|c| **c == e.code), label(&e.field)) {
            (Some(code), Some(question)) => {
                let field = section.fields.iter().find(|f| f.id == e.field);
                let other = field.and_then(|f| f.after.as_deref()).and_then(label).unwrap_or_default();
                let named_code: &'static str = match *code {
                    "answer-required" => "answer-required-named",
                    "answer-date-incomplete" => "answer-date-incomplete-named",
                    "answer-date-not-real" => "answer-date-not-real-named",
                    "answer-date-not-past" => "answer-date-not-past-named",
                    "answer-date-not-future" => "answer-date-not-future-named",
                    _ => "answer-date-not-after-named",
                };
                portail_app::FieldError::new(e.field.clone(), named_code)
                    .with("question", question)
                    .with("other", other)
            }
            _ => e.clone(),
        })
        .collect();
    Errors::of(t, &named)
}

pub async fn section_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(Uuid, String)>,
    Query(q): Query<SectionQuery>,
) -> AppResult<Response> {
    let d = st.app.draft(&ctx.actor()?, id).await?;
    let section = d.ty.sections.iter().find(|s| s.id == sid).ok_or(AppError::NotFound)?;
    let values = saved(section, &d.file.app.answers);
    let place = Place { id, ty: d.ty, section, from_check: q.back == "check" };
    page(&st, &ctx, &place, &values, Errors::default(), StatusCode::OK)
}

pub async fn section_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(Uuid, String)>,
    Query(q): Query<SectionQuery>,
    CsrfForm(mut input): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    join_dates(&mut input);
    let t = Tr::new(ctx.lang);
    let from_check = q.back == "check";
    let (status, refused) = match st.app.save_section(&actor, id, &sid, &input, st.now()).await {
        Ok(_) if from_check => return Ok(see_other(&format!("/applications/{id}/submit"), &[])),
        // On to the next section, or back to the overview after the last one.
        Ok(Some(next)) => return Ok(see_other(&format!("/applications/{id}/sections/{next}"), &[])),
        Ok(None) => return Ok(see_other(&format!("/applications/{id}"), &[])),
        Err(portail_app::Error::Invalid(fields)) => (StatusCode::UNPROCESSABLE_ENTITY, fields),
        Err(portail_app::Error::Conflict(_)) => (StatusCode::CONFLICT, vec![]),
        Err(e) => return Err(e.into()),
    };
    let d = st.app.draft(&actor, id).await?;
    let section = d.ty.sections.iter().find(|s| s.id == sid).ok_or(AppError::NotFound)?;
    let errors = if status == StatusCode::CONFLICT {
        // The message goes with the first question, so it is seen.
        Errors::one(&t, section.fields.first().map(|f| f.id.as_str()).unwrap_or(""), "draft-changed")
    } else {
        named_errors(&t, section, &refused)
    };
    page(&st, &ctx, &Place { id, ty: d.ty, section, from_check }, &input, errors, status)
}
