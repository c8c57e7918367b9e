//! The signed-in person's pages: "My applications", and the account page (password, MFA
//! re-enrolment behind re-authentication, sessions, sign out everywhere).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portail_domain::account::SignInKind;
use serde::Deserialize;
use std::collections::HashSet;
use uuid::Uuid;

use super::register::{EnrolForm, enrol_page, finish_enrolment};
use super::see_other;
use super::sign_in::{Empty, VerifyPage};
use crate::context::{Ctx, clear_session_cookie, session_cookie};
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::state::AppState;
use portail_app::model::{FileSummary, MovedFile, PartnerIdentity};
use portail_i18n::Tr;

pub struct AppRow {
    pub id: Uuid,
    pub name: String,
    pub number: String,
    pub stage: String,
    pub stage_class: &'static str,
    pub waiting: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    l: Layout,
    errors: Errors,
    notice: String,
    apps: Vec<AppRow>,
    moved: Vec<MovedRow>,
    /// The person manages files in the PR portal (a way there from here).
    has_pr: bool,
}

/// A file now managed in the PR portal: shown with its code's dates, never as a dead end.
pub struct MovedRow {
    pub id: Uuid,
    pub number: String,
    pub text: String,
    pub redeemed: bool,
    /// This account opened it in the PR portal (someone else may have, with the code).
    pub mine: bool,
}

pub async fn home_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<AccountQuery>) -> AppResult<Response> {
    let who = ctx.full()?;
    if who.account.role.is_staff() {
        return Ok(Redirect::to("/office").into_response());
    }
    let actor = ctx.actor()?;
    let t = Tr::new(ctx.lang);
    let lists = st.app.home_lists(&actor).await?;
    let my_pr: HashSet<Uuid> = lists.pr.into_iter().collect();
    let moved: Vec<MovedRow> = lists.moved.into_iter().map(|m| moved_row(m, &my_pr, &t)).collect();
    let managed_in_pr: HashSet<Uuid> = moved.iter().map(|m| m.id).collect();
    let apps = lists.own.into_iter().map(|a| app_row(&st, a, &managed_in_pr, &t)).collect();
    let notice = match q.m.as_str() {
        "draft-deleted" => t.get("home-msg-draft-deleted"),
        _ => String::new(),
    };

    let has_pr = !my_pr.is_empty();
    let page =
        HomePage { l: Layout::new(&ctx, &st, "home-title"), errors: Errors::default(), notice, apps, moved, has_pr };
    render(StatusCode::OK, &page)
}

fn moved_row(m: MovedFile, mine: &HashSet<Uuid>, t: &Tr) -> MovedRow {
    let extended = match (m.invite_moved_secs, m.invite_interrupted_at) {
        (Some(secs), Some(on)) if secs > 0 => format!(" {}", crate::maintenance::moved_text(t, t.lang, secs, on)),
        _ => String::new(),
    };
    MovedRow {
        id: m.id,
        number: m.number.unwrap_or_default(),
        text: match (m.redeemed, m.invite_sent_at, m.invite_expires_at) {
            (true, _, _) => t.get("home-moved-redeemed"),
            (false, Some(sent), Some(expires)) => {
                let dates = [
                    ("sent", sent.format("%Y-%m-%d").to_string()),
                    ("expires", expires.format("%Y-%m-%d").to_string()),
                ];
                t.with("home-moved-code-sent", &dates) + &extended
            }
            _ => t.get("home-moved-no-code"),
        },
        redeemed: m.redeemed,
        mine: mine.contains(&m.id),
    }
}

