//! The PR confirmation tasks a person completes: declaring presence in Canada (or being
//! outside), confirming personal details with a Canadian mailing address, and a photo checked
//! against the specification — each with a clear message for every failed check.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::FileAction;
use portail_app::model::PrConfirmation;
use portail_app::pr::AddressInput;
use portail_domain::pr::{PHOTO_SPEC, PROVINCES};
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use super::personal_details;
use crate::context::Ctx;
use crate::dates::{DateBoxes, DateParts};
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::apply::documents::{Refusal, multipart_csrf, stream_to_temp};
use crate::pages::see_other;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pr_task.html")]
struct TaskPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    task: &'static str,
    heading: String,
    /// The task may be done (again) now; otherwise the page only shows what was given.
    open: bool,
    c: PrConfirmation,
    name: String,
    born: String,
    provinces: Vec<(&'static str, String)>,
    /// What the person typed (kept when a form is refused).
    typed: Typed,
    spec: String,
}

impl Typed {
    /// The entry date in its three boxes.
    pub fn entered_parts(&self) -> DateParts {
        DateParts::from_iso(&self.entered_on)
    }
}

#[derive(Default, Clone)]
pub struct Typed {
    pub presence: String,
    /// The entry date as stored (`2026-04-01`) or as typed in the boxes (`2026-4-1`).
    pub entered_on: String,
    pub address_line: String,
    pub city: String,
    pub province: String,
    pub postal_code: String,
    /// "These details are right" was ticked: it stays ticked when another field is refused.
    pub details_confirmed: bool,
}

fn heading(task: &str) -> &'static str {
    match task {
        "presence" => "pr-task-presence",
        "address" => "pr-task-address",
        _ => "pr-task-photo",
    }
}

async fn task_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    task: &'static str,
    errors: Errors,
    typed: Option<Typed>,
    status: StatusCode,
) -> AppResult<Response> {
    let (file, c) = st.app.read_pr_file(&ctx.actor()?, id, st.now()).await?;
    let t = Tr::new(ctx.lang);
    let open = match task {
        "presence" => c.presence_state.open_to_person(),
        "address" => c.address_state.open_to_person(),
        _ => c.photo_state.open_to_person(),
    };
    let (name, born) = personal_details(&file);
    let typed = typed.unwrap_or_else(|| Typed {
        presence: c.presence.clone().unwrap_or_default(),
        entered_on: c.entered_on.clone().unwrap_or_default(),
        address_line: c.address_line.clone(),
        city: c.city.clone(),
        province: c.province.clone(),
        postal_code: c.postal_code.clone(),
        details_confirmed: false,
    });
    let spec = t.with(
        "photo-spec",
        &[
            ("width", PHOTO_SPEC.min_width.to_string()),
            ("height", PHOTO_SPEC.min_height.to_string()),
            ("mib", (PHOTO_SPEC.max_bytes / 1024 / 1024).to_string()),
        ],
    );
    let page = TaskPage {
        l: Layout::new(ctx, st, heading(task)),
        errors,
        notice: String::new(),
        id,
        task,
        heading: t.get(heading(task)),
        open,
        c,
        name,
        born,
        provinces: PROVINCES.iter().map(|(p, _)| (*p, t.get(&format!("province-{}", p.to_lowercase())))).collect(),
        typed,
        spec,
    };
    render(status, &page)
}

pub async fn presence_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    task_page(&st, &ctx, id, "presence", Errors::default(), None, StatusCode::OK).await
}

pub async fn address_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    task_page(&st, &ctx, id, "address", Errors::default(), None, StatusCode::OK).await
}

pub async fn photo_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    task_page(&st, &ctx, id, "photo", Errors::default(), None, StatusCode::OK).await
}

/// The outcome of giving a task: back to the file, or the task's page with what was refused.
async fn given(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    task: &'static str,
    outcome: portail_app::Result<()>,
    typed: Typed,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let (errors, status, typed) = match outcome {
        Ok(()) => return Ok(see_other(&format!("/pr/files/{id}?m=sent"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            (Errors::of(&t, &fields), StatusCode::UNPROCESSABLE_ENTITY, Some(typed))
        }
        // Closed meanwhile: an officer is reviewing it, or accepted it.
        Err(portail_app::Error::Conflict(code)) => (Errors::one(&t, "task", code), StatusCode::CONFLICT, None),
        Err(e) => return Err(e.into()),
    };
    task_page(st, ctx, id, task, errors, typed, status).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PresenceForm {
    presence: String,
    entered_on: String,
    #[serde(flatten)]
    boxes: DateBoxes,
}

pub async fn presence_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<PresenceForm>,
) -> AppResult<Response> {
    let entered_on = f.boxes.date("entered_on", &f.entered_on);
    let outcome = st.app.declare_presence(&ctx.actor()?, id, &f.presence, &entered_on, st.now()).await;
    let typed = Typed { presence: f.presence, entered_on: entered_on.chars().take(14).collect(), ..Typed::default() };
    given(&st, &ctx, id, "presence", outcome, typed).await
}

pub async fn address_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<AddressInput>,
) -> AppResult<Response> {
    let outcome = st.app.give_address(&ctx.actor()?, id, &f, st.now()).await;
    let typed = Typed {
        address_line: f.address_line.chars().take(100).collect(),
        city: f.city.chars().take(60).collect(),
        province: f.province.chars().take(2).collect(),
        postal_code: f.postal_code.chars().take(10).collect(),
        details_confirmed: f.details_confirmed == "yes",
        ..Typed::default()
    };
    given(&st, &ctx, id, "address", outcome, typed).await
}

/// A photo upload (multipart: the CSRF token first, then `file`): every failed check is listed.
pub async fn photo_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    mut form: Multipart,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    st.app.file(&actor, id, FileAction::PrTask).await?;
    multipart_csrf(&st, &ctx, &mut form).await?;
    let t = Tr::new(ctx.lang);
    let received = match form.next_field().await {
        Ok(Some(mut field)) if field.name() == Some("file") => {
            match stream_to_temp(&st, &mut field, PHOTO_SPEC.max_bytes).await? {
                Ok(r) => r,
                Err(Refusal(_, status)) => {
                    let errors = Errors::one(&t, "file", "photo-too-large");
                    return task_page(&st, &ctx, id, "photo", errors, None, status).await;
                }
            }
        }
        _ => {
            let errors = Errors::one(&t, "file", "upload-no-file");
            return task_page(&st, &ctx, id, "photo", errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let outcome = st.app.give_photo(&actor, id, received, st.now()).await;
    given(&st, &ctx, id, "photo", outcome, Typed::default()).await
}
