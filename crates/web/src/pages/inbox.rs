//! The applicant's inbox: letters and the agency's messages about their files, newest first,
//! with their read state (the badge counts both).

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
    /// "Letter" or "Message".
    pub kind: String,
    pub title: String,
    pub number: String,
    pub date: String,
    pub unread: bool,
    at: chrono::DateTime<chrono::Utc>,
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
    let number_of = |id: Uuid| apps.iter().find(|a| a.id == id).and_then(|a| a.number.clone()).unwrap_or_default();
    let t = portail_i18n::Tr::new(ctx.lang);
    let letters = st.app.letters_of_account(&actor).await?.into_iter().map(|l| Item {
        href: format!("/inbox/{}", l.id),
        kind: t.get("inbox-letter"),
        title: title(&l.kind, ctx.lang),
        number: number_of(l.application_id),
        date: l.created_at.format("%Y-%m-%d").to_string(),
        unread: l.read_at.is_none(),
        at: l.created_at,
    });
    let messages = st.app.staff_messages_of_account(&actor).await?.into_iter().map(|m| Item {
        href: format!("/applications/{}/messages#message-{}", m.application_id, m.id),
        kind: t.get("inbox-message"),
        title: if m.subject.is_empty() { t.get("message-from-agency") } else { m.subject },
        number: number_of(m.application_id),
        date: m.at.format("%Y-%m-%d").to_string(),
        unread: m.read_at.is_none(),
        at: m.at,
    });
    let mut items: Vec<Item> = letters.chain(messages).collect();
    items.sort_by_key(|i| std::cmp::Reverse(i.at));
    render(StatusCode::OK, &InboxPage { l: Layout::new(&ctx, &st, "inbox-title"), items })
}

pub async fn letter_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let l = st.app.open_letter(&ctx.actor()?, id, st.app.clock.now()).await?;
    pdf_response(st.app.render_letter(&l.kind, &l.params, l.created_at)?)
}
