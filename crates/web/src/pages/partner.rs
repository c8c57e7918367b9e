//! Signing in through a Sign-In Partner: the redirect out, the callback, the first-visit page
//! where a new account gives its email address, re-authentication at the partner, and signing
//! out at the partner. Every refusal ends on a page in the person's language, without a session.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use portail_app::model::PartnerFlow;
use portail_app::partners::{PartnerOutcome, Vouched};
use portail_domain::account::SignInKind;
use portail_domain::partner::FLOW_LIFETIME;
use portail_domain::secret::{digest, new_token};
use portail_domain::session::SessionStage;
use serde::Deserialize;

use super::{see_other, start_session_via};
use crate::context::Ctx;
use crate::csrf::read_cookie;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::partners::PartnerError;
use crate::state::AppState;
use portail_i18n::Tr;

/// Binds a sign-in sent to a partner to the browser that started it (SameSite=Lax: it must come
/// back on the partner's top-level redirect).
const BINDING_COOKIE: &str = "__Host-portail-partner";

fn binding_cookie(token: &str) -> String {
    format!("{BINDING_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}", FLOW_LIFETIME.num_seconds())
}

fn clear_binding_cookie() -> String {
    format!("{BINDING_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// A partner as the sign-in page lists it.
pub struct PartnerLink {
    pub id: String,
    pub logo: String,
    /// "Sign in with Bank A" (or, after signing out, "Sign out at Bank A too").
    pub label: String,
}

pub fn partner_links(st: &AppState, ctx: &Ctx, label_key: &str) -> Vec<PartnerLink> {
    let t = Tr::new(ctx.lang);
    st.partners
        .list()
        .map(|(id, c)| PartnerLink {
            id: id.to_owned(),
            logo: c.logo_text(ctx.lang).to_owned(),
            label: t.with(label_key, &[("partner", c.name(ctx.lang).to_owned())]),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "partner_problem.html")]
struct ProblemPage {
    l: Layout,
    message: String,
    partner_id: String,
}

/// The page every failed partner sign-in ends on: no session, the binding cookie cleared, a
/// reason in the log and none of what the partner sent.
fn problem(st: &AppState, ctx: &Ctx, partner: &str, err: PartnerError) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let name = st.partners.get(partner).map(|c| c.name(ctx.lang).to_owned()).unwrap_or_default();
    let (status, key) = match err {
        PartnerError::Unknown => (StatusCode::NOT_FOUND, "partner-problem-unknown"),
        // 424 Failed Dependency: our side is fine, the partner it depends on failed.
        PartnerError::Unavailable(_) => (StatusCode::FAILED_DEPENDENCY, "partner-problem-unavailable"),
        PartnerError::Refused("partner-cancelled") => (StatusCode::BAD_REQUEST, "partner-problem-cancelled"),
        PartnerError::Refused("state-expired") => (StatusCode::BAD_REQUEST, "partner-problem-expired"),
        PartnerError::Refused(_) => (StatusCode::BAD_REQUEST, "partner-problem-refused"),
    };
    tracing::warn!(event = "partner_sign_in_refused", partner, reason = err.reason());
    let page = ProblemPage {
        l: Layout::new(ctx, st, "partner-problem-title"),
        message: t.with(key, &[("partner", name)]),
        partner_id: if st.partners.get(partner).is_some() { partner.to_owned() } else { String::new() },
    };
    let mut res = render(status, &page)?;
    if status == StatusCode::FAILED_DEPENDENCY {
        res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("60"));
    }
    Ok(super::with_cookie(res, &clear_binding_cookie()))
}

/// Sends the person to the partner (a plain link: the page's form-action policy stays 'self').
async fn send_to_partner(
    st: &AppState,
    ctx: &Ctx,
    id: &str,
    reauth: Option<(portail_domain::account::AccountId, String)>,
) -> AppResult<Response> {
    let started = match st.partners.start(id, ctx.lang, reauth.is_some()).await {
        Ok(s) => s,
        Err(e) => return problem(st, ctx, id, e),
    };
    let now = st.app.clock.now();
    let browser = new_token();
    let (account_id, return_to) = match reauth {
        Some((a, r)) => (Some(a), Some(r)),
        None => (None, None),
    };
    let flow = PartnerFlow {
        partner: id.to_owned(),
        browser_hash: digest(&browser),
        nonce: started.nonce,
        pkce_verifier: started.pkce_verifier,
        account_id,
        return_to,
        expires_at: now + FLOW_LIFETIME,
    };
    st.app.begin_partner_flow(&started.state, &flow, now).await?;
    Ok(see_other(&started.authorize_url, &[binding_cookie(&browser)]))
}

pub async fn start_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    if ctx.signed_in().is_some() {
        return Ok(Redirect::to("/home").into_response());
    }
    send_to_partner(&st, &ctx, &id, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReauthQuery {
    next: String,
}

/// Re-authentication for a partner account: the partner is asked to sign the person in afresh.
pub async fn reauth_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<ReauthQuery>) -> AppResult<Response> {
    let who = ctx.full()?;
    let identities = st.app.partner_identities(&ctx.actor()?).await?;
    let Some(identity) = identities.first() else { return Err(AppError::NotFound) };
    let next = super::account::reauth_next(&q.next).to_owned();
    send_to_partner(&st, &ctx, &identity.partner, Some((who.account.id, next))).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

pub async fn callback_get(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> AppResult<Response> {
    let now = st.app.clock.now();
    let Some(state) = q.state.as_deref().filter(|s| !s.is_empty() && s.len() <= 512) else {
        return problem(&st, &ctx, "", PartnerError::Refused("state-missing"));
    };
    let Some(flow) = st.app.take_partner_flow(state).await? else {
        return problem(&st, &ctx, "", PartnerError::Refused("state-unknown"));
    };
    let id = flow.partner.clone();
    if flow.expires_at < now {
        return problem(&st, &ctx, &id, PartnerError::Refused("state-expired"));
    }
    let bound = read_cookie(&headers, BINDING_COOKIE).is_some_and(|b| digest(b) == flow.browser_hash);
    if !bound {
        return problem(&st, &ctx, &id, PartnerError::Refused("state-other-browser"));
    }
    if let Some(error) = q.error.as_deref() {
        let reason = if error == "access_denied" { "partner-cancelled" } else { "partner-error" };
        return problem(&st, &ctx, &id, PartnerError::Refused(reason));
    }
    let Some(code) = q.code.as_deref().filter(|c| !c.is_empty()) else {
        return problem(&st, &ctx, &id, PartnerError::Refused("code-missing"));
    };
    let identity = match st.partners.finish(&id, code, q.iss.as_deref(), &flow.pkce_verifier, &flow.nonce).await {
        Ok(i) => i,
        Err(e) => return problem(&st, &ctx, &id, e),
    };
    let vouched = Vouched {
        partner: &id,
        issuer: &identity.issuer,
        subject: &identity.subject,
        email: identity.email.as_deref(),
        assurance: &identity.assurance,
    };
    let signed_in = ctx.signed_in().map(|w| w.account.id);
    let (account, stage) = match st.app.partner_sign_in(vouched, flow.account_id, signed_in, ctx.lang, now).await? {
        PartnerOutcome::OtherPerson => return problem(&st, &ctx, &id, PartnerError::Refused("reauth-other-person")),
        PartnerOutcome::Reauthenticated(account) => {
            let cookie = start_session_via(&st, &ctx, account, SessionStage::Full, Some(&id), now).await?;
            let to = flow.return_to.as_deref().unwrap_or("/account/mfa");
            return Ok(see_other(super::account::reauth_next(to), &[cookie, clear_binding_cookie()]));
        }
        PartnerOutcome::SignIn(account, stage) => (account, stage),
    };
    let next = match stage {
        SessionStage::Setup => "/register/partner",
        SessionStage::SecondFactor => "/sign-in/verify",
        SessionStage::Full => "/home",
    };
    let cookie = start_session_via(&st, &ctx, account.id, stage, Some(&id), now).await?;
    Ok(see_other(next, &[cookie, clear_binding_cookie()]))
}

#[derive(Template)]
#[template(path = "partner_email.html")]
struct EmailPage {
    l: Layout,
    errors: Errors,
    notice: String,
    intro: String,
    email: String,
}

fn email_page(st: &AppState, ctx: &Ctx, errors: Errors, email: &str, status: StatusCode) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let partner = ctx
        .who
        .as_ref()
        .and_then(|w| w.session.partner.as_deref())
        .and_then(|p| st.partners.get(p))
        .map(|c| c.name(ctx.lang).to_owned())
        .unwrap_or_default();
    let page = EmailPage {
        l: Layout::new(ctx, st, "partner-email-title"),
        errors,
        notice: String::new(),
        intro: t.with("partner-email-intro", &[("partner", partner)]),
        email: email.chars().take(254).collect(),
    };
    render(status, &page)
}

/// First visit: the partner signed the person in; they give (or confirm) their email address.
pub async fn email_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::Setup)?;
    if who.account.sign_in_kind != SignInKind::Partner || who.account.email_verified {
        return Ok(Redirect::to("/register/confirm-email").into_response());
    }
    email_page(&st, &ctx, Errors::default(), &who.account.email.clone(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

pub async fn email_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<EmailForm>) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::Setup)?;
    if who.account.sign_in_kind != SignInKind::Partner || who.account.email_verified {
        return Ok(see_other("/register/confirm-email", &[]));
    }
    match st.app.give_partner_email(who.account.id, &f.email, &ctx.ip, ctx.lang, st.now()).await {
        Ok(()) => Ok(see_other("/register/confirm-email", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            email_page(&st, &ctx, errors, &f.email, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

/// After signing out of portail: on to the partner's own sign-out, when it offers one.
pub async fn sign_out_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    if st.partners.get(&id).is_none() {
        return Err(AppError::NotFound);
    }
    let back = format!("{}/sign-in?m=signed-out-partner", st.config.public_url.trim_end_matches('/'));
    match st.partners.end_session_url(&id, &back).await {
        Some(url) => Ok(see_other(&url, &[])),
        None => problem(&st, &ctx, &id, PartnerError::Unavailable("no-end-session")),
    }
}
