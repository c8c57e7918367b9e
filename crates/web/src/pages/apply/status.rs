//! A submitted file as its owner follows it: stage, steps, dated timeline, documents, receipt;
//! asking to withdraw; linking a file made on paper.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::model::FileRef;
use portail_app::model::{Application, RequestRecord};
use portail_domain::application::status::{Action, Step, StepState, next};
use portail_domain::policy::Portal;
use serde::Deserialize;
use uuid::Uuid;

use super::stage_label;
use crate::context::Ctx;
use crate::dates::{DateBoxes, DateParts};
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct StepRow {
    pub name: String,
    pub state: String,
    pub state_class: &'static str,
}

pub struct EventRow {
    pub at: String,
    pub text: String,
}

pub struct RequestRow {
    pub href: String,
    pub deadline: String,
    pub status: String,
    pub overdue: bool,
}

pub struct FileRow {
    pub href: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    l: Layout,
    notice: String,
    id: Uuid,
    name: String,
    number: String,
    stage: String,
    stage_class: &'static str,
    next: String,
    submitted: String,
    steps: Vec<StepRow>,
    events: Vec<EventRow>,
    files: Vec<FileRow>,
    can_withdraw: bool,
    has_receipt: bool,
    requests: Vec<RequestRow>,
    uci: String,
    /// Managed in the PR portal: read-only here.
    moved: bool,
    /// "Most applications like yours are decided within …" while it waits for a decision.
    processing: String,
}

/// How long files of this program take, beside how long this one has waited (while it waits).
fn waiting_sentence(
    st: &AppState,
    t: &Tr,
    app: &portail_app::model::Application,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    use portail_domain::application::Stage;
    let waiting = matches!(app.stage, Stage::Submitted | Stage::Received | Stage::InProgress);
    match (waiting, app.submitted_at, st.app.processing_time_of(&app.type_id)) {
        (true, Some(at), Some(s)) => crate::pages::processing::for_a_file(t, &s, (now - at).num_days()),
        _ => String::new(),
    }
}

/// The status page of a submitted `file` the caller already opened for reading (the view is
/// audited here, before anything is shown).
pub async fn status_page(st: &AppState, ctx: &Ctx, file: FileRef, notice: String) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let now = st.now();
    st.app.audit_read(&actor, &file, "file_viewed", "", now).await?;
    let id = file.id();
    let moved = file.facts.portal == Portal::Pr;
    let t = Tr::new(ctx.lang);
    let steps = st.app.steps(&file).await?.into_iter().map(|(s, state, _)| step_row(s, state, &t)).collect();
    let events = st
        .app
        .timeline(&file)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: e.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            text: t.get(&format!("event-{}", e.kind.replace('_', "-"))),
        })
        .collect();
    let files = st
        .app
        .documents(&file)
        .await?
        .into_iter()
        .map(|d| FileRow { href: format!("/applications/{id}/files/{}", d.id), name: d.file_name })
        .collect();
    let requests = st.app.requests(&file).await?.iter().map(|r| request_row(id, r, &t, now)).collect();
    let app = &file.app;
    let who = ctx.full()?;
    let page = StatusPage {
        uci: who.account.uci.as_deref().map(portail_domain::application::format_uci).unwrap_or_default(),
        requests,
        l: Layout::new(ctx, st, "status-title"),
        notice,
        id,
        name: st
            .app
            .catalog
            .get(&app.type_id)
            .map(|ty| ty.name.get(ctx.lang).to_owned())
            .unwrap_or(app.type_id.clone()),
        number: app.number.clone().unwrap_or_default(),
        stage: stage_label(app.stage, &t),
        stage_class: super::stage_class(app.stage),
        next: super::stage_next(app.stage, &t),
        submitted: app.submitted_at.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        steps,
        events,
        files,
        can_withdraw: next(app.stage, Action::Withdraw).is_some() && !moved,
        processing: waiting_sentence(st, &t, app, now),
        moved,
        has_receipt: st.app.payment(&file).await?.declaration_name.is_some(),
    };
    render(StatusCode::OK, &page)
}

