//! Administrators schedule maintenance windows (`/office/maintenance`): the list of the latest
//! windows with their state, the form (UTC times, parts, a message in each language, whether
//! sign-in closes too), and ending a running window or cancelling one to come.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDateTime, Utc};
use portail_app::maintenance::WindowInput;
use portail_domain::maintenance::{Part, Parts};
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::maintenance::local_time;
use crate::pages::representative::NoticeQuery;
use crate::state::AppState;
use portail_i18n::Tr;

pub struct WindowRow {
    pub id: Uuid,
    pub when: String,
    pub parts: String,
    pub message: String,
    pub state: String,
    /// Running or to come: it can be ended (or cancelled).
    pub endable: bool,
}

#[derive(Template)]
#[template(path = "office_maintenance.html")]
struct MaintenancePage {
    l: Layout,
    intro: String,
    errors: Errors,
    notice: String,
    windows: Vec<WindowRow>,
    form: WindowForm,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct WindowForm {
    starts_at: String,
    ends_at: String,
    part_account: String,
    part_pr: String,
    part_office: String,
    part_api: String,
    message_en: String,
    message_fr: String,
    sign_in_closed: String,
    /// "now": the window starts at once (an unplanned interruption).
    start_now: String,
}

impl WindowForm {
    fn parts(&self) -> Parts {
        let chosen = [
            (&self.part_account, Part::Account),
            (&self.part_pr, Part::Pr),
            (&self.part_office, Part::Office),
            (&self.part_api, Part::Api),
        ];
        Parts::of(&chosen.iter().filter(|(v, _)| !v.is_empty()).map(|(_, p)| *p).collect::<Vec<_>>())
    }
}

/// A `datetime-local` value read as UTC.
fn utc(value: &str) -> Option<DateTime<Utc>> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .map(|n| n.and_utc())
}

async fn page(st: &AppState, ctx: &Ctx, errors: Errors, notice: String, form: WindowForm) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let now = st.now();
    let windows = st
        .app
        .maintenance_windows(&ctx.actor()?)
        .await?
        .into_iter()
        .map(|r| {
            let w = r.window;
            let state = if r.cancelled_at.is_some() {
                "cancelled"
            } else if w.ends_at <= now {
                "over"
            } else if w.starts_at <= now {
                "running"
            } else {
                "ahead"
            };
            let args = [("start", local_time(ctx.lang, w.starts_at)), ("end", local_time(ctx.lang, w.ends_at))];
            WindowRow {
                id: w.id,
                when: t.with("maintenance-when", &args),
                parts: w
                    .parts
                    .iter()
                    .map(|p| t.get(&format!("maintenance-part-{}", p.as_str())))
                    .collect::<Vec<_>>()
                    .join(", "),
                message: if ctx.lang == portail_domain::language::Lang::Fr { w.message_fr } else { w.message_en },
                endable: matches!(state, "running" | "ahead"),
                state: t.get(&format!("maintenance-state-{state}")),
            }
        })
        .collect();
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let hours = st.app.settings.maintenance_lead.num_hours().to_string();
    let intro = t.with("maintenance-intro", &[("hours", hours)]);
    let l = Layout::new(ctx, st, "maintenance-title");
    render(status, &MaintenancePage { l, intro, errors, notice, windows, form })
}

pub async fn maintenance_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = q.text(&Tr::new(ctx.lang), "maintenance-notice", &["scheduled", "ended"]);
    page(&st, &ctx, Errors::default(), notice, WindowForm::default()).await
}

pub async fn maintenance_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<WindowForm>,
) -> AppResult<Response> {
    let now = st.now();
    let input = WindowInput {
        starts_at: if f.start_now.is_empty() { utc(&f.starts_at) } else { Some(now) },
        ends_at: utc(&f.ends_at),
        parts: f.parts(),
        message_en: &f.message_en,
        message_fr: &f.message_fr,
        sign_in_closed: !f.sign_in_closed.is_empty(),
    };
    match st.app.schedule_window(&ctx.actor()?, &input, now).await {
        Ok(_) => Ok(crate::pages::see_other("/office/maintenance?m=scheduled", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            page(&st, &ctx, Errors::of(&Tr::new(ctx.lang), &fields), String::new(), f.clone()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn end_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<crate::pages::sign_in::Empty>,
) -> AppResult<Response> {
    st.app.end_window(&ctx.actor()?, id, st.now()).await?;
    Ok(crate::pages::see_other("/office/maintenance?m=ended", &[]))
}
