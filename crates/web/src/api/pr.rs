//! `/api/v1/pr` for files managed in the PR portal: the files, their PR-confirmation tasks, and
//! doing the three tasks (presence in Canada, the mailing address, the photo) — the same
//! operations and checks as the PR portal's pages.

use axum::body::Body;
use axum::http::StatusCode;
use axum::{Json, extract::State};
use portail_app::FileAction;
use portail_app::model::Task;
use portail_app::pr::AddressInput;
use portail_domain::policy::Actor;
use portail_domain::pr::PHOTO_SPEC;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::{ApiResult, ErrorBody};
use super::extract::{ApiActor, ApiJson, ApiPath};
use super::stream_to_temp;
use super::types::*;
use crate::state::AppState;

/// The files the actor manages in the PR portal.
#[utoipa::path(get, path = "/api/v1/pr/files", tag = "pr-portal",
    responses((status = 200, body = Vec<PrFileView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn pr_files(State(st): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Json<Vec<PrFileView>>> {
    let mut out = vec![];
    for f in st.app.pr_files(&actor).await? {
        out.push(pr_view(&st, &actor, f.id).await?);
    }
    Ok(Json(out))
}

/// One file of the PR portal: its PR-confirmation tasks, eCOPR and card.
#[utoipa::path(get, path = "/api/v1/pr/files/{id}", tag = "pr-portal", params(("id" = Uuid, Path)),
    responses((status = 200, body = PrFileView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn pr_file(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<PrFileView>> {
    Ok(Json(pr_view(&st, &actor, id).await?))
}

async fn pr_view(st: &AppState, actor: &Actor, id: Uuid) -> ApiResult<PrFileView> {
    let (file, c) = st.app.read_pr_file(actor, id, st.now()).await?;
    let note = |t: Task| match t {
        Task::Presence => c.presence_note.clone(),
        Task::Address => c.address_note.clone(),
        Task::Photo => c.photo_note.clone(),
    };
    let tasks = [Task::Presence, Task::Address, Task::Photo]
        .into_iter()
        .map(|t| PrTask { task: t.as_str().to_owned(), state: t.state_in(&c).as_str().to_owned(), note: note(t) })
        .collect();
    Ok(PrFileView {
        id,
        number: file.app.number.clone(),
        tasks,
        ecopr_issued_at: c.ecopr_issued_at,
        card_status: c.card_status.as_str().to_owned(),
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceBody {
    /// `in_canada` or `outside`.
    pub presence: String,
    /// When in Canada: the date of entry, `YYYY-MM-DD`, not in the future.
    #[serde(default)]
    pub entered_on: String,
}

/// Declares whether the person is in Canada (and since when); the officer reviews it.
#[utoipa::path(post, path = "/api/v1/pr/files/{id}/presence", tag = "pr-portal", params(("id" = Uuid, Path)),
    request_body = PresenceBody,
    responses((status = 204, description = "Given, for review"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn presence(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<PresenceBody>,
) -> ApiResult<StatusCode> {
    st.app.declare_presence(&actor, id, &body.presence, &body.entered_on, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    /// `yes`: the person confirms the details on file are theirs and correct.
    pub details_confirmed: String,
    pub address_line: String,
    pub city: String,
    /// A province or territory code (`ON`, `QC`, …).
    pub province: String,
    /// A Canadian postal code (`K1A 0B1`).
    pub postal_code: String,
}

/// Gives the Canadian mailing address the PR card goes to; the officer reviews it.
#[utoipa::path(post, path = "/api/v1/pr/files/{id}/address", tag = "pr-portal", params(("id" = Uuid, Path)),
    request_body = AddressBody,
    responses((status = 204, description = "Given, for review"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn address(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<AddressBody>,
) -> ApiResult<StatusCode> {
    let input = AddressInput {
        details_confirmed: b.details_confirmed,
        address_line: b.address_line,
        city: b.city,
        province: b.province,
        postal_code: b.postal_code,
    };
    st.app.give_address(&actor, id, &input, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Uploads the PR-card photo: the request body is the JPEG itself (checked for size, proportions
/// and resolution like on the page, then re-encoded); the officer reviews it.
#[utoipa::path(put, path = "/api/v1/pr/files/{id}/photo", tag = "pr-portal", params(("id" = Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 204, description = "Given, for review"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn photo(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    body: Body,
) -> ApiResult<StatusCode> {
    // Whether this token may give the photo at all, before its body is read.
    st.app.file(&actor, id, FileAction::PrTask).await?;
    let received = stream_to_temp(&st, body, PHOTO_SPEC.max_bytes, "photo-too-large").await?;
    st.app.give_photo(&actor, id, received, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
