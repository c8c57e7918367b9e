//! Writing to the agency about a file, and reading its replies in the same thread.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::messages::{MAX_BODY, MAX_SUBJECT, MessageInput};
use portail_app::uploads::Received;
use portail_i18n::Tr;
use uuid::Uuid;

use super::documents::{Refusal, cut_or_too_large, multipart_csrf, read_text, refusal_errors, store_field};
use crate::context::Ctx;
use crate::error::AppResult;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;

pub struct MessageView {
    /// The anchor the inbox links to (`message-<id>`).
    pub anchor: String,
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
    /// The idempotency key of the message this form sends (a retry sends the same).
    message_key: String,
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
    let th = st.app.thread(&ctx.actor()?, id, st.now()).await?;
    let t = Tr::new(ctx.lang);
    let messages = th
        .messages
        .into_iter()
        .map(|m| MessageView {
            anchor: format!("message-{}", m.id),
            attachment: th
                .documents
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
    let page = ThreadPage {
        l: Layout::new(ctx, st, "messages-title"),
        errors,
        notice,
        id,
        number: th.file.app.number.clone().unwrap_or_default(),
        messages,
        subject: subject.chars().take(MAX_SUBJECT).collect(),
        body: body.chars().take(MAX_BODY).collect(),
        message_key: Uuid::new_v4().to_string(),
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

/// The largest message form: the text fields plus one attachment.
pub fn max_message_body(st: &AppState) -> u64 {
    st.app.max_upload_bytes() + 64 * 1024
}

/// What a message form sends, read from its multipart body (CSRF token first).
struct MessageForm {
    input: MessageInput,
    attachment: Option<Received>,
}

/// Reads the fields of a message form; refuses a field twice, a second file, text that is not
/// UTF-8 or holds NUL, and a body past the total limit.
async fn read_message_form(st: &AppState, ctx: &Ctx, form: &mut Multipart) -> AppResult<Result<MessageForm, Refusal>> {
    multipart_csrf(st, ctx, form).await?;
    let mut input = MessageInput::default();
    let (mut seen, mut attachment): (Vec<String>, Option<Received>) = (vec![], None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Ok(Err(cut_or_too_large(&e))),
        };
        let name = field.name().unwrap_or("").to_owned();
        if seen.contains(&name) {
            drop_received(st, attachment).await;
            let code = if name == "file" { "upload-one-file" } else { "error-form-malformed" };
            return Ok(Err(Refusal(code, StatusCode::UNPROCESSABLE_ENTITY)));
        }
        seen.push(name.clone());
        match name.as_str() {
            "subject" | "body" | "message_key" => {
                let limit = if name == "body" { MAX_BODY * 4 } else { 600 };
                let Some(value) = read_text(field, limit).await.filter(|v| !v.contains('\0')) else {
                    drop_received(st, attachment).await;
                    return Ok(Err(Refusal("error-form-malformed", StatusCode::UNPROCESSABLE_ENTITY)));
                };
                match name.as_str() {
                    "subject" => input.subject = value,
                    "body" => input.body = value,
                    _ => input.key = Uuid::parse_str(value.trim()).ok(),
                }
            }
            "file" => {
                let chose_file = field.file_name().is_some_and(|n| !n.is_empty());
                if !chose_file {
                    continue;
                }
                match store_field(st, field).await? {
                    Ok(r) => attachment = Some(r),
                    Err(refusal) => return Ok(Err(refusal)),
                }
            }
            _ => {}
        }
    }
    Ok(Ok(MessageForm { input, attachment }))
}

async fn drop_received(st: &AppState, r: Option<Received>) {
    if let Some(r) = r {
        let _ = st.app.documents.delete(&r.stored.object_key).await;
    }
}

/// A message with an optional attachment: a multipart form whose CSRF token comes first. The
/// route caps the whole body at [`max_message_body`].
pub async fn thread_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    mut form: Multipart,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    // Known before a byte is read: the file is theirs and open to messages.
    st.app.file(&actor, id, portail_app::FileAction::Follow).await?;
    let t = Tr::new(ctx.lang);
    let f = match read_message_form(&st, &ctx, &mut form).await? {
        Ok(f) => f,
        Err(Refusal(code, status)) => {
            let errors = refusal_errors(&st, &t, "file", code);
            return thread(&st, &ctx, id, errors, String::new(), ("", ""), status).await;
        }
    };
    match st.app.send_message(&actor, id, &f.input, f.attachment, st.now()).await {
        Ok(_) => Ok(see_other(&format!("/applications/{id}/messages?m=sent"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let status = if fields.iter().any(|e| e.code == "upload-application-full") {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let typed = (f.input.subject.as_str(), f.input.body.as_str());
            thread(&st, &ctx, id, Errors::of(&t, &fields), String::new(), typed, status).await
        }
        Err(e) => Err(e.into()),
    }
}
