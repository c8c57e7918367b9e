//! Registration without invitation: choose a username and password, confirm the email with an
//! emailed code, enrol TOTP and receive recovery codes. Also re-enrolment from the account page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portail_domain::account::SignInKind;

use portail_app::model::CodeOutcome;
use portail_domain::session::SessionStage;
use portail_domain::totp::TotpSecret;
use serde::Deserialize;

use super::{see_other, start_session, with_cookie};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::state::AppState;

use portail_i18n::Tr;

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    l: Layout,
    errors: Errors,
    notice: String,
    username: String,
    email: String,
}

pub use portail_app::accounts::Registration as RegisterForm;

pub async fn register_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if ctx.signed_in().is_some() {
        return Ok(Redirect::to("/home").into_response());
    }
    let page = RegisterPage {
        l: Layout::new(&ctx, &st, "register-title"),
        errors: Errors::default(),
        notice: String::new(),
        username: String::new(),
        email: String::new(),
    };
    render(StatusCode::OK, &page)
}

pub async fn register_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<RegisterForm>,
) -> AppResult<Response> {
    let now = st.now();
    let id = match register_account(&st, &ctx, &f).await? {
        Ok(id) => id,
        Err(errors) => return form_again(&st, &ctx, errors, &f),
    };
    let cookie = start_session(&st, &ctx, id, SessionStage::Setup, now).await?;
    Ok(see_other("/register/confirm-email", &[cookie]))
}

/// Registers through the operations; the translated field errors when it is refused (nothing
/// is written then).
pub(crate) async fn register_account(
    st: &AppState,
    ctx: &Ctx,
    f: &RegisterForm,
) -> AppResult<Result<portail_domain::account::AccountId, Errors>> {
    match st.app.register(f, ctx.lang, &ctx.ip, st.now()).await {
        Ok(id) => Ok(Ok(id)),
        Err(portail_app::Error::Invalid(fields)) => Ok(Err(Errors::of(&Tr::new(ctx.lang), &fields))),
        Err(e) => Err(e.into()),
    }
}

fn form_again(st: &AppState, ctx: &Ctx, errors: Errors, f: &RegisterForm) -> AppResult<Response> {
    let page = RegisterPage {
        l: Layout::new(ctx, st, "register-title"),
        errors,
        notice: String::new(),
        username: f.username.chars().take(64).collect(),
        email: f.email.chars().take(254).collect(),
    };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Template)]
#[template(path = "confirm_email.html")]
struct ConfirmPage {
    l: Layout,
    errors: Errors,
    notice: String,
    intro: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    code: String,
}

/// `m…@example.ca`: enough to recognise the address, not to read it over a shoulder.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => "…".to_owned(),
    }
}

fn confirm_page(st: &AppState, ctx: &Ctx, errors: Errors, notice: String, status: StatusCode) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let email = ctx.who.as_ref().map(|w| masked(&w.account.email)).unwrap_or_default();
    let page = ConfirmPage {
        l: Layout::new(ctx, st, "confirm-title"),
        errors,
        notice,
        intro: t.with("confirm-intro", &[("email", email)]),
    };
    render(status, &page)
}

pub async fn confirm_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::Setup).or_else(|_| ctx.full())?;
    if who.account.email_verified {
        return Ok(Redirect::to("/mfa/enrol").into_response());
    }
    if who.account.sign_in_kind == SignInKind::Partner && who.account.email.is_empty() {
        return Ok(Redirect::to("/register/partner").into_response());
    }
    confirm_page(&st, &ctx, Errors::default(), String::new(), StatusCode::OK)
}

pub async fn confirm_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::Setup).or_else(|_| ctx.full())?;
    if who.account.email_verified {
        return Ok(see_other("/mfa/enrol", &[]));
    }
    let now = st.now();
    let outcome = st.app.confirm_email(who.account.id, &f.code, now).await?;
    let code = match outcome {
        CodeOutcome::Confirmed if who.account.sign_in_kind == SignInKind::Partner => {
            // The partner authenticated the person; with the address confirmed the account is ready.
            tracing::info!(event = "sign_in", "signed in through a partner, email confirmed");
            let cookie = start_session(&st, &ctx, who.account.id, SessionStage::Full, now).await?;
            return Ok(see_other("/home", &[cookie]));
        }
        CodeOutcome::Confirmed => return Ok(see_other("/mfa/enrol", &[])),
        CodeOutcome::Wrong => "code-wrong",
        CodeOutcome::Expired => "code-expired",
        CodeOutcome::TooManyAttempts => "code-too-many",
        CodeOutcome::Missing => "code-missing",
    };
    let mut errors = Errors::default();
    errors.add(&Tr::new(ctx.lang), "code", code);
    confirm_page(&st, &ctx, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY)
}

pub async fn resend_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<CodeForm>) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::Setup).or_else(|_| ctx.full())?;
    st.app.resend_code(who.account.id, &who.account.email, ctx.lang, &ctx.ip, st.now()).await?;
    confirm_page(&st, &ctx, Errors::default(), Tr::new(ctx.lang).get("code-resent"), StatusCode::OK)
}

