//! Page handlers, one module per flow: each parses its form, calls one operation of
//! `portail_app`, and renders.

pub mod account;
pub mod apply;
pub mod demo;
pub mod inbox;
pub mod office;
pub mod partner;
pub mod pr;
pub mod public;
pub mod register;
pub mod sign_in;
pub mod tokens;

use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::session::SessionStage;
use portail_domain::throttle::ThrottleRule;
use portail_domain::totp::{TotpCheck, TotpSecret};
use portail_store::accounts::Account;
use portail_store::sessions::NewSession;

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
    let token = portail_domain::secret::new_token();
    let hash = portail_domain::secret::digest(&token);
    let replaces = ctx.who.as_ref().map(|w| w.session.token_hash.as_str());
    let new =
        NewSession { token_hash: &hash, account_id: account, stage, ip: &ctx.ip, user_agent: &ctx.user_agent, partner };
    st.app.store.create_session(&new, replaces, now).await?;
    Ok(session_cookie(&token))
}

/// Refuses the request with 429 when any key must still wait under `rule`.
pub async fn enforce_wait(st: &AppState, keys: &[(&str, &ThrottleRule)], now: DateTime<Utc>) -> AppResult<()> {
    Ok(st.app.enforce_wait(keys, now).await?)
}

pub async fn record_failures(st: &AppState, keys: &[(&str, &ThrottleRule)], now: DateTime<Utc>) -> AppResult<()> {
    Ok(st.app.record_failures(keys, now).await?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorResult {
    Accepted,
    Replayed,
    Wrong,
}

/// Checks a second factor: a TOTP code (each step usable once, claimed atomically) or a
/// recovery code (each usable once).
pub async fn check_second_factor(
    st: &AppState,
    account: &Account,
    typed: &str,
    now: DateTime<Utc>,
) -> AppResult<FactorResult> {
    let normalised = portail_domain::secret::normalise_recovery_code(typed);
    if normalised.len() == 24 {
        let hash = portail_domain::secret::digest(&normalised);
        let used = st.app.store.use_recovery_code(account.id, &hash, now).await?;
        return Ok(if used { FactorResult::Accepted } else { FactorResult::Wrong });
    }
    let Some(secret) = account.totp_secret.as_deref().and_then(TotpSecret::from_base32) else {
        return Ok(FactorResult::Wrong);
    };
    Ok(match secret.check(typed, account.totp_last_step, now) {
        TotpCheck::Accepted { step } => {
            if st.app.store.claim_totp_step(account.id, step).await? {
                FactorResult::Accepted
            } else {
                FactorResult::Replayed
            }
        }
        TotpCheck::Replayed => FactorResult::Replayed,
        TotpCheck::Wrong => FactorResult::Wrong,
    })
}

/// The throttling key of a typed username, whether or not the account exists.
pub fn user_key(typed_username: &str) -> String {
    format!("user:{}", typed_username.trim().to_lowercase())
}

pub fn address_key(ip: &str) -> String {
    format!("ip:{ip}")
}
