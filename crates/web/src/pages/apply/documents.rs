//! Supporting documents of a draft, one file per checklist item: the item's page, the upload
//! (streamed to a temporary file under a size cap, checked by content, encrypted into the object
//! store; the row is written last), download and removal.

use askama::Template;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_documents::{Limits, WrappedKey, ascii_name, display_name, inspect_and_clean};
use portail_domain::application::checklist;
use portail_store::documents::{NewDocument, PutOutcome};
use serde::Deserialize;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use super::{own_draft, today};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::pages::sign_in::Empty;
use crate::state::AppState;

/// A received file that is deleted when dropped, whatever happens to the request.
pub(crate) struct TempFile(pub PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

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
    let (app, ty) = own_draft(st, ctx, id).await?;
    let lang = ctx.lang;
    let t = Tr::new(lang);
    let items = checklist(ty, &app.answers, &app.members, today(st));
    let it = items.iter().find(|i| i.key == item).ok_or(AppError::NotFound)?;
    let person = super::person_name(&app, &it.person, &t);
    let who = ctx.full()?;
    let current = st.store.documents_of(who.account.id, id).await?.into_iter().find(|d| d.item_key == item).map(|d| {
        CurrentFile {
            id: d.id,
            name: d.file_name,
            size: human_size(d.size, &t),
            uploaded: d.uploaded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            sha256: d.sha256,
        }
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

async fn refuse(st: &AppState, ctx: &Ctx, id: Uuid, item: &str, code: &str, status: StatusCode) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    let message = t.with(
        code,
        &[("mib", st.config.max_file_mib.to_string()), ("total", st.config.max_application_mib.to_string())],
    );
    errors.add_raw("file".into(), message);
    tracing::info!(event = "upload_refused", reason = code, "upload refused");
    item_page(st, ctx, id, item, errors, String::new(), status).await
}

/// A file received, checked and encrypted into the store (its row is not written yet).
pub struct Received {
    pub stored: portail_documents::Stored,
    pub name: String,
    pub kind: portail_documents::Kind,
}

/// Why an upload was refused: a Fluent id and the status to answer with.
pub struct Refusal(pub &'static str, pub StatusCode);

/// Reads a multipart upload (CSRF token first, then `file`), streams it to a temporary file
/// under the size cap, checks it on the CPU pool and encrypts it into the object store.
pub async fn receive_file(st: &AppState, ctx: &Ctx, form: &mut Multipart) -> AppResult<Result<Received, Refusal>> {
    let csrf = match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("csrf") => f.text().await.unwrap_or_default(),
        _ => String::new(),
    };
    if !crate::csrf::verify(&st.key[..], &ctx.csrf_cookie, &csrf) {
        return Err(AppError::CsrfFailed);
    }
    let field = match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("file") => f,
        Ok(_) => return Ok(Err(Refusal("upload-no-file", StatusCode::UNPROCESSABLE_ENTITY))),
        Err(_) => return Ok(Err(Refusal("upload-cut", StatusCode::BAD_REQUEST))),
    };
    store_field(st, field).await
}

/// Streams one multipart file field to a temporary file under the size cap, checks it on the
/// CPU pool and encrypts it into the object store.
pub async fn store_field(
    st: &AppState,
    mut field: axum::extract::multipart::Field<'_>,
) -> AppResult<Result<Received, Refusal>> {
    let file_name = display_name(field.file_name().unwrap_or(""));
    let max = st.config.max_file_mib * 1024 * 1024;
    let received = match stream_to_temp(st, &mut field, max).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let cleaned = TempFile(st.upload_dir.join(format!("{}.clean", Uuid::new_v4().simple())));
    let (src, dst) = (received.0.clone(), cleaned.0.clone());
    let checked = st.cpu.run(move || inspect_and_clean(&src, &dst, Limits::default())).await?;
    let (kind, keep) = match checked {
        Ok(k) => k,
        Err(rejection) => return Ok(Err(Refusal(rejection.code(), StatusCode::UNPROCESSABLE_ENTITY))),
    };
    let stored = st.documents.put_file(&keep).await?;
    let lower = file_name.to_lowercase();
    let name = if lower.ends_with(&format!(".{}", kind.extension()))
        || (kind.extension() == "jpg" && lower.ends_with(".jpeg"))
    {
        file_name
    } else {
        format!("{file_name}.{}", kind.extension())
    };
    Ok(Ok(Received { stored, name, kind }))
}

/// Streams a multipart field to a temporary file in the upload folder, refusing it past `max`
/// bytes; the file is deleted when the returned guard is dropped.
pub(crate) async fn stream_to_temp(
    st: &AppState,
    field: &mut axum::extract::multipart::Field<'_>,
    max: u64,
) -> AppResult<Result<TempFile, Refusal>> {
    tokio::fs::create_dir_all(&st.upload_dir).await?;
    let received = TempFile(st.upload_dir.join(format!("{}.part", Uuid::new_v4().simple())));
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
            Err(_) => return Ok(Err(Refusal("upload-cut", StatusCode::BAD_REQUEST))),
        }
    }
    out.flush().await?;
    Ok(Ok(received))
}

