//! An officer's view of a file's PR-portal side: its invite code (move the file by hand, send a
//! new code, revoke), the PR confirmation tasks to review (accept, or send back with a reason),
//! the photo (after a recent sign-in, like every document), the eCOPR and the PR card.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_documents::WrappedKey;
use portail_domain::language::Lang;
use portail_domain::pr::{TaskState, ecopr_ready};
use portail_store::NewMail;
use portail_store::audit::AuditEntry;
use portail_store::invites::NewInvite;
use portail_store::pr_confirm::{NewEcopr, PrConfirmation, Review, Task};
use serde::Deserialize;
use uuid::Uuid;

use super::{actor, audit_read, not_found, principal_name};
use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::letters::LetterValues;
use crate::pages::see_other;
use crate::state::AppState;

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
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let portal = st.store.application_portal(id).await?.unwrap_or_default();
    let invite = match st.store.open_invite(id).await? {
        Some(i) => t.with(
            "office-pr-code-open",
            &[
                ("sent", i.created_at.format("%Y-%m-%d").to_string()),
                ("expires", i.expires_at.format("%Y-%m-%d").to_string()),
            ],
        ),
        None => t.get("office-pr-code-none"),
    };
    let redeemed = !st.store.pr_accounts_of(id).await?.is_empty();
    let c = st.store.pr_confirmation(id, st.clock.now()).await?;
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
    let tasks = vec![
        (
            "presence",
            t.get("pr-task-presence"),
            format!("{presence} — {}", state_label(&t, c.presence_state)),
            c.presence_state == TaskState::Submitted,
        ),
        (
            "address",
            t.get("pr-task-address"),
            format!("{address} — {}", state_label(&t, c.address_state)),
            c.address_state == TaskState::Submitted,
        ),
        (
            "photo",
            t.get("pr-task-photo"),
            format!("{photo} — {}", state_label(&t, c.photo_state)),
            c.photo_state == TaskState::Submitted,
        ),
    ];
    audit_read(st, ctx, "pr_confirmation_viewed", id, "").await?;
    let page = PrPage {
        l: Layout::new(ctx, st, "office-pr-title"),
        errors,
        notice,
        id,
        number: app.number.clone().unwrap_or_default(),
        in_pr_portal: portal == "pr",
        invite,
        redeemed,
        can_issue: ecopr_ready(c.tasks()) && c.ecopr_letter.is_none(),
        ecopr_href: c.ecopr_letter.map(|l| format!("/office/files/{id}/letters/{l}")).unwrap_or_default(),
        c,
        tasks,
    };
    render(status, &page)
}

/// The page again, with one message on `field`.
async fn refuse(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    field: &str,
    code: &str,
    status: StatusCode,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    errors.add(&Tr::new(ctx.lang), field, code);
    page(st, ctx, id, errors, String::new(), status).await
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

/// Moves the file to the PR portal by hand, or sends its owner a new code (the old one stops).
pub async fn invite_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let now = st.clock.now();
    let first = st.store.application_portal(id).await?.as_deref() != Some("pr");
    let expires_at = crate::waves::expiry(&st, now);
    let issued =
        crate::waves::new_invite(&st, &owner.email, owner.lang, app.number.as_deref().unwrap_or(""), expires_at);
    let new = NewInvite {
        application_id: id,
        issued_to: owner.id.0,
        code_hash: &issued.hash,
        expires_at,
        mail: &issued.mail,
        event: if first { "moved_to_pr_portal" } else { "invite_reissued" },
    };
    st.store.issue_invite(&new, now).await?;
    let (who, target) = (actor(&ctx)?, id.to_string());
    st.store.audit(&AuditEntry { actor: &who, action: "invite_issued", target: &target, detail: "" }, now).await?;
    st.mail_wakeup.notify_one();
    Ok(see_other(&format!("/office/files/{id}/pr?m=code-sent"), &[]))
}

