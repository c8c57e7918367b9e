//! A submitted file as its owner follows it: stage, steps, dated timeline, documents, receipt;
//! asking to withdraw; linking a file made on paper.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use portail_domain::application::status::{Action, next};
use portail_domain::application::{ApplicationNumber, parse_uci};
use portail_domain::throttle::ThrottleRule;
use portail_store::applications::Application;
use serde::Deserialize;
use uuid::Uuid;

use super::stage_label;
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::mail;
use crate::pages::{enforce_wait, record_failures, see_other};
use crate::state::AppState;

/// Linking: five wrong tries lock it for 24 hours.
pub const LINKING: ThrottleRule = ThrottleRule {
    free_failures: 4,
    base_delay_secs: 86_400,
    max_delay_secs: 86_400,
    forget_after: chrono::Duration::hours(24),
};

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
}

pub async fn status_page(st: &AppState, ctx: &Ctx, app: Application, notice: String) -> AppResult<Response> {
    let moved = st.store.application_portal(app.id).await?.as_deref() == Some("pr");
    let who = ctx.full()?;
    let (actor, target) = (format!("applicant:{}", who.account.username), app.id.to_string());
    let entry = portail_store::audit::AuditEntry { actor: &actor, action: "file_viewed", target: &target, detail: "" };
    st.store.audit(&entry, st.clock.now()).await?;
    let t = Tr::new(ctx.lang);
    let id = app.id;
    let steps = st
        .store
        .steps_of(who.account.id, id)
        .await?
        .into_iter()
        .map(|(s, state, _)| StepRow {
            name: t.get(&format!("step-{}", s.as_str().replace('_', "-"))),
            state: t.get(&format!("step-state-{}", state.as_str().replace('_', "-"))),
            state_class: match state.as_str() {
                "done" => "tag-done",
                "waiting_on_you" => "tag-todo",
                _ => "",
            },
        })
        .collect();
    let events = st
        .store
        .events_of(who.account.id, id)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: e.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            text: t.get(&format!("event-{}", e.kind.replace('_', "-"))),
        })
        .collect();
    let files = st
        .store
        .documents_of(who.account.id, id)
        .await?
        .into_iter()
        .map(|d| FileRow { href: format!("/applications/{id}/files/{}", d.id), name: d.file_name })
        .collect();
    let now = st.clock.now();
    let requests = st
        .store
        .requests_of(id)
        .await?
        .into_iter()
        .map(|r| RequestRow {
            href: format!("/applications/{id}/requests/{}", r.id),
            deadline: r.deadline.format("%Y-%m-%d").to_string(),
            status: t.get(&format!("request-status-{}", r.status)),
            overdue: r.status == "open" && r.deadline < now,
        })
        .collect();
    let page = StatusPage {
        uci: who.account.uci.as_deref().map(portail_domain::application::format_uci).unwrap_or_default(),
        requests,
        l: Layout::new(ctx, st, "status-title"),
        notice,
        id,
        name: st
            .catalog
            .get(&app.type_id)
            .map(|ty| ty.name.get(ctx.lang).to_owned())
            .unwrap_or_else(|| app.type_id.clone()),
        number: app.number.clone().unwrap_or_default(),
        stage: stage_label(app.stage, &t),
        submitted: app.submitted_at.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        steps,
        events,
        files,
        can_withdraw: next(app.stage, Action::Withdraw).is_some() && !moved,
        moved,
        has_receipt: st.store.payment(who.account.id, id).await?.is_some_and(|p| p.declaration_name.is_some()),
    };
    render(StatusCode::OK, &page)
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

