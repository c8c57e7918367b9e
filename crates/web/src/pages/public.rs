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
/// The header's language link (signed out): the language of the pages, kept in a cookie.
pub async fn lang_get(Path(code): Path<String>, Query(q): Query<NextQuery>) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    Ok(see_other(safe_next(&q.next), &[lang_cookie(lang)]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangForm {
    lang: String,
    next: String,
}

/// The header's language button (signed in): the pages' language and the account's, which its
/// mail and letters follow. A form, never a link: another site cannot change it behind one's back.
pub async fn lang_post(
    State(st): State<AppState>,
    ctx: Ctx,
    crate::forms::CsrfForm(f): crate::forms::CsrfForm<LangForm>,
) -> AppResult<Response> {
    let lang = Lang::parse(&f.lang).ok_or(AppError::NotFound)?;
    if let Some(who) = ctx.signed_in() {
        st.app.set_language(who.account.id, lang).await?;
    }
    Ok(see_other(safe_next(&f.next), &[lang_cookie(lang)]))
}

fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000", lang.code())
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
        Err(portail_app::Error::StorageFull) => {
            (StatusCode::SERVICE_UNAVAILABLE, "storage full: writes refused").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Prometheus metrics, for the configured scraper only (a token or an address; open in the demo).
pub async fn metrics_get(State(st): State<AppState>, req: axum::extract::Request) -> Response {
    // The direct peer (never X-Forwarded-For): a scraper behind a proxy uses the token.
    let ip = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|p| p.0.ip());
    match &st.metrics {
        Some(h) if metrics_allowed(&st.config, ip, req.headers()) => {
            ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], h.render()).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn metrics_allowed(
    config: &crate::config::WebConfig,
    ip: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
) -> bool {
    use secrecy::ExposeSecret;
    use subtle::ConstantTimeEq;
    if config.demo || ip.is_some_and(|ip| config.metrics_from.contains(&ip)) {
        return true;
    }
    let sent = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match (&config.metrics_token, sent) {
        (Some(token), Some(sent)) => {
            let digest = |s: &str| <sha2::Sha256 as sha2::Digest>::digest(s.as_bytes());
            bool::from(digest(token.expose_secret()).ct_eq(&digest(sent)))
        }
        _ => false,
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

#[cfg(test)]
mod tests {
    use super::metrics_allowed;
    use crate::config::WebConfig;
    use axum::http::{HeaderMap, HeaderValue, header};

    #[test]
    fn metrics_answer_the_listed_address_or_the_token_only() {
        let loopback = Some("127.0.0.1".parse().unwrap());
        let none = HeaderMap::new();
        let mut c = WebConfig::default();
        assert!(!metrics_allowed(&c, loopback, &none), "closed by default");
        c.metrics_from = vec!["127.0.0.1".parse().unwrap()];
        assert!(metrics_allowed(&c, loopback, &none));
        assert!(!metrics_allowed(&c, Some("10.0.0.9".parse().unwrap()), &none));
        c.metrics_token = Some("t0ken".to_owned().into());
        let mut bearer = HeaderMap::new();
        bearer.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer t0ken"));
        assert!(metrics_allowed(&c, None, &bearer));
        bearer.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer t0ke"));
        assert!(!metrics_allowed(&c, None, &bearer));
        let demo = WebConfig { demo: true, ..WebConfig::default() };
        assert!(metrics_allowed(&demo, None, &none));
    }
}
