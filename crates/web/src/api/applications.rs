//! `/api/v1/applications`: the actor's files — list, status with steps, timeline, documents,
//! messages, document requests — and their letters. Each handler calls the same operations as
//! the pages.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, extract::State};
use portail_app::FileAction;
use portail_app::messages::MessageInput;
use portail_app::model::Application;
use portail_domain::application::status::{Action, next};
use portail_domain::language::Lang;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiActor, ApiJson, ApiPath, ApiQuery, idempotency_key, keyed_id};
use super::types::*;
use super::{ApiLang, stream_upload};
use crate::state::AppState;

pub(super) fn summary(st: &AppState, app: &Application, portal: &str, lang: Lang) -> ApplicationSummary {
    ApplicationSummary {
        id: app.id,
        type_id: app.type_id.clone(),
        program: st.app.catalog.get(&app.type_id).map(|t| t.name.get(lang).to_owned()).unwrap_or_default(),
        stage: app.stage.as_str().to_owned(),
        number: app.number.clone(),
        portal: portal.to_owned(),
        created_at: app.created_at,
        updated_at: app.updated_at,
        submitted_at: app.submitted_at,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// From a previous page's `next_cursor`.
    pub cursor: Option<Uuid>,
    /// 1 to 100 (default 50).
    pub limit: Option<usize>,
}

/// The actor's applications, newest first, by pages.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", params(PageQuery),
    responses((status = 200, body = ApplicationList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<ApplicationList>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-query"));
    }
    let all = st.app.applications(&actor).await?;
    let start = match q.cursor {
        Some(c) => all
            .iter()
            .position(|a| a.id == c)
            .map(|i| i + 1)
            .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "bad-cursor"))?,
        None => 0,
    };
    let page: Vec<_> = all.iter().skip(start).take(limit).collect();
    let next_cursor = (start + page.len() < all.len()).then(|| page.last().map(|a| a.id.to_string())).flatten();
    let moved = st.app.moved_files(&actor).await?;
    let items = page
        .into_iter()
        .map(|a| summary(&st, a, if moved.iter().any(|m| m.id == a.id) { "pr" } else { "secure" }, lang))
        .collect();
    Ok(Json(ApplicationList { items, next_cursor }))
}

/// One application with its processing steps.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", params(("id" = Uuid, Path)),
    responses((status = 200, body = ApplicationDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ApplicationDetail>> {
    let file = st.app.read_file(&actor, id, FileAction::Read, "file_viewed", st.now()).await?;
    let steps = st.app.steps(&file).await?;
    let portal = if file.facts.portal == portail_domain::policy::Portal::Pr { "pr" } else { "secure" };
    Ok(Json(ApplicationDetail {
        summary: summary(&st, &file.app, portal, lang),
        steps: steps
            .into_iter()
            .map(|(s, state, at)| StepView {
                step: s.as_str().to_owned(),
                state: state.as_str().to_owned(),
                updated_at: at,
            })
            .collect(),
        can_withdraw: next(file.app.stage, Action::Withdraw).is_some() && portal == "secure",
    }))
}

/// The application's dated timeline, newest first.
#[utoipa::path(get, path = "/api/v1/applications/{id}/timeline", tag = "applications", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<TimelineEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn timeline(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    let file = st.app.file(&actor, id, FileAction::Read).await?;
    let events = st.app.timeline(&file).await?;
    Ok(Json(events.into_iter().map(|e| TimelineEntry { at: e.at, kind: e.kind, detail: e.detail }).collect()))
}

/// The application's documents (with their SHA-256).
#[utoipa::path(get, path = "/api/v1/applications/{id}/documents", tag = "documents", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<DocumentView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn documents(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<DocumentView>>> {
    let docs = st.app.documents_of(&actor, id, FileAction::Read).await?;
    Ok(Json(docs.into_iter().map(DocumentView::from).collect()))
}

/// One document's content, as it was kept (audited).
#[utoipa::path(get, path = "/api/v1/applications/{id}/documents/{doc}", tag = "documents",
    params(("id" = Uuid, Path), ("doc" = Uuid, Path)),
    responses((status = 200, description = "The document", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn download(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, doc)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    let file = st.app.file(&actor, id, FileAction::Read).await?;
    let (d, stream) = st.app.open_document(&actor, &file, doc, st.now()).await?;
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(d.size.max(0) as u64));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
    Ok(res)
}

