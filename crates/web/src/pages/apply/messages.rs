//! Writing to the agency about a file, and reading its replies in the same thread.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::application::Stage;
use portail_store::audit::AuditEntry;
use portail_store::messages::NewMessage;
use uuid::Uuid;

use super::documents::{Refusal, record, store_field};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;

pub struct MessageView {
    /// The attachment's download link and name, if any.
    pub attachment: Option<(String, String)>,
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
    let docs = st.store.documents_of(who.account.id, id).await?;
    let messages = st
        .store
        .messages_of(id)
        .await?
        .into_iter()
        .map(|m| MessageView {
            attachment: docs
                .iter()
                .find(|d| d.item_key == format!("message:{}", m.id))
                .map(|d| (format!("/applications/{id}/files/{}", d.id), d.file_name.clone())),
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

/// Reads a text field, at most `max` bytes; `None` when it is longer or not text.
async fn read_text(mut field: axum::extract::multipart::Field<'_>, max: usize) -> Option<String> {
    let mut bytes = Vec::new();
    while let Ok(Some(chunk)) = field.chunk().await {
        if bytes.len() + chunk.len() > max {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

/// A message with an optional attachment: a multipart form whose CSRF token comes first.
pub async fn thread_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    mut form: Multipart,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let app = st.store.application(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    if app.stage == Stage::Draft {
        return Err(AppError::NotFound);
    }
    let csrf = match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("csrf") => read_text(f, 200).await.unwrap_or_default(),
        _ => String::new(),
    };
    if !crate::csrf::verify(&st.key[..], &ctx.csrf_cookie, &csrf) {
        return Err(AppError::CsrfFailed);
    }
    let t = Tr::new(ctx.lang);
    let (mut subject, mut body, mut attachment) = (String::new(), String::new(), None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(AppError::BadRequest("upload-cut")),
        };
        match field.name() {
            Some("subject") => subject = read_text(field, 2_000).await.unwrap_or_else(|| "x".repeat(151)),
            Some("body") => body = read_text(field, 40_000).await.unwrap_or_default(),
            Some("file") if field.file_name().is_some_and(|n| !n.is_empty()) => match store_field(&st, field).await? {
                Ok(r) => attachment = Some(r),
                Err(Refusal(code, status)) => {
                    let mut errors = Errors::default();
                    errors.add_raw(
                        "file".into(),
                        t.with(
                            code,
                            &[
                                ("mib", st.config.max_file_mib.to_string()),
                                ("total", st.config.max_application_mib.to_string()),
                            ],
                        ),
                    );
                    return thread(&st, &ctx, id, errors, String::new(), (&subject, &body), status).await;
                }
            },
            _ => {}
        }
    }
    let errors = check_message(&subject, &body, &t);
    if errors.any() {
        if let Some(r) = attachment {
            st.documents.delete(&r.stored.object_key).await?;
        }
        return thread(&st, &ctx, id, errors, String::new(), (&subject, &body), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (actor, target) = (format!("applicant:{}", who.account.username), id.to_string());
    let m = NewMessage {
        from_staff: false,
        author: &who.account.username,
        subject: subject.trim(),
        body: body.trim(),
        mail: None,
        audit: AuditEntry { actor: &actor, action: "message_sent", target: &target, detail: "" },
    };
    let message = st.store.add_message(id, &m, st.clock.now()).await?;
    if let Some(r) = attachment
        && let Err(Refusal(code, status)) = record(&st, &ctx, id, &format!("message:{message}"), &r).await?
    {
        let mut errors = Errors::default();
        errors.add(&t, "file", code);
        return thread(&st, &ctx, id, errors, String::new(), ("", ""), status).await;
    }
    Ok(see_other(&format!("/applications/{id}/messages?m=sent"), &[]))
}