pub async fn revoke_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.store.file(id).await?.ok_or_else(not_found)?;
    let now = st.clock.now();
    if st.store.revoke_invite(id, now).await? {
        let (who, target) = (actor(&ctx)?, id.to_string());
        st.store.audit(&AuditEntry { actor: &who, action: "invite_revoked", target: &target, detail: "" }, now).await?;
    }
    Ok(see_other(&format!("/office/files/{id}/pr?m=revoked"), &[]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
    note: String,
}

/// Mails every account managing the file in the PR portal (no personal data in the mail).
async fn mails_to_pr_accounts(
    st: &AppState,
    id: Uuid,
    make: impl Fn(&str, Lang, &str) -> NewMail,
) -> AppResult<Vec<NewMail>> {
    let url = format!("{}/pr/files/{id}", st.config.public_url.trim_end_matches('/'));
    Ok(st
        .store
        .pr_accounts_of(id)
        .await?
        .into_iter()
        .map(|(email, lang)| make(&email, Lang::parse(&lang).unwrap_or_default(), &url))
        .collect())
}

pub async fn review_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, task)): Path<(Uuid, String)>,
    CsrfForm(f): CsrfForm<ReviewForm>,
) -> AppResult<Response> {
    st.store.file(id).await?.ok_or_else(not_found)?;
    let task = Task::parse(&task).ok_or_else(not_found)?;
    let accept = match f.decision.as_str() {
        "accept" => true,
        "return" => false,
        _ => {
            return refuse(
                &st,
                &ctx,
                id,
                &format!("decision-{}", task.as_str()),
                "office-pr-choose",
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let note = f.note.trim();
    if !accept && (note.is_empty() || note.chars().count() > 1000) {
        return refuse(
            &st,
            &ctx,
            id,
            &format!("note-{}", task.as_str()),
            "office-pr-reason",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mails = if accept { vec![] } else { mails_to_pr_accounts(&st, id, crate::mail::pr_task_returned).await? };
    let (who, target) = (actor(&ctx)?, id.to_string());
    let action = format!("pr_{}_{}", task.as_str(), if accept { "accepted" } else { "returned" });
    let audit = AuditEntry { actor: &who, action: &action, target: &target, detail: note };
    let now = st.clock.now();
    let review = Review { task, accept, note: if accept { "" } else { note }, mails: &mails, audit: &audit };
    if !st.store.review_pr_task(id, &review, now).await? {
        return refuse(
            &st,
            &ctx,
            id,
            &format!("decision-{}", task.as_str()),
            "office-pr-not-waiting",
            StatusCode::CONFLICT,
        )
        .await;
    }
    st.mail_wakeup.notify_one();
    Ok(see_other(&format!("/office/files/{id}/pr?m=reviewed"), &[]))
}

/// Issues the eCOPR: a letter in the owner's language with the confirmed details.
pub async fn ecopr_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let now = st.clock.now();
    let c = st.store.pr_confirmation(id, now).await?;
    let mut details = vec![
        ("ecopr-born".to_owned(), app.answers.get("personal.date_of_birth").cloned().unwrap_or_default()),
        (
            "ecopr-uci".to_owned(),
            owner.uci.clone().map(|u| portail_domain::application::format_uci(&u)).unwrap_or_default(),
        ),
    ];
    if let Some(d) = &c.entered_on {
        details.push(("ecopr-entered".to_owned(), d.clone()));
    }
    details
        .push(("ecopr-address".to_owned(), format!("{}, {} {} {}", c.address_line, c.city, c.province, c.postal_code)));
    let values = LetterValues {
        lang: owner.lang,
        number: app.number.clone().unwrap_or_default(),
        type_id: app.type_id.clone(),
        name: principal_name(&app.answers),
        reasons: String::new(),
        items: vec![],
        deadline: String::new(),
        details,
    };
    if let Err(code) = crate::pages::letters::check("ecopr", &values) {
        return refuse(&st, &ctx, id, "ecopr", code, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let params = serde_json::to_string(&values)?;
    let mails = mails_to_pr_accounts(&st, id, crate::mail::ecopr_issued).await?;
    let (who, target) = (actor(&ctx)?, id.to_string());
    let e = NewEcopr {
        letter_params: &params,
        mails: &mails,
        audit: AuditEntry { actor: &who, action: "ecopr_issued", target: &target, detail: "" },
    };
    if !st.store.issue_ecopr(id, &e, now).await? {
        return refuse(&st, &ctx, id, "ecopr", "office-pr-not-ready", StatusCode::CONFLICT).await;
    }
    st.mail_wakeup.notify_one();
    Ok(see_other(&format!("/office/files/{id}/pr?m=ecopr"), &[]))
}

pub async fn card_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    st.store.file(id).await?.ok_or_else(not_found)?;
    let (who, target) = (actor(&ctx)?, id.to_string());
    let audit = AuditEntry { actor: &who, action: "pr_card_mailed", target: &target, detail: "" };
    if !st.store.mark_card_mailed(id, &audit, st.clock.now()).await? {
        return refuse(&st, &ctx, id, "card", "office-pr-card-not-ready", StatusCode::CONFLICT).await;
    }
    Ok(see_other(&format!("/office/files/{id}/pr?m=card"), &[]))
}

/// The PR photo, inline, after a sign-in of the last 15 minutes (as every document).
pub async fn photo_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let who = ctx.full()?;
    if st.clock.now() - who.session.authenticated_at > chrono::Duration::minutes(15) {
        let back = format!("/office/files/{id}/pr/photo");
        return Ok(see_other(&format!("/account/reauth?next={}", urlencoding::encode(&back)), &[]));
    }
    let p = st.store.pr_photo(id).await?.ok_or_else(not_found)?;
    audit_read(&st, &ctx, "pr_photo_viewed", id, &p.photo_sha256).await?;
    let wrapped = WrappedKey { master_id: p.photo_master_id.clone(), sealed: p.photo_wrapped_key.clone() };
    let stream = st.documents.open(&p.photo_object, &wrapped).await?;
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'"));
    Ok(res)
}
