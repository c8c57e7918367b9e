//! What officers do to a file: take or release it, note, set a step, decide (with the letter and
//! email that follow), send a letter or a message, read its documents (after a recent sign-in)
//! and letters. Each handler parses its form and calls one operation.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_app::FileAction;
use portail_app::messages::MessageInput;
use portail_app::office::LetterInput;
use portail_domain::application::status::{Step, StepState};
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use super::file::file_page;
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::Errors;
use crate::pages::apply::documents::staff_view;
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

/// The outcome of an officer's action: back to the file with a notice saying what was done
/// (`done`, one of [`super::file::NOTICES`]), or the file's page with the refusal (a stale
/// version answers 409).
async fn done_or_refused(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    outcome: portail_app::Result<()>,
    done: &str,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let (errors, status) = match outcome {
        Ok(()) => return Ok(see_other(&format!("/office/files/{id}?m={done}"), &[])),
        Err(portail_app::Error::Invalid(fields)) => (Errors::of(&t, &fields), StatusCode::UNPROCESSABLE_ENTITY),
        Err(portail_app::Error::Conflict(code)) => {
            let field = if code == "office-stale" { "version" } else { "letter" };
            (Errors::one(&t, field, code), StatusCode::CONFLICT)
        }
        Err(e) => return Err(e.into()),
    };
    file_page(st, ctx, id, errors, String::new(), status).await
}

pub async fn take_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.app.assign(&ctx.actor()?, id, true, st.now()).await?;
    Ok(see_other(&format!("/office/files/{id}"), &[]))
}

pub async fn release_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.app.assign(&ctx.actor()?, id, false, st.now()).await?;
    Ok(see_other(&format!("/office/files/{id}"), &[]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoteForm {
    body: String,
    /// "1" when the officer marks the note as part of the file (the applicant reads it).
    on_file: String,
}

pub async fn note_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<NoteForm>,
) -> AppResult<Response> {
    match st.app.add_note(&ctx.actor()?, id, &f.body, f.on_file == "1", st.now()).await {
        Ok(()) => Ok(see_other(&format!("/office/files/{id}?m=noted"), &[])),
        other => done_or_refused(&st, &ctx, id, other, "noted").await,
    }
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
    let (Some(step), Some(state)) = (Step::parse(&f.step), StepState::parse(&f.state)) else {
        return Err(AppError::BadRequest("error-form-malformed"));
    };
    let outcome = st.app.set_step(&ctx.actor()?, id, step, state, f.version, st.now()).await;
    done_or_refused(&st, &ctx, id, outcome, "step").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    action: String,
    version: i64,
    reasons: String,
    /// `yes` once the officer confirmed a decision that ends the file.
    confirm: String,
}

/// Decisions that end a file: asked once more before they are made.
const FINAL: [&str; 3] = ["approve", "refuse", "return"];

#[derive(askama::Template)]
#[template(path = "office_decide_confirm.html")]
struct ConfirmPage {
    l: crate::layout::Layout,
    id: Uuid,
    action: String,
    version: i64,
    reasons: String,
    question: String,
    consequence: String,
    button: String,
}

/// "Approve this application?" — the same form again with `confirm=yes`, or back to the file.
fn confirm_page(st: &AppState, ctx: &Ctx, id: Uuid, f: DecideForm) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let page = ConfirmPage {
        l: crate::layout::Layout::new(ctx, st, "office-confirm-title"),
        question: t.get(&format!("office-confirm-{}", f.action)),
        consequence: t.get("office-confirm-final"),
        button: t.get(&format!("office-action-{}", f.action)),
        id,
        action: f.action,
        version: f.version,
        reasons: f.reasons,
    };
    crate::layout::render(StatusCode::OK, &page)
}

pub async fn decide_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<DecideForm>,
) -> AppResult<Response> {
    let Some(decision) = portail_domain::letters::decision(&f.action) else {
        return Err(AppError::BadRequest("error-form-malformed"));
    };
    if FINAL.contains(&decision.value) && f.confirm != "yes" {
        return confirm_page(&st, &ctx, id, f);
    }
    let outcome = st.app.decide(&ctx.actor()?, id, &f.action, f.version, &f.reasons, st.now()).await;
    done_or_refused(&st, &ctx, id, outcome, decision.value).await
}

/// Documents are identity papers: reading one needs a sign-in within the last 15 minutes.
pub async fn document_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    match st.app.office_document(&ctx.actor()?, id, doc, st.now()).await {
        Ok((d, stream)) => staff_view(&d, stream).await,
        Err(portail_app::Error::ReauthRequired) => Ok(reauth(&format!("/office/files/{id}/documents/{doc}"))),
        Err(e) => Err(e.into()),
    }
}

/// Off to re-authenticate, then back to `back`.
pub fn reauth(back: &str) -> Response {
    see_other(&format!("/account/reauth?next={}", urlencoding::encode(back)), &[])
}

pub async fn letter_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, letter)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    pdf_response(st.app.file_letter(&ctx.actor()?, id, letter, FileAction::OfficeRead, st.now()).await?)
}

pub fn pdf_response(pdf: Vec<u8>) -> AppResult<Response> {
    let mut res = pdf.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(res)
}

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
    if portail_domain::letters::instruction_letter(&f.kind).is_none() {
        return Err(AppError::BadRequest("error-form-malformed"));
    }
    let input = LetterInput { kind: f.kind, version: f.version, text: f.text, date: f.date };
    let outcome = st.app.send_letter(&ctx.actor()?, id, &input, st.now()).await;
    done_or_refused(&st, &ctx, id, outcome, "letter").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    subject: String,
    body: String,
    message_key: String,
}

/// An officer writes in the file's thread; the applicant gets an email saying a message waits.
pub async fn message_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<ReplyForm>,
) -> AppResult<Response> {
    let input = MessageInput { key: Uuid::parse_str(f.message_key.trim()).ok(), subject: f.subject, body: f.body };
    let outcome = st.app.send_message(&ctx.actor()?, id, &input, None, st.now()).await.map(|_| ());
    done_or_refused(&st, &ctx, id, outcome, "message").await
}
