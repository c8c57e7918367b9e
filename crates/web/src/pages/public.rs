//! Pages anyone may see: the landing page, the language switch, static assets, and the
//! operator's health, readiness and metrics endpoints.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portail_domain::language::Lang;
use serde::Deserialize;

use super::see_other;
use crate::context::{Ctx, LANG_COOKIE};
use crate::error::{AppError, AppResult};
use crate::layout::{Layout, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "landing.html")]
struct LandingPage {
    l: Layout,
}

pub async fn landing_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if ctx.signed_in().is_some() {
        return Ok(Redirect::to("/home").into_response());
    }
    render(StatusCode::OK, &LandingPage { l: Layout::new(&ctx, &st, "landing-title") })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// Only local paths: never an open redirect.
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local && !next.chars().any(char::is_control) { next } else { "/" }
}

/// Switches the language (kept in a cookie, and on the account when signed in) and goes back.
pub async fn lang_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    if let Some(who) = ctx.signed_in() {
        st.app.set_language(who.account.id, lang).await?;
    }
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000", lang.code());
    Ok(see_other(safe_next(&q.next), &[cookie]))
}

pub async fn css_get() -> Response {
    static_asset("text/css; charset=utf-8", include_str!("../../assets/portail.css"))
}

pub async fn pr_css_get() -> Response {
    static_asset("text/css; charset=utf-8", include_str!("../../assets/pr.css"))
}

pub async fn pr_js_get() -> Response {
    static_asset("text/javascript; charset=utf-8", include_str!("../../assets/pr.js"))
}

pub async fn upload_js_get() -> Response {
    static_asset("text/javascript; charset=utf-8", include_str!("../../assets/upload.js"))
}

pub async fn session_js_get() -> Response {
    static_asset("text/javascript; charset=utf-8", include_str!("../../assets/session.js"))
}

fn static_asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

pub async fn healthz_get() -> &'static str {
    "ok"
}

pub async fn readyz_get(State(st): State<AppState>) -> Response {
    match st.app.database_ready().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub async fn metrics_get(State(st): State<AppState>) -> Response {
    match &st.metrics {
        Some(h) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], h.render()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    l: Layout,
    heading: String,
    text: String,
    link_href: String,
    link_text: String,
}

/// A translated page for an error code (used by the error-page middleware).
pub fn error_page(st: &AppState, ctx: &Ctx, status: StatusCode, code: &str) -> Response {
    let heading = match status {
        StatusCode::NOT_FOUND => "error-title-not-found",
        StatusCode::SERVICE_UNAVAILABLE => "error-title-maintenance",
        _ => "error-title",
    };
    let l = Layout::new(ctx, st, heading);
    let t = l.t;
    let page = MessagePage {
        heading: t.get(heading),
        text: t.get(code),
        // During maintenance or an outage, the status page says what is going on and until when.
        link_href: if status == StatusCode::SERVICE_UNAVAILABLE { "/status".into() } else { "/".into() },
        link_text: t.get(if status == StatusCode::SERVICE_UNAVAILABLE { "service-link" } else { "error-home" }),
        l,
    };
    match render(status, &page) {
        Ok(r) => r,
        Err(_) => (status, t.get(code)).into_response(),
    }
}
