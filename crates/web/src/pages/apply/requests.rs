//! Document requests as the applicant answers them: what is asked, the deadline with days left,
//! one upload per item, sending the answer, and asking for more time before the deadline.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_domain::deadline::days_left;
use portail_store::audit::AuditEntry;
use portail_store::requests::RequestRecord;
use serde::Deserialize;
use uuid::Uuid;

use super::documents::{Received, Refusal, receive_file, record};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::see_other;
use crate::state::AppState;

/// One asked item, in both languages.
#[derive(Debug, Clone, serde::Serialize, Deserialize, PartialEq, Eq)]
pub struct AskedItem {
    pub en: String,
    pub fr: String,
}

pub fn items_of(r: &RequestRecord) -> Vec<AskedItem> {
    serde_json::from_str(&r.items).unwrap_or_default()
}

pub struct ItemRow {
    pub index: usize,
    pub label: String,
    pub file: String,
}

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    rid: Uuid,
    note: String,
    deadline: String,
    days_left: i64,
    open: bool,
    overdue: bool,
    items: Vec<ItemRow>,
    can_extend: bool,
    extension: String,
}

async fn page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    rid: Uuid,
    errors: Errors,
    notice: String,
    status: StatusCode,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let r = st.store.request(who.account.id, id, rid).await?.ok_or(AppError::NotFound)?;
    let t = Tr::new(ctx.lang);
    let now = st.clock.now();
    let docs = st.store.documents_of(who.account.id, id).await?;
    let items = items_of(&r)
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let key = format!("request:{rid}:{i}");
            ItemRow {
                index: i,
                label: if ctx.lang == portail_domain::language::Lang::En { item.en } else { item.fr },
                file: docs.iter().find(|d| d.item_key == key).map(|d| d.file_name.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let extension = match (r.extension_requested_at, r.extension_decision.as_deref()) {
        (Some(_), Some("granted")) => t.get("request-extension-granted"),
        (Some(_), Some(_)) => t.get("request-extension-refused"),
        (Some(_), None) => t.get("request-extension-pending"),
        _ => String::new(),
    };
    let open = r.status == "open";
    let page = RequestPage {
        l: Layout::new(ctx, st, "request-title"),
        errors,
        notice,
        id,
        rid,
        note: r.note.clone(),
        deadline: r.deadline.format("%Y-%m-%d").to_string(),
        days_left: days_left(r.deadline, now),
        open,
        overdue: open && r.deadline < now,
        items,
        can_extend: open && r.deadline > now && r.extension_requested_at.is_none(),
        extension,
    };
    render(status, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageQuery {
    m: String,
}

pub async fn request_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(Uuid, Uuid)>,
    Query(q): Query<MessageQuery>,
) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let notice = match q.m.as_str() {
        "uploaded" => t.get("upload-done"),
        "answered" => t.get("request-answered"),
        "extension" => t.get("request-extension-pending"),
        _ => String::new(),
    };
    page(&st, &ctx, id, rid, Errors::default(), notice, StatusCode::OK).await
}

pub async fn item_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid, index)): Path<(Uuid, Uuid, usize)>,
    mut form: Multipart,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let r = st.store.request(who.account.id, id, rid).await?.ok_or(AppError::NotFound)?;
    if r.status != "open" || index >= items_of(&r).len() {
        return Err(AppError::NotFound);
    }
    let refused = |code: &'static str, status: StatusCode| {
        let t = Tr::new(ctx.lang);
        let mut errors = Errors::default();
        errors.add_raw(
            format!("file-{index}"),
            t.with(
                code,
                &[("mib", st.config.max_file_mib.to_string()), ("total", st.config.max_application_mib.to_string())],
            ),
        );
        (errors, status)
    };
    let received: Received = match receive_file(&st, &ctx, &mut form).await? {
        Ok(r) => r,
        Err(Refusal(code, status)) => {
            let (errors, status) = refused(code, status);
            return page(&st, &ctx, id, rid, errors, String::new(), status).await;
        }
    };
    match record(&st, &ctx, id, &format!("request:{rid}:{index}"), &received).await? {
        Ok(()) => Ok(see_other(&format!("/applications/{id}/requests/{rid}?m=uploaded"), &[])),
        Err(Refusal(code, status)) => {
            let (errors, status) = refused(code, status);
            page(&st, &ctx, id, rid, errors, String::new(), status).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Empty {}

pub async fn answer_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let r = st.store.request(who.account.id, id, rid).await?.ok_or(AppError::NotFound)?;
    let docs = st.store.documents_of(who.account.id, id).await?;
    let missing = (0..items_of(&r).len()).any(|i| !docs.iter().any(|d| d.item_key == format!("request:{rid}:{i}")));
    if missing {
        let mut errors = Errors::default();
        errors.add(&Tr::new(ctx.lang), "file-0", "request-items-missing");
        return page(&st, &ctx, id, rid, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (actor, target) = (format!("applicant:{}", who.account.username), id.to_string());
    let entry = AuditEntry { actor: &actor, action: "request_answered", target: &target, detail: &rid.to_string() };
    if !st.store.answer_request(who.account.id, id, rid, &entry, st.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/applications/{id}/requests/{rid}?m=answered"), &[]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtensionForm {
    reason: String,
}

pub async fn extension_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(Uuid, Uuid)>,
    CsrfForm(f): CsrfForm<ExtensionForm>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let reason = f.reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        let mut errors = Errors::default();
        errors.add(&Tr::new(ctx.lang), "reason", "request-extension-reason");
        return page(&st, &ctx, id, rid, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (actor, target) = (format!("applicant:{}", who.account.username), id.to_string());
    let entry = AuditEntry { actor: &actor, action: "extension_asked", target: &target, detail: &rid.to_string() };
    if !st.store.ask_extension(who.account.id, id, rid, reason, &entry, st.clock.now()).await? {
        let mut errors = Errors::default();
        errors.add(&Tr::new(ctx.lang), "reason", "request-extension-closed");
        return page(&st, &ctx, id, rid, errors, String::new(), StatusCode::CONFLICT).await;
    }
    Ok(see_other(&format!("/applications/{id}/requests/{rid}?m=extension"), &[]))
}
