//! Page handlers, one module per flow: each parses its form, calls one operation of
//! `portail_app`, and renders.

pub mod about;
pub mod account;
pub mod apply;
pub mod calendar;
pub mod consents;
pub mod demo;
mod demo_mail;
pub mod inbox;
pub mod office;
pub mod partner;
pub mod pr;
pub mod processing;
pub mod public;
pub mod register;
pub mod representative;
pub mod sign_in;
pub mod status;
pub mod tokens;

use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portail_app::sign_in::SessionStart;
use portail_domain::account::AccountId;
use portail_domain::session::SessionStage;
use portail_domain::throttle::ThrottleRule;

use crate::context::{Ctx, session_cookie};
use crate::error::AppResult;
use crate::state::AppState;

/// A 303 redirect that also sets cookies.
pub fn see_other(to: &str, cookies: &[String]) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(LOCATION, v);
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

pub fn with_cookie(mut res: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

/// Starts a session at `stage` with a brand-new token (the request's own session, if any,
/// ends in the same step); returns the `Set-Cookie` value.
/// The partner of the session it replaces carries over (a partner sign-in that still owes a TOTP
/// code stays a partner session).
pub async fn start_session(
    st: &AppState,
    ctx: &Ctx,
    account: AccountId,
    stage: SessionStage,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let inherited = ctx.who.as_ref().filter(|w| w.account.id == account).and_then(|w| w.session.partner.clone());
    start_session_via(st, ctx, account, stage, inherited.as_deref(), now).await
}

/// Starts a session that came through `partner` (or none).
pub async fn start_session_via(
    st: &AppState,
    ctx: &Ctx,
    account: AccountId,
    stage: SessionStage,
    partner: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let replaces = ctx.who.as_ref().map(|w| w.session.token_hash.as_str());
    let start = SessionStart { account, stage, partner, replaces };
    let token = st.app.start_session(start, ctx.client(), now).await?;
    Ok(session_cookie(&token.0))
}

/// Refuses the request with 429 when any key must still wait under `rule`.
pub async fn enforce_wait(st: &AppState, keys: &[(&str, &ThrottleRule)], now: DateTime<Utc>) -> AppResult<()> {
    Ok(st.app.enforce_wait(keys, now).await?)
}

pub async fn record_failures(st: &AppState, keys: &[(&str, &ThrottleRule)], now: DateTime<Utc>) -> AppResult<()> {
    Ok(st.app.record_failures(keys, now).await?)
}
