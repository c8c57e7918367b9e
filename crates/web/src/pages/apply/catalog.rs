//! The catalog page ("Apply"), the preview of what a type will ask, and starting a draft.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::catalog::{Category, FieldKind};
use serde::Deserialize;
use uuid::Uuid;

use super::{money, who_label};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Layout, render};
use crate::pages::see_other;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct TypeCard {
    pub id: String,
    pub name: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "apply_catalog.html")]
struct CatalogPage {
    l: Layout,
    temporary: Vec<TypeCard>,
    permanent: Vec<TypeCard>,
}

pub async fn catalog_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.full()?;
    let lang = ctx.lang;
    let cards = |c: Category| -> Vec<TypeCard> {
        st.app
            .catalog
            .of_category(c)
            .map(|t| TypeCard {
                id: t.id.clone(),
                name: t.name.get(lang).to_owned(),
                summary: t.summary.get(lang).to_owned(),
            })
            .collect()
    };
    let page = CatalogPage {
        l: Layout::new(&ctx, &st, "apply-title"),
        temporary: cards(Category::Temporary),
        permanent: cards(Category::Permanent),
    };
    render(StatusCode::OK, &page)
}

pub struct PreviewSection {
    pub title: String,
    pub questions: Vec<String>,
}

pub struct PreviewLine {
    pub label: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "apply_preview.html")]
struct PreviewPage {
    l: Layout,
    id: String,
    name: String,
    summary: String,
    sections: Vec<PreviewSection>,
    documents: Vec<PreviewLine>,
    fees: Vec<PreviewLine>,
    family: bool,
    draft_key: String,
}

pub async fn preview_get(State(st): State<AppState>, ctx: Ctx, Path(type_id): Path<String>) -> AppResult<Response> {
    ctx.full()?;
    let ty = st.app.catalog.get(&type_id).ok_or(AppError::NotFound)?;
    let (lang, t) = (ctx.lang, Tr::new(ctx.lang));
    let sections = ty
        .sections
        .iter()
        .map(|s| PreviewSection {
            title: s.title.get(lang).to_owned(),
            questions: s
                .fields
                .iter()
                .map(|f| {
                    let mut q = f.label.get(lang).to_owned();
                    if f.show_if.is_some() {
                        q.push_str(&format!(" ({})", t.get("preview-conditional")));
                    }
                    if f.kind == FieldKind::Date {
                        q.push_str(&format!(" — {}", t.get("kind-date")));
                    }
                    q
                })
                .collect(),
        })
        .collect();
    let documents = ty
        .documents
        .iter()
        .map(|d| {
            let mut detail =
                format!("{}, {}", t.get(if d.required { "required" } else { "optional" }), who_label(d.who, &t));
            if d.when.is_some() {
                detail.push_str(&format!(", {}", t.get("preview-conditional")));
            }
            PreviewLine { label: d.label.get(lang).to_owned(), detail }
        })
        .collect();
    let fees = ty
        .fees
        .iter()
        .map(|f| PreviewLine {
            label: f.label.get(lang).to_owned(),
            detail: format!("{} — {}", money(f.amount_cents, lang), who_label(f.who, &t)),
        })
        .collect();
    let page = PreviewPage {
        l: Layout::new(&ctx, &st, "preview-title"),
        id: ty.id.clone(),
        name: ty.name.get(lang).to_owned(),
        summary: ty.summary.get(lang).to_owned(),
        sections,
        documents,
        fees,
        family: ty.family,
        draft_key: Uuid::new_v4().simple().to_string(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StartForm {
    #[serde(rename = "type")]
    type_id: String,
    /// Made when the page was shown: a double click or a retry starts one draft, not two.
    draft_key: String,
}

pub async fn start_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<StartForm>) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let key = Some(f.draft_key.trim()).filter(|k| !k.is_empty() && k.len() <= 64);
    let key = key.map(|k| crate::api::extract::keyed_id(&actor, "draft", k));
    let id = st.app.start_draft(&actor, &f.type_id, key, st.now()).await?.id();
    Ok(see_other(&format!("/applications/{id}"), &[]))
}
