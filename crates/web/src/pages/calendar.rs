//! The deadline feed: the account page that makes, replaces or turns off its secret address
//! (shown once), and the feed itself (`/calendar.ics?key=…`, the key in the query so that it
//! never reaches the logs).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account_calendar.html")]
struct CalendarPage {
    l: Layout,
    since: String,
    made: String,
}

async fn page(st: &AppState, ctx: &Ctx, made: String) -> AppResult<Response> {
    let since = st.app.calendar_feed(&ctx.actor()?).await?;
    let since = since.map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
    let l = Layout::new(ctx, st, "calendar-title");
    render(StatusCode::OK, &CalendarPage { l, since, made })
}

pub async fn calendar_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    page(&st, &ctx, String::new()).await
}

pub async fn calendar_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> AppResult<Response> {
    let url = st.app.make_calendar_feed(&ctx.actor()?, st.now()).await?;
    page(&st, &ctx, url).await
}

pub async fn remove_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> AppResult<Response> {
    st.app.remove_calendar_feed(&ctx.actor()?, st.now()).await?;
    Ok(see_other("/account/calendar", &[]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    key: String,
}

pub async fn feed_get(State(st): State<AppState>, Query(q): Query<FeedQuery>) -> AppResult<Response> {
    let Some(ics) = st.app.calendar(&q.key, st.now()).await? else { return Err(AppError::NotFound) };
    let headers =
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "private, max-age=300")];
    Ok((headers, ics).into_response())
}
