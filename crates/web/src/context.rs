//! Who is asking, in which language: built once per request by [`load`] and read by handlers as
//! the `Ctx` extractor. The access guards here are the one place that decides which session
//! stage may reach which group of routes (see `router.rs`).

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portail_app::model::{Account, Session};
use portail_app::sign_in::{Client, SessionState};
use portail_domain::language::Lang;
use portail_domain::policy::{Actor, Via};
use portail_domain::session::SessionStage;
use std::net::SocketAddr;

use crate::csrf::{CsrfCookie, read_cookie};
use crate::error::AppError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "__Host-portail-session";
pub const LANG_COOKIE: &str = "__Host-portail-lang";

/// A signed-in (or signing-in) person.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: Session,
    pub account: Account,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub csrf_cookie: String,
    pub csrf_token: String,
    pub who: Option<SignedIn>,
    /// A session cookie came in, but its session had timed out.
    pub timed_out: bool,
    /// Unread letters, for the badge on every page.
    pub unread: i64,
    pub ip: String,
    pub user_agent: String,
    pub path: String,
}

impl Ctx {
    /// Where the request came from, as the session list shows it.
    pub fn client(&self) -> Client<'_> {
        Client { ip: &self.ip, user_agent: &self.user_agent }
    }

    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.who.as_ref().filter(|w| w.session.stage == SessionStage::Full)
    }

    /// The signed-in person; the full-session guard guarantees it on its routes.
    pub fn full(&self) -> Result<&SignedIn, AppError> {
        self.signed_in().ok_or(AppError::SignInRequired { reason: None })
    }

    /// Who is acting, for the operations: the fully signed-in person and their session.
    pub fn actor(&self) -> Result<Actor, AppError> {
        let who = self.full()?;
        Ok(Actor {
            account: who.account.id,
            username: who.account.username.clone(),
            role: who.account.role,
            via: Via::Session { authenticated_at: who.session.authenticated_at },
        })
    }

    pub fn at_stage(&self, stage: SessionStage) -> Result<&SignedIn, AppError> {
        self.who.as_ref().filter(|w| w.session.stage == stage).ok_or(AppError::SignInRequired { reason: None })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware missing")))
    }
}

/// The language of a request: the language cookie, else the browser's preference, else English.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    read_cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

fn client_ip(req: &Request, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|s| s.trim().to_owned())
            .filter(|s| s.parse::<std::net::IpAddr>().is_ok());
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Builds the request's [`Ctx`]: language, CSRF token, session (ending it if timed out).
pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let seen = Seen {
        headers: req.headers().clone(),
        csrf_cookie: req.extensions().get::<CsrfCookie>().map(|c| c.0.clone()).unwrap_or_default(),
        ip: client_ip(&req, state.config.trust_forwarded_for),
        path: req.uri().path().to_owned(),
    };
    match build(&state, seen).await {
        Ok(ctx) => {
            req.extensions_mut().insert(ctx);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// What [`load`] reads from the request before it awaits anything.
struct Seen {
    headers: HeaderMap,
    csrf_cookie: String,
    ip: String,
    path: String,
}

async fn build(state: &AppState, seen: Seen) -> Result<Ctx, AppError> {
    let now = state.now();
    let headers = &seen.headers;
    let csrf_cookie = seen.csrf_cookie.clone();
    let mut lang = request_lang(headers);
    let lang_chosen = read_cookie(headers, LANG_COOKIE).is_some();
    let mut who = None;
    let mut timed_out = false;
    let mut unread = 0;
    if let Some(token) = read_cookie(headers, SESSION_COOKIE) {
        let opened = match state.app.open_session(token, &state.policy, now).await {
            // The status page answers when the database does not: its visitor is then anonymous.
            Err(e) if seen.path.starts_with("/status") => {
                tracing::warn!(error = %e, "status page: session not read");
                SessionState::None
            }
            other => other?,
        };
        match opened {
            SessionState::None => {}
            SessionState::TimedOut => timed_out = true,
            SessionState::Live(live) => {
                let (session, account, unread_items) = *live;
                if !lang_chosen {
                    lang = account.lang;
                }
                // The badge: read with the session itself, shown to applicants fully signed in.
                if session.stage == SessionStage::Full && !account.role.is_staff() {
                    unread = unread_items;
                }
                who = Some(SignedIn { session, account });
            }
        }
    }
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    Ok(Ctx {
        unread,
        lang,
        csrf_token: crate::csrf::token_for(&state.app.key[..], &csrf_cookie),
        csrf_cookie,
        who,
        timed_out,
        ip: seen.ip,
        user_agent,
        path: seen.path,
    })
}

fn ctx_of(req: &Request) -> Option<&Ctx> {
    req.extensions().get::<Ctx>()
}

fn sign_in_again(ctx: Option<&Ctx>) -> Response {
    let reason = ctx.filter(|c| c.timed_out).map(|_| "timeout");
    AppError::SignInRequired { reason }.into_response()
}

/// Guard: a fully signed-in session (password + second factor, account set up).
pub async fn require_full(req: Request, next: Next) -> Response {
    match ctx_of(&req).and_then(|c| c.who.as_ref()).map(|w| w.session.stage) {
        Some(SessionStage::Full) => next.run(req).await,
        Some(SessionStage::Setup) => axum::response::Redirect::to("/register/confirm-email").into_response(),
        Some(SessionStage::SecondFactor) => axum::response::Redirect::to("/sign-in/verify").into_response(),
        None => sign_in_again(ctx_of(&req)),
    }
}

/// Guard: staff (officers, administrators), fully signed in. Anyone else signed in gets a 404:
/// the back office does not say it exists.
pub async fn require_staff(req: Request, next: Next) -> Response {
    let who = ctx_of(&req).and_then(|c| c.signed_in());
    match who.map(|w| w.account.role.is_staff()) {
        Some(true) => next.run(req).await,
        Some(false) => AppError::NotFound.into_response(),
        None => require_full(req, next).await,
    }
}

/// Guard: administrators, fully signed in. Anyone else signed in gets a 404, as for the back
/// office.
pub async fn require_admin(req: Request, next: Next) -> Response {
    let who = ctx_of(&req).and_then(|c| c.signed_in());
    match who.map(|w| w.account.role == portail_domain::account::Role::Administrator) {
        Some(true) => next.run(req).await,
        Some(false) => AppError::NotFound.into_response(),
        None => require_full(req, next).await,
    }
}

/// Guard: a new account finishing set-up (or a full session re-enrolling).
pub async fn require_setup(req: Request, next: Next) -> Response {
    match ctx_of(&req).and_then(|c| c.who.as_ref()).map(|w| w.session.stage) {
        Some(SessionStage::Setup | SessionStage::Full) => next.run(req).await,
        Some(SessionStage::SecondFactor) => axum::response::Redirect::to("/sign-in/verify").into_response(),
        None => sign_in_again(ctx_of(&req)),
    }
}

/// Guard: password accepted, second factor owed.
pub async fn require_second_factor(req: Request, next: Next) -> Response {
    match ctx_of(&req).and_then(|c| c.who.as_ref()).map(|w| w.session.stage) {
        Some(SessionStage::SecondFactor) => next.run(req).await,
        Some(SessionStage::Full) => axum::response::Redirect::to("/home").into_response(),
        Some(SessionStage::Setup) => axum::response::Redirect::to("/register/confirm-email").into_response(),
        None => sign_in_again(ctx_of(&req)),
    }
}

/// The `Set-Cookie` value that installs a session token.
pub fn session_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}
