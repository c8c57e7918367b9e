//! Invite codes from a signed-in account: redeeming them (attempts limited per account and per
//! address; a code is bound to the file's owner or to its date of birth) and asking for a new
//! code for one's own moved file (the old one stops working).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::dates::{DateBoxes, DateParts};
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pr_redeem.html")]
struct RedeemPage {
    l: Layout,
    errors: Errors,
    notice: String,
    date_of_birth: DateParts,
}

fn redeem_page(st: &AppState, ctx: &Ctx, errors: Errors, born: DateParts, status: StatusCode) -> AppResult<Response> {
    let page =
        RedeemPage { l: Layout::new(ctx, st, "pr-redeem-title"), errors, notice: String::new(), date_of_birth: born };
    render(status, &page)
}

pub async fn redeem_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.full()?;
    redeem_page(&st, &ctx, Errors::default(), DateParts::default(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RedeemForm {
    code: String,
    date_of_birth: String,
    #[serde(flatten)]
    boxes: DateBoxes,
}

pub async fn redeem_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<RedeemForm>,
) -> AppResult<Response> {
    match st
        .app
        .redeem_code(&ctx.actor()?, &ctx.ip, &f.code, &f.boxes.date("date_of_birth", &f.date_of_birth), st.now())
        .await
    {
        Ok(application) => Ok(see_other(&format!("/pr?added={application}"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let born = f.boxes.shown("date_of_birth", &f.date_of_birth);
            redeem_page(&st, &ctx, Errors::of(&Tr::new(ctx.lang), &fields), born, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "pr_new_code.html")]
struct NewCodePage {
    l: Layout,
    number: String,
    code: String,
}

#[derive(Deserialize, Default)]
pub struct Empty {}

/// The owner asks for a new code for a moved file: the old one stops working, the new one is
/// shown once here and emailed.
pub async fn new_code_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let (number, code) = st.app.owner_new_code(&ctx.actor()?, id, st.now()).await?;
    let page = NewCodePage { l: Layout::new(&ctx, &st, "pr-new-code-title"), number, code };
    render(StatusCode::OK, &page)
}
