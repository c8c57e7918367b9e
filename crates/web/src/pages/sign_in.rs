//! Signing in (password, then TOTP or a recovery code), signing out, and resetting a
//! forgotten password through an emailed link. No answer tells whether an account exists.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portail_app::sign_in::{AfterPassword, FactorOutcome, factor_error};
use portail_domain::account::Email;
use portail_domain::session::SessionStage;
use portail_domain::throttle::COSTLY_ACTIONS_PER_ADDRESS;
use serde::Deserialize;

use super::partner::{PartnerLink, partner_links};
use super::{enforce_wait, record_failures, see_other, start_session};
use crate::context::{Ctx, clear_session_cookie, session_cookie};
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::state::AppState;
use portail_i18n::Tr;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    l: Layout,
    errors: Errors,
    notice: String,
    username: String,
    partners: Vec<PartnerLink>,
    /// After signing out of a partner session: that partner, to offer signing out there too.
    sign_out_at: Option<PartnerLink>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageQuery {
    m: String,
    /// The partner a person just signed out of portail from (offered a sign-out there too).
    partner: String,
}

/// The notices the sign-in page may show, by the `m` query value.
fn notice_key(m: &str) -> Option<&'static str> {
    Some(match m {
        "timeout" => "signin-msg-timeout",
        "signed-out" => "signin-msg-signed-out",
        "reset" => "signin-msg-reset",
        "everywhere" => "signin-msg-everywhere",
        "locked" => "signin-msg-factor-locked",
        "signed-out-partner" => "signin-msg-signed-out-partner",
        _ => return None,
    })
}

pub async fn sign_in_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<MessageQuery>) -> AppResult<Response> {
    if ctx.signed_in().is_some() {
        return Ok(Redirect::to("/home").into_response());
    }
    let t = Tr::new(ctx.lang);
    let notice = notice_key(&q.m).map(|k| t.get(k)).unwrap_or_default();
    let partners = partner_links(&st, &ctx, "signin-partner-link");
    let sign_out_at = partner_links(&st, &ctx, "signin-partner-sign-out")
        .into_iter()
        .find(|p| !q.partner.is_empty() && p.id == q.partner);
    let page = SignInPage {
        l: Layout::new(&ctx, &st, "signin-title"),
        errors: Errors::default(),
        notice,
        username: String::new(),
        partners,
        sign_out_at,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    username: String,
    password: String,
}

pub async fn sign_in_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<SignInForm>,
) -> AppResult<Response> {
    let now = st.app.clock.now();
    let Some((account, after)) = st.app.check_password(&f.username, &f.password, &ctx.ip, now).await? else {
        let t = Tr::new(ctx.lang);
        let mut errors = Errors::default();
        errors.add(&t, "username", "signin-wrong");
        let page = SignInPage {
            l: Layout::new(&ctx, &st, "signin-title"),
            errors,
            notice: String::new(),
            username: f.username.chars().take(64).collect(),
            partners: partner_links(&st, &ctx, "signin-partner-link"),
            sign_out_at: None,
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (stage, next) = match after {
        AfterPassword::SecondFactor => (SessionStage::SecondFactor, "/sign-in/verify"),
        AfterPassword::EnrolMfa => (SessionStage::Setup, "/mfa/enrol"),
        AfterPassword::ConfirmEmail => (SessionStage::Setup, "/register/confirm-email"),
    };
    let cookie = start_session(&st, &ctx, account.id, stage, now).await?;
    Ok(see_other(next, &[cookie]))
}

#[derive(Template)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    pub l: Layout,
    pub errors: Errors,
    pub notice: String,
    pub action: &'static str,
    pub with_password: bool,
    /// Where to go after re-authentication (empty at sign-in).
    pub next: String,
}

pub async fn verify_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.at_stage(SessionStage::SecondFactor)?;
    let page = VerifyPage {
        l: Layout::new(&ctx, &st, "verify-title"),
        errors: Errors::default(),
        notice: String::new(),
        action: "/sign-in/verify",
        with_password: false,
        next: String::new(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VerifyForm {
    code: String,
}

pub async fn verify_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<VerifyForm>,
) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::SecondFactor)?;
    let now = st.app.clock.now();
    let result = match st.app.second_factor(&who.session, &who.account, &f.code, ctx.client(), now).await? {
        FactorOutcome::SignedIn(token) => {
            let landing = if who.account.role.is_staff() { "/office" } else { "/home" };
            return Ok(see_other(landing, &[session_cookie(&token.0)]));
        }
        FactorOutcome::Locked => return Ok(see_other("/sign-in?m=locked", &[clear_session_cookie()])),
        FactorOutcome::Refused(result) => result,
    };
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    errors.add(&t, "code", factor_error(result, &f.code));
    let page = VerifyPage {
        l: Layout::new(&ctx, &st, "verify-title"),
        errors,
        notice: String::new(),
        action: "/sign-in/verify",
        with_password: false,
        next: String::new(),
    };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize, Default)]
