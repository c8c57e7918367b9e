//! What officers do to a file: take or release it, note, set a step, decide (with the letter and
//! email that follow), read its documents (after a recent sign-in) and letters.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_documents::WrappedKey;
use portail_domain::application::status::{Step, StepState, next};
use portail_store::audit::AuditEntry;
use portail_store::office::{NewLetter, Outcome, Transition};
use serde::Deserialize;
use uuid::Uuid;

use super::file::{DECISIONS, file_page};
use super::{actor, audit_read, not_found, principal_name};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::Errors;
use crate::mail;
use crate::pages::letters::{LetterValues, check, render_letter};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

/// A refusal of the action with a message on the file's page.
pub(super) async fn refuse(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    field: &str,
    code: &str,
    status: StatusCode,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    errors.add(&Tr::new(ctx.lang), field, code);
    file_page(st, ctx, id, errors, String::new(), status).await
}

pub async fn take_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let entry = AuditEntry { actor: &actor, action: "file_taken", target: &target, detail: "" };
    if !st.store.assign(id, Some(who.account.id), &entry, st.clock.now()).await? {
        return Err(not_found());
    }
    Ok(see_other(&format!("/office/files/{id}"), &[]))
}

pub async fn release_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let entry = AuditEntry { actor: &actor, action: "file_released", target: &target, detail: "" };
    if !st.store.assign(id, None, &entry, st.clock.now()).await? {
        return Err(not_found());
    }
    Ok(see_other(&format!("/office/files/{id}"), &[]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoteForm {
    body: String,
}

pub async fn note_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<NoteForm>,
) -> AppResult<Response> {
    st.store.file(id).await?.ok_or_else(not_found)?;
    let body = f.body.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        return refuse(&st, &ctx, id, "note", "office-note-invalid", StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let who = ctx.full()?;
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let entry = AuditEntry { actor: &actor, action: "note_added", target: &target, detail: "" };
    st.store.add_note(id, &who.account.username, body, &entry, st.clock.now()).await?;
    Ok(see_other(&format!("/office/files/{id}?m=noted"), &[]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    step: String,
    state: String,
    version: i64,
}

pub async fn step_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<StepForm>,
) -> AppResult<Response> {
    st.store.file(id).await?.ok_or_else(not_found)?;
    let (Some(step), Some(state)) = (Step::parse(&f.step), StepState::parse(&f.state)) else {
        return Err(AppError::BadRequest("error-form-malformed"));
    };
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let detail = format!("{}={}", step.as_str(), state.as_str());
    let entry = AuditEntry { actor: &actor, action: "step_set", target: &target, detail: &detail };
    match st.store.set_step(id, f.version, step, state, &entry, st.clock.now()).await? {
        Outcome::Done => Ok(see_other(&format!("/office/files/{id}?m=done"), &[])),
        Outcome::Stale => refuse(&st, &ctx, id, "version", "office-stale", StatusCode::CONFLICT).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    action: String,
    version: i64,
    reasons: String,
}

pub async fn decide_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<DecideForm>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let Some((value, action, letter_kind, _)) = DECISIONS.iter().find(|(v, ..)| *v == f.action) else {
        return Err(AppError::BadRequest("error-form-malformed"));
    };
    let Some(to) = next(app.stage, *action) else {
        return refuse(&st, &ctx, id, "version", "office-not-allowed", StatusCode::CONFLICT).await;
    };
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let values = LetterValues {
        lang: owner.lang,
        number: app.number.clone().unwrap_or_default(),
        type_id: app.type_id.clone(),
        name: principal_name(&app.answers),
        reasons: f.reasons.trim().chars().take(5000).collect(),
        items: vec![],
        deadline: String::new(),
        details: vec![],
    };
    if let Some(kind) = letter_kind
        && let Err(code) = check(kind, &values)
    {
        return refuse(&st, &ctx, id, "reasons", code, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let params = serde_json::to_string(&values).map_err(|e| AppError::Internal(e.into()))?;
    let mail =
        letter_kind.map(|_| mail::letter_waiting(&owner.email, owner.lang, &format!("{}/inbox", st.config.public_url)));
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let transition = Transition {
        from: app.stage,
        to,
        expected_version: f.version,
        event: match *value {
            "acknowledge" => "acknowledged",
            "start" => "processing_started",
            "approve" => "approved",
            "refuse" => "refused",
            _ => "returned",
        },
        letter: letter_kind.map(|kind| NewLetter { kind, params: &params }),
        mail: mail.as_ref(),
        audit: AuditEntry { actor: &actor, action: value, target: &target, detail: to.as_str() },
        step: None,
    };
    match st.store.transition(id, &transition, st.clock.now()).await? {
        Outcome::Done => {
            st.mail_wakeup.notify_one();
            tracing::info!(event = "file_decided", action = *value, "officer action");
            Ok(see_other(&format!("/office/files/{id}?m=done"), &[]))
        }
        Outcome::Stale => refuse(&st, &ctx, id, "version", "office-stale", StatusCode::CONFLICT).await,
    }
}

/// Documents are identity papers: reading one needs a sign-in within the last 15 minutes.
pub async fn document_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    if st.clock.now() - who.session.authenticated_at > chrono::Duration::minutes(15) {
        let back = format!("/office/files/{id}/documents/{doc}");
        return Ok(see_other(&format!("/account/reauth?next={}", urlencoding::encode(&back)), &[]));
    }
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let d = st.store.document(app.account_id, id, doc).await?.ok_or_else(not_found)?;
    audit_read(&st, &ctx, "document_viewed", id, &d.id.to_string()).await?;
    let stream = st
        .documents
        .open(&d.object_key, &WrappedKey { master_id: d.master_key_id.clone(), sealed: d.wrapped_key.clone() })
        .await?;
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&d.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    // Shown in the browser (inline) for officers, still sandboxed.
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; object-src 'self'"),
    );
    Ok(res)
}

pub async fn letter_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, letter)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    st.store.file(id).await?.ok_or_else(not_found)?;
    let l = st.store.letters_of(id).await?.into_iter().find(|l| l.id == letter).ok_or_else(not_found)?;
    audit_read(&st, &ctx, "letter_viewed", id, &l.id.to_string()).await?;
    pdf_response(render_letter(&st, &l.kind, &l.params, l.created_at)?)
}

pub fn pdf_response(pdf: Vec<u8>) -> AppResult<Response> {
    let mut res = pdf.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(res)
}

/// Letters an officer sends without changing the stage, with the step each one opens.
pub const LETTERS: &[(&str, Option<Step>)] = &[
    ("biometrics", Some(Step::Biometrics)),
    ("medical", Some(Step::Medical)),
    ("interview", Some(Step::Interview)),
    ("passport_request", None),
    ("procedural_fairness", None),
    ("message", None),
];

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LetterForm {
    kind: String,
    version: i64,
    text: String,
    date: String,
}

pub async fn letter_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<LetterForm>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let Some((kind, step)) = LETTERS.iter().find(|(k, _)| *k == f.kind) else {
        return Err(AppError::BadRequest("error-form-malformed"));
    };
    if !matches!(
        app.stage,
        portail_domain::application::Stage::Submitted
            | portail_domain::application::Stage::Received
            | portail_domain::application::Stage::InProgress
    ) {
        return refuse(&st, &ctx, id, "letter", "office-not-allowed", StatusCode::CONFLICT).await;
    }
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let date = f.date.trim();
    if *kind == "interview"
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map(|d| d < st.clock.now().date_naive()).unwrap_or(true)
    {
        return refuse(&st, &ctx, id, "letter", "letter-missing-date", StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let values = LetterValues {
        lang: owner.lang,
        number: app.number.clone().unwrap_or_default(),
        type_id: app.type_id.clone(),
        name: principal_name(&app.answers),
        reasons: f.text.trim().chars().take(5000).collect(),
        items: vec![],
        deadline: date.to_owned(),
        details: vec![],
    };
    if let Err(code) = check(kind, &values) {
        return refuse(&st, &ctx, id, "letter", code, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let params = serde_json::to_string(&values).map_err(|e| AppError::Internal(e.into()))?;
    let mail = mail::letter_waiting(&owner.email, owner.lang, &format!("{}/inbox", st.config.public_url));
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let transition = Transition {
        from: app.stage,
        to: app.stage,
        expected_version: f.version,
        event: "letter_sent",
        letter: Some(NewLetter { kind, params: &params }),
        mail: Some(&mail),
        audit: AuditEntry { actor: &actor, action: "letter_sent", target: &target, detail: kind },
        step: step.map(|s| (s, StepState::WaitingOnYou)),
    };
    match st.store.transition(id, &transition, st.clock.now()).await? {
        Outcome::Done => {
            st.mail_wakeup.notify_one();
            Ok(see_other(&format!("/office/files/{id}?m=done"), &[]))
        }
        Outcome::Stale => refuse(&st, &ctx, id, "version", "office-stale", StatusCode::CONFLICT).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    subject: String,
    body: String,
}

/// An officer writes in the file's thread; the applicant gets an email saying a message waits.
pub async fn message_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<ReplyForm>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let errors = crate::pages::apply::messages::check_message(&f.subject, &f.body, &Tr::new(ctx.lang));
    if errors.any() {
        return file_page(&st, &ctx, id, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let mail = mail::message_waiting(
        &owner.email,
        owner.lang,
        &format!("{}/applications/{id}/messages", st.config.public_url),
    );
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let m = portail_store::messages::NewMessage {
        from_staff: true,
        author: &actor,
        subject: f.subject.trim(),
        body: f.body.trim(),
        mail: Some(&mail),
        audit: AuditEntry { actor: &actor, action: "message_sent", target: &target, detail: "" },
    };
    st.store.add_message(id, &m, st.clock.now()).await?;
    st.mail_wakeup.notify_one();
    Ok(see_other(&format!("/office/files/{id}?m=done"), &[]))
}
