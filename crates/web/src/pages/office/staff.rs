//! Administrators manage staff accounts: the list, and creating one with a temporary password
//! shown once (the new officer enrols MFA at their first sign-in).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::account::Role;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::state::AppState;
use portail_i18n::Tr;

pub struct StaffRow {
    pub username: String,
    pub email: String,
    pub role: String,
    pub mfa: bool,
}

#[derive(Template)]
#[template(path = "office_staff.html")]
struct StaffPage {
    l: Layout,
    errors: Errors,
    notice: String,
    staff: Vec<StaffRow>,
    password: String,
}

fn admin_only(ctx: &Ctx) -> AppResult<()> {
    match ctx.full()?.account.role {
        Role::Administrator => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

async fn page(
    st: &AppState,
    ctx: &Ctx,
    errors: Errors,
    created: (String, String),
    status: StatusCode,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let staff = st
        .app
        .staff_accounts(&ctx.actor()?)
        .await?
        .into_iter()
        .map(|a| StaffRow {
            username: a.username,
            email: a.email,
            role: t.get(&format!("role-{}", a.role.as_str())),
            mfa: a.mfa_enrolled_at.is_some(),
        })
        .collect();
    let notice =
        if created.0.is_empty() { String::new() } else { t.with("staff-created", &[("username", created.0.clone())]) };
    let page = StaffPage { l: Layout::new(ctx, st, "staff-title"), errors, notice, staff, password: created.1 };
    render(status, &page)
}

pub async fn staff_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    admin_only(&ctx)?;
    page(&st, &ctx, Errors::default(), (String::new(), String::new()), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StaffForm {
    username: String,
    email: String,
    role: String,
}

pub async fn staff_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<StaffForm>) -> AppResult<Response> {
    admin_only(&ctx)?;
    let created = st.app.create_staff(&ctx.actor()?, &f.username, &f.email, &f.role, st.now()).await;
    match created {
        Ok((username, password)) => {
            page(&st, &ctx, Errors::default(), (username.as_str().to_owned(), password), StatusCode::OK).await
        }
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            page(&st, &ctx, errors, (String::new(), String::new()), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
