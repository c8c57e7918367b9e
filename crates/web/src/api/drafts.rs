//! `/api/v1/drafts`: start a draft, read it, save a section, add a family member, its checklist
//! and fee, upload its documents (streamed, with the same checks as the pages), pay, and submit
//! with an `Idempotency-Key` (a retry never makes a second application).

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::{Json, extract::State};
use portail_app::drafts::MemberInput;
use portail_app::submission::{CardInput, SubmitInput};
use portail_app::uploads::Slot;
use portail_domain::application::{checklist, fees, section_complete};
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiActor, ApiJson, ApiPath, derived_key, idempotency_key, keyed_id};
use super::types::*;
use super::{ApiLang, stream_upload};
use crate::state::AppState;
use portail_app::drafts::Started;

/// Starts a draft of a catalog type. With an `Idempotency-Key` header, a retry answers 200 with
/// the draft the first request made (the same key for another type: 409).
#[utoipa::path(post, path = "/api/v1/drafts", tag = "drafts", request_body = NewDraft,
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 200 visible characters")),
    responses((status = 201, body = Created), (status = 200, body = Created), (status = 409, body = ErrorBody),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<NewDraft>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    // With an `Idempotency-Key`, a retry answers 200 with the draft the first request made.
    let key = idempotency_key(&headers)?.map(|k| keyed_id(&actor, "draft", &k));
    match st.app.start_draft(&actor, &body.type_id, key, st.now()).await? {
        Started::New(id) => Ok((StatusCode::CREATED, Json(Created { id }))),
        Started::Again(id) => Ok((StatusCode::OK, Json(Created { id }))),
    }
}

