//! Supporting documents of a draft, one file per checklist item: the item's page, the upload
//! (streamed to a temporary file under a size cap, then checked, cleaned and encrypted by the
//! operations; the row is written last), download and removal.

use askama::Template;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_app::FileAction;
use portail_app::model::DocumentRecord;
use portail_app::uploads::{Received, Slot, TempFile};
use portail_documents::ascii_name;
use portail_domain::application::{ChecklistItem, checklist};
use portail_i18n::Tr;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use super::today;
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

pub struct CurrentFile {
    pub id: Uuid,
    pub name: String,
    pub size: String,
    pub uploaded: String,
    pub sha256: String,
}

#[derive(Template)]
#[template(path = "document_item.html")]
struct ItemPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    item: String,
    label: String,
    help: String,
    person: String,
    required: bool,
    current: Option<CurrentFile>,
    limits: String,
    /// Where to go once this item has its file: the next required item still without one
    /// ("Next document: Photo"), else "Check your answers".
    next: Link,
}

pub struct Link {
    pub href: String,
    pub label: String,
}

/// The next required item after `item` (in checklist order, then from the top) that has no
/// file yet; "Check your answers" when every required item has one.
fn next_document(id: Uuid, items: &[ChecklistItem<'_>], uploaded: &[&str], item: &str, t: &Tr) -> Link {
    let at = items.iter().position(|i| i.key == item).unwrap_or(0);
    let waiting = items
        .iter()
        .skip(at + 1)
        .chain(items.iter().take(at))
        .find(|i| i.required && !uploaded.contains(&i.key.as_str()));
    match waiting {
        Some(i) => Link {
            href: format!("/applications/{id}/documents/{}", urlencoding::encode(&i.key)),
            label: t.with("upload-next", &[("document", i.rule.label.get(t.lang).to_owned())]),
        },
        None => Link { href: format!("/applications/{id}/submit"), label: t.get("upload-all-done") },
    }
}

/// `3.2 MB`, `850 kB`, `12 bytes`.
pub fn human_size(bytes: i64, t: &Tr) -> String {
    match bytes {
        b if b >= 1_000_000 => t.with("size-mb", &[("n", format!("{:.1}", b as f64 / 1_000_000.0))]),
        b if b >= 1_000 => t.with("size-kb", &[("n", format!("{}", b / 1_000))]),
        b => t.with("size-bytes", &[("n", b.to_string())]),
    }
}

async fn item_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    item: &str,
    errors: Errors,
    notice: String,
    status: StatusCode,
) -> AppResult<Response> {
    let d = st.app.draft(&ctx.actor()?, id).await?;
    let (app, lang) = (&d.file.app, ctx.lang);
    let t = Tr::new(lang);
    let items = checklist(d.ty, &app.answers, &app.members, today(st));
    let it = items.iter().find(|i| i.key == item).ok_or(AppError::NotFound)?;
    let person = super::person_name(app, &it.person, &t);
    let docs = st.app.documents(&d.file).await?;
    let uploaded: Vec<&str> = docs.iter().map(|d| d.item_key.as_str()).collect();
    let next = next_document(id, &items, &uploaded, item, &t);
    let current = docs.iter().find(|d| d.item_key == item).cloned().map(|d| CurrentFile {
        id: d.id,
        name: d.file_name,
        size: human_size(d.size, &t),
        uploaded: d.uploaded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        sha256: d.sha256,
    });
    let page = ItemPage {
        l: Layout::new(ctx, st, "document-title"),
        errors,
        notice,
        id,
        item: item.to_owned(),
        label: it.rule.label.get(lang).to_owned(),
        help: it.rule.help.as_ref().map(|h| h.get(lang).to_owned()).unwrap_or_default(),
        person,
        required: it.required,
        current,
        limits: t.with("upload-limits", &[("mib", st.config.max_file_mib.to_string())]),
        next,
    };
    render(status, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageQuery {
    m: String,
}

pub async fn item_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(Uuid, String)>,
    Query(q): Query<MessageQuery>,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let notice = match q.m.as_str() {
        "uploaded" => t.get("upload-done"),
        "removed" => t.get("upload-removed"),
        _ => String::new(),
    };
    item_page(&st, &ctx, id, &item, Errors::default(), notice, StatusCode::OK).await
}

/// Why an upload was refused: a Fluent id and the status to answer with.
pub struct Refusal(pub &'static str, pub StatusCode);

/// The message of a refused upload, with the limits it names.
pub fn refusal_errors(st: &AppState, t: &Tr, field: &str, code: &str) -> Errors {
    let mut errors = Errors::default();
    let args = [("mib", st.config.max_file_mib.to_string()), ("total", st.config.max_application_mib.to_string())];
    errors.add_raw(field.to_owned(), t.with(code, &args));
    tracing::info!(event = "upload_refused", reason = code, "upload refused");
    errors
}

/// An operation's refusal of an upload as (code, status); other errors pass through.
pub fn upload_refusal(e: portail_app::Error) -> AppResult<Refusal> {
    match e {
        portail_app::Error::Invalid(fields) => {
            let code = fields.first().map(|f| f.code).unwrap_or("upload-cut");
            let status = if code == "upload-application-full" {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok(Refusal(code, status))
        }
        other => Err(other.into()),
    }
}

/// A multipart body that stopped: past the route's cap it is too large (413), else it was cut.
pub fn cut_or_too_large(e: &axum::extract::multipart::MultipartError) -> Refusal {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal("upload-too-large", StatusCode::PAYLOAD_TOO_LARGE)
    } else {
        Refusal("upload-cut", StatusCode::BAD_REQUEST)
    }
}

/// Reads the CSRF field that must come first in a multipart form; refuses the form otherwise.
pub async fn multipart_csrf(st: &AppState, ctx: &Ctx, form: &mut Multipart) -> AppResult<()> {
    let csrf = match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("csrf") => read_text(f, 200).await.unwrap_or_default(),
        _ => String::new(),
    };
    if !crate::csrf::verify(&st.app.key[..], &ctx.csrf_cookie, &csrf) {
        return Err(AppError::CsrfFailed);
    }
    Ok(())
}

/// Reads a text field, at most `max` bytes; `None` when it is longer or not UTF-8.
pub async fn read_text(mut field: axum::extract::multipart::Field<'_>, max: usize) -> Option<String> {
    let mut bytes = Vec::new();
    while let Ok(Some(chunk)) = field.chunk().await {
        if bytes.len() + chunk.len() > max {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

/// Reads a multipart upload (CSRF token first, then `file`, then nothing else) and hands the
/// file to the operations to check, clean and encrypt.
pub async fn receive_file(st: &AppState, ctx: &Ctx, form: &mut Multipart) -> AppResult<Result<Received, Refusal>> {
    multipart_csrf(st, ctx, form).await?;
    let received = match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("file") => store_field(st, f).await?,
        Ok(_) => return Ok(Err(Refusal("upload-no-file", StatusCode::UNPROCESSABLE_ENTITY))),
        Err(e) => return Ok(Err(cut_or_too_large(&e))),
    };
    if let Ok(r) = &received
        && !matches!(form.next_field().await, Ok(None))
    {
        // A second field (another file) is refused, not stored as an orphan.
        let _ = st.app.documents.delete(&r.stored.object_key).await;
        return Ok(Err(Refusal("upload-one-file", StatusCode::UNPROCESSABLE_ENTITY)));
    }
    Ok(received)
}

/// Streams one multipart file field to a temporary file under the size cap and hands it to the
/// operations.
pub async fn store_field(
    st: &AppState,
    mut field: axum::extract::multipart::Field<'_>,
) -> AppResult<Result<Received, Refusal>> {
    let file_name = field.file_name().unwrap_or("").to_owned();
    let received = match stream_to_temp(st, &mut field, st.app.max_upload_bytes()).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(refusal)),
    };
    match st.app.take_upload(received, &file_name).await {
        Ok(r) => Ok(Ok(r)),
        Err(e) => upload_refusal(e).map(Err),
    }
}

/// Streams a multipart field to a temporary file in the upload folder, refusing it past `max`
/// bytes; the file is deleted when the returned guard is dropped.
pub(crate) async fn stream_to_temp(
    st: &AppState,
    field: &mut axum::extract::multipart::Field<'_>,
    max: u64,
) -> AppResult<Result<TempFile, Refusal>> {
    let received = st.app.temp_file("part").await?;
    let mut out = tokio::fs::File::create(&received.0).await?;
    let mut size = 0u64;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                size += chunk.len() as u64;
                if size > max {
                    // Read (and drop) a little more, so that a browser sending a slightly too large
                    // file gets the message instead of a connection reset; past twice the cap the
                    // connection is cut.
                    while size <= max.saturating_mul(2) {
                        match field.chunk().await {
                            Ok(Some(more)) => size += more.len() as u64,
                            _ => break,
                        }
                    }
                    return Ok(Err(Refusal("upload-too-large", StatusCode::PAYLOAD_TOO_LARGE)));
                }
                out.write_all(&chunk).await?;
            }
            Ok(None) => break,
            Err(e) => return Ok(Err(cut_or_too_large(&e))),
        }
    }
    out.flush().await?;
    Ok(Ok(received))
}

