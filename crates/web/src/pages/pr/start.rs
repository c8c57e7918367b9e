//! Entering the PR portal without an account: a code (with the file's date of birth) opens the
//! way to create one — username, email, password, then the emailed code and MFA, as any account.
//! The file is added to the new account at once; the code is then used up.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portail_domain::session::SessionStage;
use portail_domain::throttle::COSTLY_ACTIONS_PER_ADDRESS;
use serde::Deserialize;

use crate::context::Ctx;
use crate::dates::{DateBoxes, DateParts};
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::register::{RegisterForm, register_account};
use crate::pages::{enforce_wait, record_failures, see_other, start_session};
use crate::state::AppState;
use portail_app::invites::CODE_ATTEMPTS_PER_ADDRESS;
use portail_i18n::Tr;

#[derive(Template)]
#[template(path = "pr_start.html")]
struct StartPage {
    l: Layout,
    errors: Errors,
    notice: String,
    username: String,
    email: String,
    date_of_birth: DateParts,
}

fn start_page(st: &AppState, ctx: &Ctx, errors: Errors, f: &StartForm, status: StatusCode) -> AppResult<Response> {
    let page = StartPage {
        l: Layout::new(ctx, st, "pr-start-title"),
        errors,
        notice: String::new(),
        username: f.username.chars().take(64).collect(),
        email: f.email.chars().take(254).collect(),
        date_of_birth: f.boxes.shown("date_of_birth", &f.date_of_birth),
    };
    render(status, &page)
}

pub async fn start_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if ctx.signed_in().is_some() {
        return Ok(Redirect::to("/pr/redeem").into_response());
    }
    start_page(&st, &ctx, Errors::default(), &StartForm::default(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StartForm {
    code: String,
    date_of_birth: String,
    username: String,
    email: String,
    password: String,
    password_confirm: String,
    #[serde(flatten)]
    boxes: DateBoxes,
}

pub async fn start_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<StartForm>) -> AppResult<Response> {
    let now = st.now();
    let ikey = format!("invite-address:{}", ctx.ip);
    let reg_key = format!("register:{}", ctx.ip);
    enforce_wait(&st, &[(&ikey, &CODE_ATTEMPTS_PER_ADDRESS), (&reg_key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
    let invite =
        match st.app.usable_invite(&f.code, &f.boxes.date("date_of_birth", &f.date_of_birth), None, now).await? {
            Ok(i) => i,
            Err(refusal) => {
                tracing::info!(event = "invite_refused", reason = refusal.code());
                record_failures(&st, &[(&ikey, &CODE_ATTEMPTS_PER_ADDRESS)], now).await?;
                let mut errors = Errors::default();
                errors.add(&Tr::new(ctx.lang), "code", refusal.code());
                return start_page(&st, &ctx, errors, &f, StatusCode::UNPROCESSABLE_ENTITY);
            }
        };
    let form = RegisterForm {
        username: f.username.clone(),
        email: f.email.clone(),
        password: f.password.clone(),
        password_confirm: f.password_confirm.clone(),
    };
    let id = match register_account(&st, &ctx, &form).await? {
        Ok(id) => id,
        Err(errors) => return start_page(&st, &ctx, errors, &f, StatusCode::UNPROCESSABLE_ENTITY),
    };
    // The account exists either way; when another redemption won the race meanwhile, the person
    // finishes setting up and adds a file with a newer code.
    let audit_name = format!("applicant:{}", f.username.trim().to_lowercase());
    let won = st.app.redeem(&invite, id, &audit_name, now).await?;
    tracing::info!(event = "account_registered", pr_portal = true, file_added = won, "new account by invite code");
    let cookie = start_session(&st, &ctx, id, SessionStage::Setup, now).await?;
    Ok(see_other("/register/confirm-email", &[cookie]))
}