async fn withdrawable(st: &AppState, ctx: &Ctx, id: Uuid) -> AppResult<Application> {
    let who = ctx.full()?;
    let app = st.store.application(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    // A file managed in the PR portal is read-only here.
    let moved = st.store.application_portal(id).await?.as_deref() == Some("pr");
    if next(app.stage, Action::Withdraw).is_none() || moved {
        return Err(AppError::NotFound);
    }
    Ok(app)
}

pub async fn withdraw_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let app = withdrawable(&st, &ctx, id).await?;
    let name = st.catalog.get(&app.type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or_default();
    let page = WithdrawPage {
        l: Layout::new(&ctx, &st, "withdraw-title"),
        errors: Errors::default(),
        notice: String::new(),
        id,
        name,
        number: app.number.unwrap_or_default(),
    };
    render(StatusCode::OK, &page)
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
    let app = withdrawable(&st, &ctx, id).await?;
    let who = ctx.full()?;
    if f.confirm != "yes" || f.reason.chars().count() > 1000 {
        let mut errors = Errors::default();
        errors.add(&Tr::new(ctx.lang), "confirm", "withdraw-not-confirmed");
        let name = st.catalog.get(&app.type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or_default();
        let page = WithdrawPage {
            l: Layout::new(&ctx, &st, "withdraw-title"),
            errors,
            notice: String::new(),
            id,
            name,
            number: app.number.unwrap_or_default(),
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let url = format!("{}/applications/{id}", st.config.public_url);
    let mail = mail::withdrawn(&who.account.email, who.account.lang, &url);
    let actor = format!("applicant:{}", who.account.username);
    if !st.store.withdraw(who.account.id, id, f.reason.trim(), &mail, &actor, st.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    st.mail_wakeup.notify_one();
    tracing::info!(event = "application_withdrawn", "application withdrawn");
    Ok(see_other(&format!("/applications/{id}?m=withdrawn"), &[]))
}

#[derive(Template)]
#[template(path = "link.html")]
struct LinkPage {
    l: Layout,
    errors: Errors,
    notice: String,
    number: String,
    uci: String,
    date_of_birth: String,
}

pub async fn link_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.full()?;
    let page = LinkPage {
        l: Layout::new(&ctx, &st, "link-title"),
        errors: Errors::default(),
        notice: String::new(),
        number: String::new(),
        uci: String::new(),
        date_of_birth: String::new(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    number: String,
    uci: String,
    date_of_birth: String,
}

pub async fn link_post(State(st): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<LinkForm>) -> AppResult<Response> {
    let who = ctx.full()?;
    let now = st.clock.now();
    let key = format!("link:{}", who.account.id.0);
    enforce_wait(&st, &[(&key, &LINKING)], now).await?;
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    let number = ApplicationNumber::parse(&f.number);
    if number.is_none() {
        errors.add(&t, "number", "link-number-invalid");
    }
    let uci = parse_uci(&f.uci);
    if uci.is_none() {
        errors.add(&t, "uci", "link-uci-invalid");
    }
    let birth = NaiveDate::parse_from_str(f.date_of_birth.trim(), "%Y-%m-%d").ok();
    if birth.is_none() {
        errors.add(&t, "date_of_birth", "answer-date-invalid");
    }
    if let (Some(n), Some(u), Some(b), false) = (&number, &uci, birth, errors.any()) {
        if let Some(id) = st.store.link_paper_file(who.account.id, n.as_str(), u, b, now).await? {
            tracing::info!(event = "application_linked", "paper application linked");
            return Ok(see_other(&format!("/applications/{id}?m=linked"), &[]));
        }
        record_failures(&st, &[(&key, &LINKING)], now).await?;
        let used = st.store.failures(&key).await?.map(|f| f.count).unwrap_or(1);
        tracing::info!(event = "link_failed", "no file matched");
        let left = (LINKING.free_failures + 1 - used).max(0);
        errors.add_raw("number".into(), t.with("link-no-match", &[("left", left.to_string())]));
    }
    let page = LinkPage {
        l: Layout::new(&ctx, &st, "link-title"),
        errors,
        notice: String::new(),
        number: f.number.chars().take(20).collect(),
        uci: f.uci.chars().take(20).collect(),
        date_of_birth: f.date_of_birth.chars().take(10).collect(),
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
