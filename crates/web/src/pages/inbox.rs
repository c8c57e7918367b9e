//! The applicant's inbox: letters about their files, newest first, with their read state.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::layout::{Layout, render};
use crate::pages::office::actions::pdf_response;
use crate::state::AppState;
use portail_app::letters::title;

pub struct Item {
    pub href: String,
    pub title: String,
    pub number: String,
    pub date: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    l: Layout,
    items: Vec<Item>,
}

pub async fn inbox_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let apps = st.app.applications(&actor).await?;
    let items = st
        .app
        .letters_of_account(&actor)
        .await?
        .into_iter()
        .map(|l| Item {
            href: format!("/inbox/{}", l.id),
            title: title(&l.kind, ctx.lang),
            number: apps.iter().find(|a| a.id == l.application_id).and_then(|a| a.number.clone()).unwrap_or_default(),
            date: l.created_at.format("%Y-%m-%d").to_string(),
            unread: l.read_at.is_none(),
        })
        .collect();
    render(StatusCode::OK, &InboxPage { l: Layout::new(&ctx, &st, "inbox-title"), items })
}

pub async fn letter_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let l = st.app.open_letter(&ctx.actor()?, id, st.app.clock.now()).await?;
    pdf_response(st.app.render_letter(&l.kind, &l.params, l.created_at)?)
}