fn app_row(st: &AppState, a: FileSummary, managed_in_pr: &HashSet<Uuid>, t: &Tr) -> AppRow {
    let name = st.app.catalog.get(&a.type_id).map(|ty| ty.name.get(t.lang).to_owned());
    AppRow {
        id: a.id,
        name: name.unwrap_or_else(|| a.type_id.clone()),
        number: a.number.clone().unwrap_or_default(),
        stage: super::apply::stage_label(a.stage, t),
        stage_class: super::apply::stage_class(a.stage),
        waiting: if managed_in_pr.contains(&a.id) {
            t.get("home-managed-pr")
        } else if a.stage == portail_domain::application::Stage::Draft {
            t.get("waiting-finish-draft")
        } else {
            "—".to_owned()
        },
        updated: a.updated_at.format("%Y-%m-%d").to_string(),
    }
}

struct SessionRow {
    id: Uuid,
    browser: String,
    started: String,
    last_active: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    l: Layout,
    errors: Errors,
    notice: String,
    username: String,
    email: String,
    methods: String,
    /// What the partner last asserted about how the person authenticated (partner accounts).
    assurance: String,
    has_password: bool,
    has_totp: bool,
    recovery_left: i64,
    sessions: Vec<SessionRow>,
}

/// "Firefox on Linux": enough to recognise one's own devices.
fn browser_summary(ua: &str, t: &Tr) -> String {
    let browser = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        .iter()
        .find(|(needle, _)| ua.contains(needle))
        .map(|(_, name)| *name);
    let os =
        [("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("Mac OS", "macOS"), ("Linux", "Linux")]
            .iter()
            .find(|(needle, _)| ua.contains(needle))
            .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => t.with("browser-on", &[("browser", b.into()), ("os", o.into())]),
        (Some(b), None) => b.to_owned(),
        _ => t.get("browser-unknown"),
    }
}

async fn account_page(
    st: &AppState,
    ctx: &Ctx,
    errors: Errors,
    notice: String,
    status: StatusCode,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let t = Tr::new(ctx.lang);
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d %H:%M UTC").to_string();
    let actor = ctx.actor()?;
    let sessions = st
        .app
        .sessions(&actor)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.public_id,
            browser: browser_summary(&s.user_agent, &t),
            started: fmt(s.created_at),
            last_active: fmt(s.last_seen_at),
            current: s.token_hash == who.session.token_hash,
        })
        .collect();
    let partner_account = who.account.sign_in_kind == SignInKind::Partner;
    let (methods, assurance) = if partner_account {
        partner_method(st, ctx, who.account.has_totp(), &st.app.partner_identities(&actor).await?)
    } else {
        (t.get("method-password-totp"), String::new())
    };
    let page = AccountPage {
        l: Layout::new(ctx, st, "account-title"),
        errors,
        notice,
        username: if partner_account { String::new() } else { who.account.username.clone() },
        email: who.account.email.clone(),
        methods,
        assurance,
        has_password: !partner_account,
        has_totp: who.account.has_totp(),
        recovery_left: st.app.recovery_codes_left(&actor).await?,
        sessions,
    };
    render(status, &page)
}