#[derive(Template)]
#[template(path = "mfa_enrol.html")]
struct EnrolPage {
    l: Layout,
    errors: Errors,
    notice: String,
    setup: bool,
    action: &'static str,
    qr_svg: String,
    secret: String,
    secret_grouped: String,
    seal: String,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryPage {
    l: Layout,
    codes: Vec<String>,
    next: &'static str,
    /// The codes as a text file to download (a `data:` link: they exist only in this answer).
    download_href: String,
}

/// The recovery codes as the text file the person downloads: who they are for, then one a line.
fn recovery_file(t: &Tr, brand: &str, username: &str, codes: &[String]) -> String {
    let mut text = t.with("recovery-file-heading", &[("username", username.to_owned()), ("brand", brand.to_owned())]);
    text.push_str("\n\n");
    for (i, c) in codes.iter().enumerate() {
        text.push_str(&format!("{:>2}. {c}\n", i + 1));
    }
    text.push('\n');
    text.push_str(&t.get("recovery-file-footer"));
    text.push('\n');
    format!("data:text/plain;charset=utf-8,{}", urlencoding::encode(&text))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EnrolForm {
    secret: String,
    seal: String,
    code: String,
}

/// Binds a proposed TOTP secret to the session that was shown it, so a form cannot carry a
/// secret of someone else's choosing.
fn seal(st: &AppState, ctx: &Ctx, secret: &str) -> String {
    let session = ctx.who.as_ref().map(|w| w.session.token_hash.as_str()).unwrap_or("");
    st.app.keyed_digest("totp-enrol", &format!("{secret}:{session}"))
}

fn qr_svg(uri: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
            // Drop the XML declaration; mark the picture decorative (the secret is in text too).
            let body = svg.find("<svg").map(|i| &svg[i..]).unwrap_or("");
            body.replacen("<svg", "<svg role=\"img\" aria-label=\"QR\"", 1)
        }
        Err(_) => String::new(),
    }
}

/// The enrolment page: a new secret, or (after a wrong code) the same one again — the person has
/// already added it to their app, so changing it would make every later code wrong.
pub async fn enrol_page(
    st: &AppState,
    ctx: &Ctx,
    setup: bool,
    errors: Errors,
    status: StatusCode,
    keep: Option<TotpSecret>,
) -> AppResult<Response> {
    let Some(who) = ctx.who.as_ref() else {
        return Err(AppError::SignInRequired { reason: None });
    };
    let secret = keep.unwrap_or_else(TotpSecret::generate);
    let issuer = match ctx.lang {
        portail_domain::language::Lang::En => &st.config.brand_en,
        portail_domain::language::Lang::Fr => &st.config.brand_fr,
    };
    let uri = secret.provisioning_uri(issuer, &who.account.username).unwrap_or_default();
    let b32 = secret.to_base32();
    let page = EnrolPage {
        l: Layout::new(ctx, st, "mfa-title"),
        errors,
        notice: String::new(),
        setup,
        action: if setup { "/mfa/enrol" } else { "/account/mfa" },
        qr_svg: qr_svg(&uri),
        secret_grouped: secret.to_grouped_base32(),
        seal: seal(st, ctx, &b32),
        secret: b32,
    };
    render(status, &page)
}

pub async fn enrol_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if ctx.signed_in().is_some() {
        return Ok(Redirect::to("/account/mfa").into_response());
    }
    let who = ctx.at_stage(SessionStage::Setup)?;
    if !who.account.email_verified {
        return Ok(Redirect::to("/register/confirm-email").into_response());
    }
    enrol_page(&st, &ctx, true, Errors::default(), StatusCode::OK, None).await
}

pub async fn enrol_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<EnrolForm>) -> AppResult<Response> {
    let who = ctx.at_stage(SessionStage::Setup)?;
    if !who.account.email_verified {
        return Ok(see_other("/register/confirm-email", &[]));
    }
    finish_enrolment(&st, &ctx, f, true).await
}

/// Checks the first code from the new secret and stores it with fresh recovery codes.
pub async fn finish_enrolment(st: &AppState, ctx: &Ctx, f: EnrolForm, setup: bool) -> AppResult<Response> {
    let Some(who) = ctx.who.as_ref() else {
        return Err(AppError::SignInRequired { reason: None });
    };
    let now = st.app.clock.now();
    let t = Tr::new(ctx.lang);
    let secret = TotpSecret::from_base32(&f.secret)
        .filter(|_| portail_domain::secret::same(&seal(st, ctx, &f.secret), &f.seal))
        .ok_or(AppError::BadRequest("error-form-malformed"))?;
    let Some(codes) = st.app.enrol_totp(&who.account, &secret, &f.code, !setup, ctx.lang, now).await? else {
        let mut errors = Errors::default();
        errors.add(&t, "code", "totp-wrong-enrol");
        return enrol_page(st, ctx, setup, errors, StatusCode::UNPROCESSABLE_ENTITY, Some(secret)).await;
    };
    let cookie = start_session(st, ctx, who.account.id, SessionStage::Full, now).await?;
    let brand = match ctx.lang {
        portail_domain::language::Lang::En => &st.config.brand_en,
        portail_domain::language::Lang::Fr => &st.config.brand_fr,
    };
    let page = RecoveryPage {
        l: Layout::new(ctx, st, "recovery-title"),
        download_href: recovery_file(&t, brand, &who.account.username, &codes),
        codes,
        next: if setup { "/home" } else { "/account" },
    };
    Ok(with_cookie(render(StatusCode::OK, &page)?, &cookie))
}
