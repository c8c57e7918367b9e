//! Writing to the agency about a file, and reading its replies in the same thread.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::application::Stage;
use portail_store::audit::AuditEntry;
use portail_store::messages::NewMessage;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;

pub struct MessageView {
    pub from_staff: bool,
    pub author: String,
    pub at: String,
    pub subject: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct ThreadPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    number: String,
    messages: Vec<MessageView>,
    subject: String,
    body: String,
}

/// Checks a message's subject and text; returns the errors to show.
pub fn check_message(subject: &str, body: &str, t: &Tr) -> Errors {
    let mut errors = Errors::default();
    if subject.trim().is_empty() || subject.chars().count() > 150 || subject.chars().any(char::is_control) {
        errors.add(t, "subject", "message-subject-invalid");
    }
    if body.trim().is_empty() || body.chars().count() > 5000 {
        errors.add(t, "body", "message-body-invalid");
    }
    errors
}

/// The thread page; `typed` is the (subject, text) to show again after an error.
async fn thread(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: Errors,
    notice: String,
    typed: (&str, &str),
    status: StatusCode,
) -> AppResult<Response> {
    let (subject, body) = typed;
    let who = ctx.full()?;
    let app = st.store.application(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    if app.stage == Stage::Draft {
        return Err(AppError::NotFound);
    }
    let t = Tr::new(ctx.lang);
    let messages = st
        .store
        .messages_of(id)
        .await?
        .into_iter()
        .map(|m| MessageView {
            author: if m.from_staff { t.get("message-from-agency") } else { t.get("history-you") },
            from_staff: m.from_staff,
            at: m.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            subject: m.subject,
            body: m.body,
        })
        .collect();
    st.store.mark_thread_read(who.account.id, id, st.clock.now()).await?;
    let page = ThreadPage {
        l: Layout::new(ctx, st, "messages-title"),
        errors,
        notice,
        id,
        number: app.number.unwrap_or_default(),
        messages,
        subject: subject.chars().take(150).collect(),
        body: body.chars().take(5000).collect(),
    };
    render(status, &page)
}

pub async fn thread_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    axum::extract::Query(q): axum::extract::Query<super::status::StatusQuery>,
) -> AppResult<Response> {
    let notice = if q.m == "sent" { Tr::new(ctx.lang).get("message-sent") } else { String::new() };
    thread(&st, &ctx, id, Errors::default(), notice, ("", ""), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageForm {
    subject: String,
    body: String,
}

pub async fn thread_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<MessageForm>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let app = st.store.application(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    if app.stage == Stage::Draft {
        return Err(AppError::NotFound);
    }
    let errors = check_message(&f.subject, &f.body, &Tr::new(ctx.lang));
    if errors.any() {
        return thread(&st, &ctx, id, errors, String::new(), (&f.subject, &f.body), StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let (actor, target) = (format!("applicant:{}", who.account.username), id.to_string());
    let m = NewMessage {
        from_staff: false,
        author: &who.account.username,
        subject: f.subject.trim(),
        body: f.body.trim(),
        mail: None,
        audit: AuditEntry { actor: &actor, action: "message_sent", target: &target, detail: "" },
    };
    st.store.add_message(id, &m, st.clock.now()).await?;
    Ok(see_other(&format!("/applications/{id}/messages?m=sent"), &[]))
}