pub async fn upload_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(Uuid, String)>,
    mut form: Multipart,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let slot = Slot::Checklist(item.clone());
    let file = st.app.upload_target(&actor, id, &slot, st.now()).await?;
    let refusal = match receive_file(&st, &ctx, &mut form).await? {
        Ok(received) => match st.app.attach(&actor, &file, &slot, received, st.now()).await {
            Ok(_) => {
                let to = format!("/applications/{id}/documents/{}?m=uploaded", urlencoding::encode(&item));
                return Ok(see_other(&to, &[]));
            }
            Err(e) => upload_refusal(e)?,
        },
        Err(refusal) => refusal,
    };
    let Refusal(code, status) = refusal;
    let errors = refusal_errors(&st, &Tr::new(ctx.lang), "file", code);
    item_page(&st, &ctx, id, &item, errors, String::new(), status).await
}

/// A document as a download, sandboxed.
pub fn document_response(d: &DocumentRecord, stream: portail_documents::ByteStream, inline: bool) -> Response {
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&d.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if inline {
        // Shown in the browser (inline) for officers, still sandboxed.
        h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; object-src 'self'"),
        );
        return res;
    }
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(&d.file_name),
        urlencoding::encode(&d.file_name)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(d.size.max(0) as u64));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    res
}

/// A document as staff open it: in the browser, sandboxed — except a PDF with active content
/// (scripts, launch or submit actions, embedded files, XFA), which is only ever downloaded, so the
/// browser's viewer never runs what an applicant put in it.
pub async fn staff_view(d: &DocumentRecord, stream: portail_documents::ByteStream) -> AppResult<Response> {
    use futures_util::TryStreamExt;
    if d.content_type != "application/pdf" {
        return Ok(document_response(d, stream, true));
    }
    // Bounded by the upload limit: every stored document passed it.
    let bytes: Vec<u8> = stream
        .try_fold(Vec::with_capacity(d.size.max(0) as usize), |mut all, chunk| async move {
            all.extend_from_slice(&chunk);
            Ok(all)
        })
        .await?;
    let (active, bytes) = tokio::task::spawn_blocking(move || (portail_documents::has_active_content(&bytes), bytes))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let body: portail_documents::ByteStream =
        Box::pin(futures_util::stream::once(async move { Ok(axum::body::Bytes::from(bytes)) }));
    Ok(document_response(d, body, !active))
}

pub async fn download_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let file = st.app.file(&actor, id, FileAction::Read).await?;
    let (d, stream) = st.app.open_document(&actor, &file, doc, st.now()).await?;
    Ok(document_response(&d, stream, false))
}

pub async fn remove_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let item = st.app.remove_document(&ctx.actor()?, id, doc, st.now()).await?;
    Ok(see_other(&format!("/applications/{id}/documents/{}?m=removed", urlencoding::encode(&item)), &[]))
}
