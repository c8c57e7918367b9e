//! Requesting documents from the applicant (checklist items or free items, a deadline), and
//! deciding on an asked extension.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::requests::RequestInput;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use super::file::file_page;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::Errors;
use crate::pages::see_other;
use crate::state::AppState;

/// The refusal of an officer's request action, on the file's page.
async fn refused(st: &AppState, ctx: &Ctx, id: Uuid, e: portail_app::Error) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let (errors, status) = match e {
        portail_app::Error::Invalid(fields) => (Errors::of(&t, &fields), StatusCode::UNPROCESSABLE_ENTITY),
        portail_app::Error::Conflict(code) => {
            let field = if code == "office-stale" { "version" } else { "request" };
            (Errors::one(&t, field, code), StatusCode::CONFLICT)
        }
        other => return Err(other.into()),
    };
    file_page(st, ctx, id, errors, String::new(), status).await
}

/// The form sends each ticked checklist item as `item=<key>` and free items one per line.
pub async fn request_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let input = RequestInput {
        checklist_items: fields.iter().filter(|(n, _)| n == "item").map(|(_, v)| v.clone()).collect(),
        free: get("free"),
        days: get("days"),
        note: get("note"),
        version: get("version").parse().unwrap_or(-1),
    };
    match st.app.request_documents(&ctx.actor()?, id, &input, st.now()).await {
        Ok(()) => Ok(see_other(&format!("/office/files/{id}?m=requested"), &[])),
        Err(e) => refused(&st, &ctx, id, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtensionDecision {
    grant: String,
}

pub async fn extension_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(Uuid, Uuid)>,
    CsrfForm(f): CsrfForm<ExtensionDecision>,
) -> AppResult<Response> {
    let done = if f.grant == "yes" { "extension-granted" } else { "extension-refused" };
    match st.app.decide_extension(&ctx.actor()?, id, rid, f.grant == "yes", st.now()).await {
        Ok(()) => Ok(see_other(&format!("/office/files/{id}?m={done}"), &[])),
        Err(e) => refused(&st, &ctx, id, e).await,
    }
}