/// The application's message thread, oldest first (staff messages become read).
#[utoipa::path(get, path = "/api/v1/applications/{id}/messages", tag = "messages", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MessageView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn messages(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<MessageView>>> {
    let th = st.app.thread(&actor, id, st.now()).await?;
    Ok(Json(
        th.messages
            .into_iter()
            .map(|m| MessageView {
                id: m.id,
                from_staff: m.from_staff,
                subject: m.subject,
                body: m.body,
                at: m.at,
                read_at: m.read_at,
            })
            .collect(),
    ))
}

/// Writes to the agency about a submitted application. With an `Idempotency-Key`, a retry
/// makes no second message.
#[utoipa::path(post, path = "/api/v1/applications/{id}/messages", tag = "messages",
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = NewMessage,
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn send_message(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<NewMessage>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let key = idempotency_key(&headers)?.map(|k| keyed_id(&actor, "message", &k));
    let input = MessageInput { key, subject: body.subject, body: body.body };
    let message = st.app.send_message(&actor, id, &input, None, st.now()).await?;
    Ok((StatusCode::CREATED, Json(Created { id: message })))
}

/// The application's document requests, newest first.
#[utoipa::path(get, path = "/api/v1/applications/{id}/requests", tag = "requests", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<RequestView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn requests(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<RequestView>>> {
    let file = st.app.file(&actor, id, FileAction::Read).await?;
    let list = st.app.requests(&file).await?;
    Ok(Json(
        list.into_iter()
            .map(|r| RequestView {
                id: r.id,
                items: portail_app::requests::items_of(&r).iter().map(|i| i.get(lang).to_owned()).collect(),
                note: r.note,
                deadline: r.deadline,
                status: r.status,
                extension_requested: r.extension_requested_at.is_some(),
                extension_decision: r.extension_decision,
            })
            .collect(),
    ))
}

/// Uploads the file of one item of an open request (the raw bytes as the body).
#[utoipa::path(put, path = "/api/v1/applications/{id}/requests/{rid}/items/{index}", tag = "requests",
    params(("id" = Uuid, Path), ("rid" = Uuid, Path), ("index" = usize, Path), ("X-File-Name" = Option<String>, Header)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn upload_request_item(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, rid, index)): ApiPath<(Uuid, Uuid, usize)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let slot = portail_app::uploads::Slot::Request(rid, index);
    let file = st.app.upload_target(&actor, id, &slot, st.now()).await?;
    let received = stream_upload(&st, &headers, body).await?;
    let doc = st.app.attach(&actor, &file, &slot, received, st.now()).await?;
    Ok((StatusCode::CREATED, Json(Created { id: doc })))
}

/// Sends the answer to a request once each item has its file.
#[utoipa::path(post, path = "/api/v1/applications/{id}/requests/{rid}/answer", tag = "requests",
    params(("id" = Uuid, Path), ("rid" = Uuid, Path)),
    responses((status = 204, description = "Answered"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn answer_request(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, rid)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    st.app.answer_request(&actor, id, rid, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks for more time, once, before the deadline.
#[utoipa::path(post, path = "/api/v1/applications/{id}/requests/{rid}/extension", tag = "requests",
    params(("id" = Uuid, Path), ("rid" = Uuid, Path)), request_body = ExtensionBody,
    responses((status = 204, description = "Asked"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn ask_extension(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, rid)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<ExtensionBody>,
) -> ApiResult<StatusCode> {
    st.app.ask_extension(&actor, id, rid, &body.reason, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The letters of every application of the actor, newest first.
/// Withdraws a file that is not decided yet (not one managed in the PR portal). The applicant
/// is emailed; the file's timeline keeps the reason.
#[utoipa::path(post, path = "/api/v1/applications/{id}/withdrawal", tag = "applications",
    params(("id" = Uuid, Path)), request_body = WithdrawalBody,
    responses((status = 204, description = "Withdrawn"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn withdraw(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<WithdrawalBody>,
) -> ApiResult<StatusCode> {
    st.app.withdraw(&actor, id, &body.reason, body.confirm, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/letters", tag = "letters",
    responses((status = 200, body = Vec<LetterView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn letters(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Vec<LetterView>>> {
    let list = st.app.letters_of_account(&actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|l| LetterView {
                title: portail_app::letters::title(&l.kind, lang),
                id: l.id,
                application_id: l.application_id,
                kind: l.kind,
                created_at: l.created_at,
                read_at: l.read_at,
            })
            .collect(),
    ))
}

/// One letter as a PDF, in the applicant's language (it becomes read).
#[utoipa::path(get, path = "/api/v1/letters/{id}/pdf", tag = "letters", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The letter", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn letter_pdf(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let l = st.app.open_letter(&actor, id, st.now()).await?;
    let pdf = st.app.render_letter(&l.kind, &l.params, l.created_at)?;
    let mut res = pdf.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    Ok(res)
}