pub struct Empty {}

pub async fn sign_out_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> AppResult<Response> {
    let mut to = "/sign-in?m=signed-out".to_owned();
    if let Some(who) = &ctx.who {
        st.app.end_session(&who.session.token_hash).await?;
        tracing::info!(event = "sign_out", "signed out");
        // Offer to sign out at the partner too (the sign-in page shows the link).
        if let Some(p) = who.session.partner.as_deref().filter(|p| st.partners.get(p).is_some()) {
            to = format!("/sign-in?m=signed-out&partner={p}");
        }
    }
    Ok(see_other(&to, &[clear_session_cookie()]))
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    l: Layout,
    errors: Errors,
    notice: String,
    sent: bool,
}

pub async fn forgot_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let page = ForgotPage {
        l: Layout::new(&ctx, &st, "forgot-title"),
        errors: Errors::default(),
        notice: String::new(),
        sent: false,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

/// How long every answer to the forgotten-password form takes at least: longer than queueing a
/// reset link (one lookup and one insert) takes, so timing tells nothing about the address.
const RESET_ANSWER_FLOOR: std::time::Duration = std::time::Duration::from_millis(250);

pub async fn forgot_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<ForgotForm>,
) -> AppResult<Response> {
    let now = st.app.clock.now();
    let key = format!("forgot:{}", ctx.ip);
    enforce_wait(&st, &[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
    let Ok(email) = Email::parse(&f.email) else {
        let mut errors = Errors::default();
        errors.add(&Tr::new(ctx.lang), "email", "email-invalid");
        let page = ForgotPage { l: Layout::new(&ctx, &st, "forgot-title"), errors, notice: String::new(), sent: false };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    record_failures(&st, &[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
    // The link is queued before the answer (a crash right after it loses nothing), and every
    // answer waits for the same floor, so a known address answers as fast as an unknown one.
    let floor = tokio::time::Instant::now() + RESET_ANSWER_FLOOR;
    st.app.send_reset_links(email.as_str(), now).await?;
    tokio::time::sleep_until(floor).await;
    let page = ForgotPage {
        l: Layout::new(&ctx, &st, "forgot-title"),
        errors: Errors::default(),
        notice: String::new(),
        sent: true,
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    l: Layout,
    errors: Errors,
    notice: String,
    valid: bool,
    token: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

pub async fn reset_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<TokenQuery>) -> AppResult<Response> {
    let valid = st.app.reset_link_works(&q.token, st.app.clock.now()).await?;
    let page = ResetPage {
        l: Layout::new(&ctx, &st, "reset-title"),
        errors: Errors::default(),
        notice: String::new(),
        valid,
        token: if valid { q.token } else { String::new() },
    };
    render(if valid { StatusCode::OK } else { StatusCode::NOT_FOUND }, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    password: String,
    password_confirm: String,
}

pub async fn reset_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<ResetForm>) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let new = (f.password.as_str(), f.password_confirm.as_str());
    let (errors, status, valid) = match st.app.reset_password(&f.token, new, st.now()).await {
        Ok(()) => return Ok(see_other("/sign-in?m=reset", &[clear_session_cookie()])),
        Err(portail_app::Error::Invalid(fields)) => (Errors::of(&t, &fields), StatusCode::UNPROCESSABLE_ENTITY, true),
        Err(portail_app::Error::NotFound) => (Errors::default(), StatusCode::NOT_FOUND, false),
        Err(e) => return Err(e.into()),
    };
    let token = if valid { f.token } else { String::new() };
    let page = ResetPage { l: Layout::new(&ctx, &st, "reset-title"), errors, notice: String::new(), valid, token };
    render(status, &page)
}
