//! A draft's overview: its sections and whether each is done, family members, the personal
//! document checklist, the fees; and deleting the draft.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::FileAction;
use portail_app::drafts::Draft;
use portail_domain::application::{PersonRef, Stage, checklist, fees, section_complete};
use portail_i18n::Tr;
use uuid::Uuid;

use super::{money, today};
use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

pub struct SectionRow {
    pub href: String,
    pub title: String,
    pub done: bool,
}

pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub relationship: String,
    pub born: String,
}

pub struct ItemRow {
    pub href: String,
    pub label: String,
    pub person: String,
    pub required: bool,
    /// The uploaded file's name, or empty.
    pub file: String,
}

pub struct FeeRow {
    pub label: String,
    pub persons: i64,
    pub amount: String,
}

#[derive(Template)]
#[template(path = "draft.html")]
struct DraftPage {
    l: Layout,
    id: Uuid,
    name: String,
    sections: Vec<SectionRow>,
    /// "Sections complete: 2 of 5" / "Sections remplies : 2 sur 5".
    progress: String,
    family: bool,
    members: Vec<MemberRow>,
    items: Vec<ItemRow>,
    fees: Vec<FeeRow>,
    total: String,
    notice: String,
}

/// An application's page: the draft overview, or the status of a submitted file.
pub async fn application_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(q): Query<super::status::StatusQuery>,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let file = st.app.file(&actor, id, FileAction::Read).await?;
    if file.app.stage != Stage::Draft {
        let notice = super::status::status_notice(&q.m, &Tr::new(ctx.lang));
        return super::status::status_page(&st, &ctx, file, notice).await;
    }
    let draft = st.app.draft(&actor, id).await?;
    draft_page(&st, &ctx, &draft).await
}

async fn draft_page(st: &AppState, ctx: &Ctx, d: &Draft<'_>) -> AppResult<Response> {
    let (app, ty, id) = (&d.file.app, d.ty, d.file.id());
    let (lang, t) = (ctx.lang, Tr::new(ctx.lang));
    let day = today(st);
    let sections: Vec<SectionRow> = ty
        .sections
        .iter()
        .map(|s| SectionRow {
            href: format!("/applications/{id}/sections/{}", s.id),
            title: s.title.get(lang).to_owned(),
            done: section_complete(s, &app.answers),
        })
        .collect();
    let name_of = |p: &PersonRef| super::person_name(app, p, &t);
    let docs = st.app.documents(&d.file).await?;
    let items = checklist(ty, &app.answers, &app.members, day)
        .iter()
        .map(|i| ItemRow {
            href: format!("/applications/{id}/documents/{}", urlencoding::encode(&i.key)),
            label: i.rule.label.get(lang).to_owned(),
            person: name_of(&i.person),
            required: i.required,
            file: docs.iter().find(|d| d.item_key == i.key).map(|d| d.file_name.clone()).unwrap_or_default(),
        })
        .collect();
    let fee_lines = fees(ty, &app.answers, &app.members, day);
    let total: i64 = fee_lines.iter().map(|f| f.amount_cents).sum();
    let page = DraftPage {
        l: Layout::new(ctx, st, "draft-title"),
        id,
        name: ty.name.get(lang).to_owned(),
        progress: progress(lang, &sections),
        sections,
        family: ty.family,
        members: app
            .members
            .iter()
            .map(|m| MemberRow {
                id: m.id.simple().to_string(),
                name: format!("{} {}", m.given_name, m.family_name),
                relationship: t.get(&format!("relationship-{}", m.relationship.as_str().replace('_', "-"))),
                born: m.date_of_birth.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        items,
        fees: fee_lines
            .iter()
            .map(|f| FeeRow {
                label: f.label.get(lang).to_owned(),
                persons: f.persons,
                amount: money(f.amount_cents, lang),
            })
            .collect(),
        total: money(total, lang),
        notice: String::new(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "confirm_delete.html")]
struct ConfirmDeletePage {
    l: Layout,
    id: Uuid,
    name: String,
}

pub async fn delete_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let d = st.app.draft(&ctx.actor()?, id).await?;
    let page =
        ConfirmDeletePage { l: Layout::new(&ctx, &st, "delete-title"), id, name: d.ty.name.get(ctx.lang).to_owned() };
    render(StatusCode::OK, &page)
}

pub async fn delete_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.app.delete_draft(&ctx.actor()?, id, st.now()).await?;
    Ok(see_other("/home?m=draft-deleted", &[]))
}

/// "Sections complete: 2 of 5" in the page's language.
fn progress(lang: portail_domain::language::Lang, sections: &[SectionRow]) -> String {
    let done = sections.iter().filter(|s| s.done).count();
    Tr::new(lang).with("draft-progress", &[("done", done.to_string()), ("of", sections.len().to_string())])
}
