//! `/api/v1/office` for staff tokens: the work queue, a file, decisions, document requests,
//! letters.

use axum::http::StatusCode;
use axum::{Json, extract::State};
use portail_app::FileAction;
use portail_app::model::QueueFilter;
use portail_app::office::LetterInput;
use portail_app::requests::RequestInput;
use portail_domain::application::Stage;
use portail_domain::application::status::next;
use portail_domain::letters::DECISIONS;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::ApiLang;
use super::applications::summary;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiActor, ApiJson, ApiPath, ApiQuery};
use super::types::*;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// A catalog type id.
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    /// A stage code.
    pub stage: Option<String>,
    /// Only the files taken by the token's officer.
    pub mine: Option<bool>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<Uuid>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// The work queue: submitted files, oldest first, by pages.
#[utoipa::path(get, path = "/api/v1/office/queue", tag = "office", params(QueueQuery),
    responses((status = 200, body = QueueList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn queue(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> ApiResult<Json<QueueList>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-query"));
    }
    if let Some(c) = q.cursor {
        let known = st.app.file(&actor, c, FileAction::OfficeRead).await;
        known.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "bad-cursor"))?;
    }
    let filter = QueueFilter {
        type_id: q.type_id.filter(|t| st.app.catalog.get(t).is_some()),
        stage: q.stage.as_deref().and_then(Stage::parse).filter(|s| *s != Stage::Draft),
        assigned_to: q.mine.unwrap_or(false).then_some(actor.account),
        after: q.cursor,
        ..QueueFilter::default()
    };
    // One more than the page: whether a next page exists, without a count.
    let mut rows = st.app.queue(&actor, &filter, limit + 1, st.now()).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next_cursor = more.then(|| rows.last().map(|r| r.id.to_string())).flatten();
    let items = rows
        .into_iter()
        .map(|r| QueueItem {
            id: r.id,
            number: r.number,
            type_id: r.type_id,
            stage: r.stage,
            submitted_at: r.submitted_at,
            taken: r.assigned_to.is_some(),
            overdue_requests: r.overdue,
        })
        .collect();
    Ok(Json(QueueList { items, next_cursor }))
}

/// A file as an officer sees it (audited).
#[utoipa::path(get, path = "/api/v1/office/files/{id}", tag = "office", params(("id" = Uuid, Path)),
    responses((status = 200, body = OfficeFile), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn file(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<OfficeFile>> {
    let file = st.app.read_file(&actor, id, FileAction::OfficeRead, "file_viewed", st.now()).await?;
    let steps = st.app.steps(&file).await?;
    let docs = st.app.documents(&file).await?;
    let portal = if file.facts.portal == portail_domain::policy::Portal::Pr { "pr" } else { "secure" };
    Ok(Json(OfficeFile {
        summary: summary(&st, &file.app, portal, lang),
        version: file.app.version,
        answers: file.app.answers.clone(),
        steps: steps
            .into_iter()
            .map(|(s, state, at)| StepView {
                step: s.as_str().to_owned(),
                state: state.as_str().to_owned(),
                updated_at: at,
            })
            .collect(),
        documents: docs.into_iter().map(DocumentView::from).collect(),
        decisions: DECISIONS
            .iter()
            .filter(|d| next(file.app.stage, d.action).is_some())
            .map(|d| d.value.to_owned())
            .collect(),
    }))
}

/// Takes a decision through the status machine, with its letter and email.
#[utoipa::path(post, path = "/api/v1/office/files/{id}/decisions", tag = "office", params(("id" = Uuid, Path)),
    request_body = DecisionBody,
    responses((status = 204, description = "Decided"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn decide(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<StatusCode> {
    st.app.decide(&actor, id, &body.action, body.version, &body.reasons, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks the applicant for documents, with a deadline, a letter and an email.
#[utoipa::path(post, path = "/api/v1/office/files/{id}/requests", tag = "office", params(("id" = Uuid, Path)),
    request_body = DocumentRequestBody,
    responses((status = 204, description = "Requested"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn request_documents(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<DocumentRequestBody>,
) -> ApiResult<StatusCode> {
    let input = RequestInput {
        checklist_items: body.checklist_items,
        free: body.items.join("\n"),
        days: body.days.map(|d| d.to_string()).unwrap_or_default(),
        note: body.note,
        version: body.version,
    };
    st.app.request_documents(&actor, id, &input, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterBody {
    /// `biometrics`, `medical`, `interview`, `passport_request`, `procedural_fairness`, `message`.
    pub kind: String,
    pub version: i64,
    #[serde(default)]
    pub text: String,
    /// For interviews: `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
}

/// Sends an instruction letter (and opens its step).
#[utoipa::path(post, path = "/api/v1/office/files/{id}/letters", tag = "office", params(("id" = Uuid, Path)),
    request_body = LetterBody,
    responses((status = 204, description = "Sent"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn send_letter(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<LetterBody>,
) -> ApiResult<StatusCode> {
    let input = LetterInput { kind: body.kind, version: body.version, text: body.text, date: body.date };
    st.app.send_letter(&actor, id, &input, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