/// How a partner account signs in, and what its partner last asserted about it.
fn partner_method(st: &AppState, ctx: &Ctx, has_totp: bool, identities: &[PartnerIdentity]) -> (String, String) {
    let t = Tr::new(ctx.lang);
    let first = identities.first();
    let name = first
        .and_then(|i| st.partners.get(&i.partner).map(|c| c.name(ctx.lang).to_owned()))
        .or_else(|| first.map(|i| i.partner.clone()))
        .unwrap_or_default();
    let key = if has_totp { "method-partner-totp" } else { "method-partner" };
    let assurance = first
        .map(|i| {
            let a = &i.assurance;
            let none = t.get("assurance-none");
            t.with(
                "assurance-summary",
                &[
                    ("acr", a.acr.clone().unwrap_or_else(|| none.clone())),
                    ("amr", a.amr_text().unwrap_or(none)),
                    ("at", i.last_sign_in_at.format("%Y-%m-%d %H:%M UTC").to_string()),
                ],
            )
        })
        .unwrap_or_default();
    (t.with(key, &[("partner", name)]), assurance)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountQuery {
    m: String,
}

pub async fn account_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<AccountQuery>) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let notice = match q.m.as_str() {
        "session-ended" => t.get("account-msg-session-ended"),
        _ => String::new(),
    };
    account_page(&st, &ctx, Errors::default(), notice, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

pub async fn password_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let t = Tr::new(ctx.lang);
    let new = (f.password.as_str(), f.password_confirm.as_str());
    match st.app.change_password(&ctx.actor()?, &who.session.token_hash, &f.current_password, new, st.now()).await {
        Ok(()) => {
            account_page(&st, &ctx, Errors::default(), t.get("account-msg-password-changed"), StatusCode::OK).await
        }
        Err(portail_app::Error::Invalid(fields)) => {
            account_page(&st, &ctx, Errors::of(&t, &fields), String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

fn reauth_page(st: &AppState, ctx: &Ctx, next: &str, errors: Errors, status: StatusCode) -> AppResult<Response> {
    let notice = if errors.any() { String::new() } else { Tr::new(ctx.lang).get("reauth-intro") };
    let page = VerifyPage {
        l: Layout::new(ctx, st, "reauth-title"),
        errors,
        notice,
        action: "/account/reauth",
        with_password: true,
        next: reauth_next(next).to_owned(),
    };
    render(status, &page)
}

/// Where re-authentication may lead back to: the MFA page, the API tokens, or a document in the
/// back office.
pub(crate) fn reauth_next(next: &str) -> &str {
    let ok = (next.starts_with("/office/files/") || next == "/account/tokens")
        && !next.contains("//")
        && !next.chars().any(char::is_control);
    if ok { next } else { "/account/mfa" }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

pub async fn reauth_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    let who = ctx.full()?;
    if who.account.sign_in_kind == SignInKind::Partner {
        // No password here: the partner signs the person in again.
        let to = format!("/account/reauth/partner?next={}", urlencoding::encode(reauth_next(&q.next)));
        return Ok(Redirect::to(&to).into_response());
    }
    reauth_page(&st, &ctx, &q.next, Errors::default(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReauthForm {
    password: String,
    code: String,
    next: String,
}

pub async fn reauth_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<ReauthForm>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let now = st.app.clock.now();
    match st.app.reauthenticate(&who.session, &who.account, &f.password, &f.code, ctx.client(), now).await? {
        Ok(token) => Ok(see_other(reauth_next(&f.next), &[session_cookie(&token.0)])),
        Err((field, code)) => {
            let mut errors = Errors::default();
            errors.add(&Tr::new(ctx.lang), field, code);
            reauth_page(&st, &ctx, &f.next, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

pub async fn mfa_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let who = ctx.full()?;
    if !st.policy.recently_authenticated(who.session.authenticated_at, st.app.clock.now()) {
        return Ok(Redirect::to("/account/reauth").into_response());
    }
    enrol_page(&st, &ctx, false, Errors::default(), StatusCode::OK, None).await
}

pub async fn mfa_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<EnrolForm>) -> AppResult<Response> {
    let who = ctx.full()?;
    if !st.policy.recently_authenticated(who.session.authenticated_at, st.app.clock.now()) {
        return Ok(see_other("/account/reauth", &[]));
    }
    finish_enrolment(&st, &ctx, f, false).await
}

pub async fn end_session_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let ended = st.app.end_session_of(who.account.id, id).await?;
    if ended && id == who.session.public_id {
        return Ok(see_other("/sign-in?m=signed-out", &[clear_session_cookie()]));
    }
    if !ended {
        return Err(crate::error::AppError::NotFound);
    }
    Ok(see_other("/account?m=session-ended", &[]))
}

pub async fn end_all_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> AppResult<Response> {
    let who = ctx.full()?;
    st.app.end_all_sessions(who.account.id, st.now()).await?;
    Ok(see_other("/sign-in?m=everywhere", &[clear_session_cookie()]))
}

/// Called by the idle-warning script's "stay signed in" button.
pub async fn keep_alive_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    st.app.keep_alive(&who.session.token_hash, st.app.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