/// A draft: its answers, members and which sections are complete.
#[utoipa::path(get, path = "/api/v1/drafts/{id}", tag = "drafts", params(("id" = Uuid, Path)),
    responses((status = 200, body = DraftView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DraftView>> {
    let d = st.app.draft_read(&actor, id).await?;
    let app = &d.file.app;
    Ok(Json(DraftView {
        id,
        type_id: app.type_id.clone(),
        version: app.version,
        answers: app.answers.clone(),
        members: app
            .members
            .iter()
            .map(|m| MemberView {
                id: m.id,
                given_name: m.given_name.clone(),
                family_name: m.family_name.clone(),
                relationship: m.relationship.as_str().to_owned(),
                date_of_birth: m.date_of_birth.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        sections: d
            .ty
            .sections
            .iter()
            .map(|s| SectionState {
                id: s.id.clone(),
                title: s.title.get(lang).to_owned(),
                complete: section_complete(s, &app.answers),
            })
            .collect(),
    }))
}

/// Saves one section (the same checks as the page: each refused field has its code).
#[utoipa::path(put, path = "/api/v1/drafts/{id}/sections/{section}", tag = "drafts",
    params(("id" = Uuid, Path), ("section" = String, Path)), request_body = SectionAnswers,
    responses((status = 200, body = SectionSaved), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn save_section(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, section)): ApiPath<(Uuid, String)>,
    ApiJson(body): ApiJson<SectionAnswers>,
) -> ApiResult<Json<SectionSaved>> {
    let next_section = st.app.save_section(&actor, id, &section, &body.answers, st.now()).await?;
    Ok(Json(SectionSaved { next_section }))
}

/// Adds a family member (types that take them).
#[utoipa::path(post, path = "/api/v1/drafts/{id}/members", tag = "drafts", params(("id" = Uuid, Path)), request_body = NewMember,
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn add_member(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NewMember>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let input = MemberInput {
        given_name: body.given_name,
        family_name: body.family_name,
        relationship: body.relationship,
        date_of_birth: body.date_of_birth,
    };
    let m = st.app.add_member(&actor, id, &input, st.now()).await?;
    Ok((StatusCode::CREATED, Json(Created { id: m.id })))
}

/// Deletes a draft, with its answers and documents (never a submitted application).
#[utoipa::path(delete, path = "/api/v1/drafts/{id}", tag = "drafts", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn delete_draft(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    st.app.delete_draft(&actor, id, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The personal document checklist the answers yield, with what is uploaded.
#[utoipa::path(get, path = "/api/v1/drafts/{id}/checklist", tag = "drafts", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ChecklistItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn checklist_of(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<ChecklistItem>>> {
    let d = st.app.draft_read(&actor, id).await?;
    let docs = st.app.documents(&d.file).await?;
    let app = &d.file.app;
    Ok(Json(
        checklist(d.ty, &app.answers, &app.members, st.now().date_naive())
            .into_iter()
            .map(|i| ChecklistItem {
                document_id: docs.iter().find(|doc| doc.item_key == i.key).map(|doc| doc.id),
                label: i.rule.label.get(lang).to_owned(),
                required: i.required,
                key: i.key,
            })
            .collect(),
    ))
}

/// The fee the answers yield, and whether it is paid.
#[utoipa::path(get, path = "/api/v1/drafts/{id}/fee", tag = "drafts", params(("id" = Uuid, Path)),
    responses((status = 200, body = FeeView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn fee(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiLang(lang): ApiLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<FeeView>> {
    let r = st.app.review(&actor, id, st.now().date_naive()).await?;
    let app = &r.draft.file.app;
    let lines = fees(r.draft.ty, &app.answers, &app.members, st.now().date_naive())
        .into_iter()
        .map(|f| FeeLine { label: f.label.get(lang).to_owned(), persons: f.persons, amount_cents: f.amount_cents })
        .collect();
    Ok(Json(FeeView { lines, total_cents: r.readiness.total_cents, paid: r.readiness.paid }))
}

/// Uploads the document of one checklist item (the raw bytes as the body, its name in
/// `X-File-Name`); checked by content, images re-encoded, encrypted at rest.
#[utoipa::path(put, path = "/api/v1/drafts/{id}/documents/{item}", tag = "documents",
    params(("id" = Uuid, Path), ("item" = String, Path), ("X-File-Name" = Option<String>, Header)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn upload(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, item)): ApiPath<(Uuid, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let slot = Slot::Checklist(item);
    let file = st.app.upload_target(&actor, id, &slot, st.now()).await?;
    let received = stream_upload(&st, &headers, body).await?;
    let doc = st.app.attach(&actor, &file, &slot, received, st.now()).await?;
    Ok((StatusCode::CREATED, Json(Created { id: doc })))
}

/// Pays the draft's fee (the demo card `4242 4242 4242 4242`); paying again does nothing.
#[utoipa::path(post, path = "/api/v1/drafts/{id}/payment", tag = "drafts", params(("id" = Uuid, Path)), request_body = PaymentBody,
    responses((status = 204, description = "Paid"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn pay(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<PaymentBody>,
) -> ApiResult<StatusCode> {
    let card = CardInput { card_number: body.card_number, card_expiry: body.card_expiry, card_name: body.card_name };
    st.app.pay(&actor, id, &card, st.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs and submits the draft. `Idempotency-Key` is required: the same key answers the same
/// application number again, and never makes a second application.
#[utoipa::path(post, path = "/api/v1/drafts/{id}/submission", tag = "drafts",
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)), request_body = SubmissionBody,
    responses((status = 201, body = SubmissionDone), (status = 200, body = SubmissionDone), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn submit(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmissionBody>,
) -> ApiResult<(StatusCode, Json<SubmissionDone>)> {
    let key =
        idempotency_key(&headers)?.ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "bad-idempotency-key"))?;
    let input = SubmitInput {
        declaration_name: body.declaration_name,
        agree: if body.agree { "yes".into() } else { String::new() },
        submit_key: hex::encode(derived_key(&actor, "submission", &key)),
    };
    let done = st.app.submit(&actor, id, &input, st.now()).await?;
    let status = if done.replay { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(SubmissionDone { number: done.number, replay: done.replay })))
}
