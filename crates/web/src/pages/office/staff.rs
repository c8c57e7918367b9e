//! Administrators manage staff accounts: the list, and creating one with a temporary password
//! shown once (the new officer enrols MFA at their first sign-in).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::account::{Email, Role, Username};
use portail_domain::language::Lang;
use portail_store::StoreError;
use portail_store::accounts::NewAccount;
use portail_store::audit::AuditEntry;
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
        .store
        .staff_accounts()
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
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    let username = Username::parse(&f.username);
    if let Err(e) = &username {
        errors.add(&t, "username", e.code());
    }
    let email = Email::parse(&f.email);
    if let Err(e) = &email {
        errors.add(&t, "email", e.code());
    }
    let role = Role::parse(&f.role).filter(|r| r.is_staff());
    if role.is_none() {
        errors.add(&t, "role", "answer-choice-invalid");
    }
    let (Ok(username), Ok(email), Some(role), false) = (username, email, role, errors.any()) else {
        return page(&st, &ctx, errors, (String::new(), String::new()), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let password = portail_domain::secret::new_token()[..24].to_owned();
    let hash = st.app.hasher.hash(&password).await?;
    let new = NewAccount {
        username: username.as_str(),
        email: email.as_str(),
        role,
        lang: Lang::En,
        password_hash: &hash,
        is_demo: false,
    };
    let now = st.app.clock.now();
    let id = match st.app.store.create_account(&new, None, None, now).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => {
            errors.add(&t, "username", "username-taken");
            return page(&st, &ctx, errors, (String::new(), String::new()), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return Err(e.into()),
    };
    st.app.store.confirm_staff_email(id).await?;
    let actor = ctx.actor()?.audit_name();
    let target = format!("account:{}", username.as_str());
    st.app
        .store
        .audit(&AuditEntry { actor: &actor, action: "staff_created", target: &target, detail: role.as_str() }, now)
        .await?;
    page(&st, &ctx, Errors::default(), (username.as_str().to_owned(), password), StatusCode::OK).await
}