fn step_row(s: Step, state: StepState, t: &Tr) -> StepRow {
    StepRow {
        name: t.get(&format!("step-{}", s.as_str().replace('_', "-"))),
        state: t.get(&format!("step-state-{}", state.as_str().replace('_', "-"))),
        state_class: match state {
            StepState::Done => "tag-done",
            StepState::WaitingOnYou => "tag-todo",
            _ => "",
        },
    }
}

fn request_row(id: Uuid, r: &RequestRecord, t: &Tr, now: chrono::DateTime<chrono::Utc>) -> RequestRow {
    RequestRow {
        href: format!("/applications/{id}/requests/{}", r.id),
        deadline: r.deadline.format("%Y-%m-%d").to_string(),
        status: t.get(&format!("request-status-{}", r.status)),
        overdue: r.status == "open" && r.deadline < now,
    }
}

#[derive(Template)]
#[template(path = "withdraw.html")]
struct WithdrawPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    name: String,
    number: String,
}

fn withdraw_page(
    st: &AppState,
    ctx: &Ctx,
    app: &Application,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let name = st.app.catalog.get(&app.type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or_default();
    let page = WithdrawPage {
        l: Layout::new(ctx, st, "withdraw-title"),
        errors,
        notice: String::new(),
        id: app.id,
        name,
        number: app.number.clone().unwrap_or_default(),
    };
    render(status, &page)
}

pub async fn withdraw_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let file = st.app.withdrawable(&ctx.actor()?, id).await?;
    withdraw_page(&st, &ctx, &file.app, Errors::default(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {
    reason: String,
    confirm: String,
}

pub async fn withdraw_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<WithdrawForm>,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    match st.app.withdraw(&actor, id, &f.reason, f.confirm == "yes", st.now()).await {
        Ok(()) => Ok(see_other(&format!("/applications/{id}?m=withdrawn"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let file = st.app.withdrawable(&actor, id).await?;
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            withdraw_page(&st, &ctx, &file.app, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "link.html")]
struct LinkPage {
    l: Layout,
    errors: Errors,
    notice: String,
    number: String,
    uci: String,
    date_of_birth: DateParts,
}

pub async fn link_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.full()?;
    let page = LinkPage {
        l: Layout::new(&ctx, &st, "link-title"),
        errors: Errors::default(),
        notice: String::new(),
        number: String::new(),
        uci: String::new(),
        date_of_birth: DateParts::default(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    number: String,
    uci: String,
    date_of_birth: String,
    #[serde(flatten)]
    boxes: DateBoxes,
}

pub async fn link_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<LinkForm>) -> AppResult<Response> {
    let errors = match st
        .app
        .link_paper_file(&ctx.actor()?, &f.number, &f.uci, &f.boxes.date("date_of_birth", &f.date_of_birth), st.now())
        .await
    {
        Ok(id) => return Ok(see_other(&format!("/applications/{id}?m=linked"), &[])),
        Err(portail_app::Error::Invalid(fields)) => Errors::of(&Tr::new(ctx.lang), &fields),
        Err(e) => return Err(e.into()),
    };
    let page = LinkPage {
        l: Layout::new(&ctx, &st, "link-title"),
        errors,
        notice: String::new(),
        number: f.number.chars().take(20).collect(),
        uci: f.uci.chars().take(20).collect(),
        date_of_birth: f.boxes.shown("date_of_birth", &f.date_of_birth),
    };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusQuery {
    pub m: String,
}

pub fn status_notice(m: &str, t: &Tr) -> String {
    match m {
        "withdrawn" => t.get("status-msg-withdrawn"),
        "linked" => t.get("status-msg-linked"),
        _ => String::new(),
    }
}