/// Records a received file against `item`; removes the object again when the row is refused.
pub async fn record(st: &AppState, ctx: &Ctx, id: Uuid, item: &str, r: &Received) -> AppResult<Result<(), Refusal>> {
    let who = ctx.full()?;
    let new = NewDocument {
        item_key: item,
        file_name: &r.name,
        content_type: r.kind.content_type(),
        size: i64::try_from(r.stored.size).unwrap_or(i64::MAX),
        sha256: &r.stored.sha256,
        object_key: &r.stored.object_key,
        master_key_id: &r.stored.wrapped.master_id,
        wrapped_key: &r.stored.wrapped.sealed,
    };
    let limit = i64::try_from(st.config.max_application_mib * 1024 * 1024).unwrap_or(i64::MAX);
    match st.store.put_document(who.account.id, id, &new, limit, st.clock.now()).await {
        Ok(PutOutcome::Stored { replaced, .. }) => {
            for old in replaced {
                if let Err(e) = st.documents.delete(&old).await {
                    tracing::warn!(error = %e, "replaced document object not deleted; the cleanup job will");
                }
            }
            tracing::info!(event = "document_uploaded", size = r.stored.size, "document stored");
            let (actor, target) = (format!("applicant:{}", who.account.username), id.to_string());
            let entry = portail_store::audit::AuditEntry {
                actor: &actor,
                action: "document_uploaded",
                target: &target,
                detail: item,
            };
            st.store.audit(&entry, st.clock.now()).await?;
            Ok(Ok(()))
        }
        Ok(PutOutcome::OverLimit) => {
            st.documents.delete(&r.stored.object_key).await?;
            Ok(Err(Refusal("upload-application-full", StatusCode::PAYLOAD_TOO_LARGE)))
        }
        Ok(PutOutcome::NoDraft) => {
            st.documents.delete(&r.stored.object_key).await?;
            Err(AppError::NotFound)
        }
        Err(e) => {
            let _ = st.documents.delete(&r.stored.object_key).await;
            Err(e.into())
        }
    }
}

pub async fn upload_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(Uuid, String)>,
    mut form: Multipart,
) -> AppResult<Response> {
    let (app, ty) = own_draft(&st, &ctx, id).await?;
    if !checklist(ty, &app.answers, &app.members, today(&st)).iter().any(|i| i.key == item) {
        return Err(AppError::NotFound);
    }
    let received = match receive_file(&st, &ctx, &mut form).await? {
        Ok(r) => r,
        Err(Refusal(code, status)) => return refuse(&st, &ctx, id, &item, code, status).await,
    };
    match record(&st, &ctx, id, &item, &received).await? {
        Ok(()) => {
            Ok(see_other(&format!("/applications/{id}/documents/{}?m=uploaded", urlencoding::encode(&item)), &[]))
        }
        Err(Refusal(code, status)) => refuse(&st, &ctx, id, &item, code, status).await,
    }
}

pub async fn download_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let d = st.store.document(who.account.id, id, doc).await?.ok_or(AppError::NotFound)?;
    let stream = st
        .documents
        .open(&d.object_key, &WrappedKey { master_id: d.master_key_id.clone(), sealed: d.wrapped_key.clone() })
        .await?;
    let (actor, target, detail) = (format!("applicant:{}", who.account.username), id.to_string(), d.id.to_string());
    st.store
        .audit(
            &portail_store::audit::AuditEntry {
                actor: &actor,
                action: "document_viewed",
                target: &target,
                detail: &detail,
            },
            st.clock.now(),
        )
        .await?;
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(&d.file_name),
        urlencoding::encode(&d.file_name)
    );
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&d.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(d.size.max(0) as u64));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(res)
}

pub async fn remove_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let d = st.store.document(who.account.id, id, doc).await?.ok_or(AppError::NotFound)?;
    let object = st.store.remove_document(who.account.id, id, doc).await?.ok_or(AppError::NotFound)?;
    if let Err(e) = st.documents.delete(&object).await {
        tracing::warn!(error = %e, "removed document object not deleted; the cleanup job will");
    }
    let (actor, target) = (format!("applicant:{}", who.account.username), id.to_string());
    let entry = portail_store::audit::AuditEntry {
        actor: &actor,
        action: "document_removed",
        target: &target,
        detail: &d.item_key,
    };
    st.store.audit(&entry, st.clock.now()).await?;
    Ok(see_other(&format!("/applications/{id}/documents/{}?m=removed", urlencoding::encode(&d.item_key)), &[]))
}
