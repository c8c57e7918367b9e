//! The account's personal access tokens for the JSON API: the list (scopes, expiry, last use),
//! making one after a recent sign-in (its secret shown once), revoking one at once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::tokens::TokenInput;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

pub struct TokenRow {
    pub id: Uuid,
    pub name: String,
    pub scopes: String,
    pub expires: String,
    pub last_used: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "account_tokens.html")]
struct TokensPage {
    l: Layout,
    errors: Errors,
    notice: String,
    tokens: Vec<TokenRow>,
    made: Option<String>,
    name: String,
    days: String,
}

async fn page(
    st: &AppState,
    ctx: &Ctx,
    errors: Errors,
    made: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d %H:%M UTC").to_string();
    let tokens = st
        .app
        .tokens(&ctx.actor()?)
        .await?
        .into_iter()
        .map(|k| TokenRow {
            id: k.id,
            scopes: k.scopes.split(' ').map(|s| t.get(&format!("tokens-scope-{s}"))).collect::<Vec<_>>().join(", "),
            expires: fmt(k.expires_at),
            last_used: k.last_used_at.map(fmt).unwrap_or_else(|| t.get("tokens-never")),
            revoked: k.revoked_at.is_some(),
            name: k.name,
        })
        .collect();
    let l = Layout::new(ctx, st, "tokens-title");
    let page = TokensPage { l, errors, notice: String::new(), tokens, made, name: String::new(), days: "90".into() };
    render(status, &page)
}

pub async fn tokens_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    page(&st, &ctx, Errors::default(), None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    name: String,
    read: String,
    write: String,
    days: String,
}

pub async fn tokens_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<TokenForm>,
) -> AppResult<Response> {
    let input = TokenInput { name: f.name, read: f.read == "yes", write: f.write == "yes", days: f.days };
    match st.app.create_token(&ctx.actor()?, &input, st.now()).await {
        Ok(made) => page(&st, &ctx, Errors::default(), Some(made.secret), StatusCode::OK).await,
        Err(portail_app::Error::ReauthRequired) => Ok(see_other("/account/reauth?next=%2Faccount%2Ftokens", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            page(&st, &ctx, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.app.revoke_token(&ctx.actor()?, id, st.now()).await?;
    Ok(see_other("/account/tokens", &[]))
}
