//! An officer's view of a file's PR-portal side: its invite code (move the file by hand, send a
//! new code, revoke), the PR confirmation tasks to review (accept, or send back with a reason),
//! the photo (after a recent sign-in, like every document), the eCOPR and the PR card.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_app::model::PrConfirmation;
use portail_domain::policy::Portal;
use portail_domain::pr::{TaskState, ecopr_ready};
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;
use portail_i18n::Tr;

#[derive(Template)]
#[template(path = "office_pr.html")]
struct PrPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    number: String,
    in_pr_portal: bool,
    invite: String,
    redeemed: bool,
    c: PrConfirmation,
    tasks: Vec<(&'static str, String, String, bool)>,
    can_issue: bool,
    ecopr_href: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    m: String,
}

fn state_label(t: &Tr, s: TaskState) -> String {
    t.get(match s {
        TaskState::Todo => "pr-task-todo",
        TaskState::Submitted => "pr-task-submitted",
        TaskState::Accepted => "pr-task-accepted",
        TaskState::Returned => "pr-task-returned",
    })
}

async fn page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: Errors,
    notice: String,
    status: StatusCode,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let now = st.now();
    let side = st.app.office_pr_side(&ctx.actor()?, id, now).await?;
    // A file that cannot move there (a visa, a permit, a refused file) has no PR page, unless
    // it was moved before.
    if !st.app.can_move_to_pr(&side.file.app) && side.invite.is_none() && !side.redeemed {
        return Err(crate::error::AppError::NotFound);
    }
    let invite = match &side.invite {
        Some(i) => t.with(
            "office-pr-code-open",
            &[
                ("sent", i.created_at.format("%Y-%m-%d").to_string()),
                ("expires", i.expires_at.format("%Y-%m-%d").to_string()),
            ],
        ),
        None => t.get("office-pr-code-none"),
    };
    let c = side.confirmation;
    let tasks = task_rows(&t, &c);
    let page = PrPage {
        l: Layout::new(ctx, st, "office-pr-title"),
        errors,
        notice,
        id,
        number: side.file.app.number.clone().unwrap_or_default(),
        in_pr_portal: side.file.facts.portal == Portal::Pr,
        invite,
        redeemed: side.redeemed,
        can_issue: ecopr_ready(c.tasks()) && c.ecopr_letter.is_none(),
        ecopr_href: c.ecopr_letter.map(|l| format!("/office/files/{id}/letters/{l}")).unwrap_or_default(),
        c,
        tasks,
    };
    render(status, &page)
}

/// The three tasks as the review table shows them: key, name, what was given, awaiting review.
fn task_rows(t: &Tr, c: &PrConfirmation) -> Vec<(&'static str, String, String, bool)> {
    let presence = match (c.presence.as_deref(), c.entered_on.as_deref()) {
        (Some("in_canada"), Some(d)) => t.with("office-pr-presence-in", &[("date", d.to_owned())]),
        (Some("outside"), _) => t.get("pr-presence-out"),
        _ => "—".to_owned(),
    };
    let address = if c.postal_code.is_empty() {
        "—".to_owned()
    } else {
        format!("{}, {} {} {}", c.address_line, c.city, c.province, c.postal_code)
    };
    let photo = c.photo_size.map(|_| t.get("office-pr-photo-view")).unwrap_or_else(|| "—".to_owned());
    vec![
        (
            "presence",
            t.get("pr-task-presence"),
            format!("{presence} — {}", state_label(t, c.presence_state)),
            c.presence_state == TaskState::Submitted,
        ),
        (
            "address",
            t.get("pr-task-address"),
            format!("{address} — {}", state_label(t, c.address_state)),
            c.address_state == TaskState::Submitted,
        ),
        (
            "photo",
            t.get("pr-task-photo"),
            format!("{photo} — {}", state_label(t, c.photo_state)),
            c.photo_state == TaskState::Submitted,
        ),
    ]
}

pub async fn pr_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let notice = match q.m.as_str() {
        "code-sent" => t.get("office-pr-msg-code-sent"),
        "revoked" => t.get("office-pr-msg-revoked"),
        "reviewed" => t.get("office-pr-msg-reviewed"),
        "ecopr" => t.get("office-pr-msg-ecopr"),
        "card" => t.get("office-pr-msg-card"),
        _ => String::new(),
    };
    page(&st, &ctx, id, Errors::default(), notice, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct Empty {}

/// Back to the PR page with a notice, or the page with the refusal.
async fn done(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    notice: &str,
    outcome: portail_app::Result<()>,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let (errors, status) = match outcome {
        Ok(()) => return Ok(see_other(&format!("/office/files/{id}/pr?m={notice}"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let status = if fields.iter().any(|f| f.code == "office-pr-not-waiting") {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (Errors::of(&t, &fields), status)
        }
        Err(portail_app::Error::Conflict(code)) => {
            let field = if code == "office-pr-card-not-ready" { "card" } else { "ecopr" };
            (Errors::one(&t, field, code), StatusCode::CONFLICT)
        }
        Err(e) => return Err(e.into()),
    };
    page(st, ctx, id, errors, String::new(), status).await
}

/// Moves the file to the PR portal by hand, or sends its owner a new code (the old one stops).
pub async fn invite_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome = st.app.office_invite(&ctx.actor()?, id, st.now()).await;
    done(&st, &ctx, id, "code-sent", outcome).await
}

pub async fn revoke_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome = st.app.revoke_invite(&ctx.actor()?, id, st.now()).await;
    done(&st, &ctx, id, "revoked", outcome).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
    note: String,
}

pub async fn review_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, task)): Path<(Uuid, String)>,
    CsrfForm(f): CsrfForm<ReviewForm>,
) -> AppResult<Response> {
    let outcome = st.app.review_task(&ctx.actor()?, id, &task, &f.decision, &f.note, st.now()).await;
    done(&st, &ctx, id, "reviewed", outcome).await
}

/// Issues the eCOPR: a letter in the owner's language with the confirmed details.
pub async fn ecopr_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome = st.app.issue_ecopr(&ctx.actor()?, id, st.now()).await;
    done(&st, &ctx, id, "ecopr", outcome).await
}

pub async fn card_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome = st.app.card_mailed(&ctx.actor()?, id, st.now()).await;
    done(&st, &ctx, id, "card", outcome).await
}

/// The PR photo, inline, after a sign-in of the last 15 minutes (as every document).
pub async fn photo_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let stream = match st.app.office_photo(&ctx.actor()?, id, st.now()).await {
        Ok(s) => s,
        Err(portail_app::Error::ReauthRequired) => {
            return Ok(super::actions::reauth(&format!("/office/files/{id}/pr/photo")));
        }
        Err(e) => return Err(e.into()),
    };
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'"));
    Ok(res)
}
