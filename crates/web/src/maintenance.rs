//! The maintenance window at the edge: the gate in front of every page and API route (writes
//! refused with a 503 and `Retry-After` while a window holds their part; reads always served),
//! the notice every page shows, and the API's `Portail-Maintenance` header.
//!
//! Writes that stay open during a window: signing in and out, keeping a session alive, a fresh
//! sign-in for a sensitive step, ending one's sessions (security comes first), choosing the
//! language, and the administrators' maintenance and incident pages themselves (a window must be
//! endable, an incident during a window recorded). A window that closes sign-in closes the
//! sign-in steps too.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portail_domain::language::Lang;
use portail_domain::maintenance::{Part, Window};
use portail_i18n::Tr;

use crate::api::error::ApiError;
use crate::error::AppError;
use crate::state::AppState;

/// The sign-in steps: open during a window unless it closes sign-in.
const SIGN_IN: [&str; 3] = ["/sign-in", "/sign-in/verify", "/sign-in/partner/callback"];

/// Writes that stay open during every window (prefixes).
const ALWAYS_OPEN: [&str; 7] = [
    "/sign-out",
    "/session/keep-alive",
    "/account/reauth",
    "/account/sessions/",
    "/office/maintenance",
    "/office/incidents",
    "/lang",
];

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a write to `path` is held by the window holding its part (the reads never are).
pub fn held(path: &str) -> bool {
    !SIGN_IN.contains(&path) && !ALWAYS_OPEN.iter().any(|p| path.starts_with(p))
}

/// What the gate says about this request now.
fn gate(st: &AppState, method: &Method, path: &str) -> Result<(), portail_app::Error> {
    let now = st.now();
    if SIGN_IN.contains(&path) {
        return st.app.sign_in_gate(now);
    }
    if is_write(method) && held(path) {
        return st.app.write_gate(Part::of_path(path), now);
    }
    Ok(())
}

/// The pages' gate: a held write gets the 503 page (worded by the error-page middleware).
pub async fn pages_gate(State(st): State<AppState>, req: Request, next: Next) -> Response {
    match gate(&st, req.method(), req.uri().path()) {
        Ok(()) => next.run(req).await,
        Err(e) => AppError::from(e).into_response(),
    }
}

/// The API's gate: a held write gets a JSON 503 (`maintenance`); every answer during the notice
/// carries `Portail-Maintenance: <start>/<end>` (RFC 3339 times, UTC).
pub async fn api_gate(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let notice = st.app.maintenance_notice(Part::Api, st.now());
    let mut res = match gate(&st, req.method(), req.uri().path()) {
        Ok(()) => next.run(req).await,
        Err(e) => ApiError::from(e).into_response(),
    };
    if let Some(w) = notice {
        let value = format!("{}/{}", w.starts_at.to_rfc3339(), w.ends_at.to_rfc3339());
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().insert("portail-maintenance", v);
        }
    }
    res
}

/// The notice a page shows: the window's message in the reader's language and its times.
pub struct Notice {
    pub message: String,
    pub when: String,
    /// The window holds writes now (forms are shown disabled), rather than being ahead.
    pub running: bool,
}

/// A time as the reader reads it: `2026-12-05 02:00` in English, `2026-12-05, 2 h 00` in French.
pub fn local_time(lang: Lang, t: DateTime<Utc>) -> String {
    match lang {
        Lang::En => t.format("%Y-%m-%d %H:%M").to_string(),
        Lang::Fr => format!("{}, {} h {}", t.format("%Y-%m-%d"), t.format("%-H"), t.format("%M")),
    }
}

impl Notice {
    pub fn of(w: &Window, t: &Tr, lang: Lang, now: DateTime<Utc>) -> Notice {
        let args = [("start", local_time(lang, w.starts_at)), ("end", local_time(lang, w.ends_at))];
        Notice {
            message: match lang {
                Lang::En => w.message_en.clone(),
                Lang::Fr => w.message_fr.clone(),
            },
            when: t.with("maintenance-when", &args),
            running: w.starts_at <= now,
        }
    }
}

/// "Extended by 4 minutes / 3 hours because of the service interruption on …" — rounded up:
/// never less than what was given.
pub fn moved_text(t: &Tr, lang: Lang, secs: i64, on: DateTime<Utc>) -> String {
    let duration = if secs < 3600 {
        t.count("request-moved-minutes", "minutes", (secs + 59) / 60)
    } else {
        t.count("request-moved-hours", "hours", (secs + 3599) / 3600)
    };
    t.with("request-deadline-moved", &[("duration", duration), ("on", local_time(lang, on))])
}
