//! Administrators record incidents (`/office/incidents`): start one with its first public update
//! (in both languages), post updates while it lasts, end it (with a last update, or none). The
//! public status page and its feed show them; the deadlines inside an incident move once it ends.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::status::UpdateInput;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::representative::NoticeQuery;
use crate::pages::status::IncidentRow;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "office_incidents.html")]
struct IncidentsPage {
    l: Layout,
    errors: Errors,
    notice: String,
    /// The open incident: its id and how the status page shows it.
    open: Option<(Uuid, IncidentRow)>,
    past: Vec<IncidentRow>,
    form: UpdateForm,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UpdateForm {
    message_en: String,
    message_fr: String,
}

impl UpdateForm {
    fn input(&self) -> UpdateInput<'_> {
        UpdateInput { message_en: &self.message_en, message_fr: &self.message_fr }
    }
}

async fn page(st: &AppState, ctx: &Ctx, errors: Errors, notice: String, form: UpdateForm) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let incidents = st.app.incidents(&ctx.actor()?, st.now()).await?;
    let mut open = None;
    let mut past = vec![];
    for i in &incidents {
        let row = crate::pages::status::incident_row(&t, ctx.lang, i);
        match i.ended_at {
            None => open = Some((i.id, row)),
            Some(_) => past.push(row),
        }
    }
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let l = Layout::new(ctx, st, "incidents-title");
    render(status, &IncidentsPage { l, errors, notice, open, past, form })
}

pub async fn incidents_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<NoticeQuery>) -> AppResult<Response> {
    let notice = q.text(&Tr::new(ctx.lang), "incidents-notice", &["started", "updated", "ended"]);
    page(&st, &ctx, Errors::default(), notice, UpdateForm::default()).await
}

/// Answers an operation's outcome: back to the page with a notice, or the form with its errors.
async fn outcome(
    st: &AppState,
    ctx: &Ctx,
    done: portail_app::Result<()>,
    notice: &str,
    form: &UpdateForm,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    match done {
        Ok(()) => {
            crate::status::check(st).await;
            Ok(crate::pages::see_other(&format!("/office/incidents?m={notice}"), &[]))
        }
        Err(portail_app::Error::Invalid(fields)) => {
            page(st, ctx, Errors::of(&t, &fields), String::new(), form.clone()).await
        }
        Err(portail_app::Error::Conflict(code)) => {
            let errors = Errors::of(&t, &[portail_app::FieldError::new("message_en", code)]);
            page(st, ctx, errors, String::new(), form.clone()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn start_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<UpdateForm>,
) -> AppResult<Response> {
    let done = st.app.start_incident(&ctx.actor()?, &f.input(), st.now()).await.map(|_| ());
    outcome(&st, &ctx, done, "started", &f).await
}

pub async fn update_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<UpdateForm>,
) -> AppResult<Response> {
    let done = st.app.post_incident_update(&ctx.actor()?, id, &f.input(), st.now()).await;
    outcome(&st, &ctx, done, "updated", &f).await
}

pub async fn end_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<UpdateForm>) -> AppResult<Response> {
    let done = st.app.end_incident(&ctx.actor()?, &f.input(), st.now()).await;
    outcome(&st, &ctx, done, "ended", &f).await
}
