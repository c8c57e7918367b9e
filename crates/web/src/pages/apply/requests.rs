//! Document requests as the applicant answers them: what is asked, the deadline with days left,
//! one upload per item, sending the answer, and asking for more time before the deadline.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::requests::items_of;
use portail_app::uploads::Slot;
use portail_domain::deadline::days_left;
use portail_domain::policy::Portal;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use super::documents::{Refusal, receive_file, refusal_errors, upload_refusal};
use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::maintenance::moved_text;
use crate::pages::see_other;
use crate::state::AppState;

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
    days_left_text: String,
    open: bool,
    overdue: bool,
    items: Vec<ItemRow>,
    can_extend: bool,
    extension: String,
    /// "Extended by 3 hours because of the service interruption on …", one per interruption.
    moves: Vec<String>,
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
    let v = st.app.request_view(&ctx.actor()?, id, rid).await?;
    let t = Tr::new(ctx.lang);
    let now = st.now();
    let r = &v.request;
    let items = items_of(r)
        .into_iter()
        .enumerate()
        .map(|(i, item)| ItemRow {
            index: i,
            label: item.get(ctx.lang).to_owned(),
            file: v.file_of(i).map(|d| d.file_name.clone()).unwrap_or_default(),
        })
        .collect();
    let extension = match (r.extension_requested_at, r.extension_decision.as_deref()) {
        (Some(_), Some("granted")) => t.get("request-extension-granted"),
        (Some(_), Some(_)) => t.get("request-extension-refused"),
        (Some(_), None) => t.get("request-extension-pending"),
        _ => String::new(),
    };
    // A file managed in the PR portal is read-only here: no uploads, answer or "more time".
    let open = r.status == "open" && v.file.facts.portal == Portal::Secure;
    let page = RequestPage {
        l: Layout::new(ctx, st, "request-title"),
        errors,
        notice,
        id,
        rid,
        note: r.note.clone(),
        deadline: r.deadline.format("%Y-%m-%d").to_string(),
        days_left_text: t.count("request-days-left", "days", days_left(r.deadline, now)),
        open,
        overdue: open && r.deadline < now,
        items,
        can_extend: open && r.deadline > now && r.extension_requested_at.is_none(),
        extension,
        moves: v.moves.iter().map(|m| moved_text(&t, ctx.lang, m.moved_by_secs, m.interruption_started_at)).collect(),
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
    let actor = ctx.actor()?;
    let slot = Slot::Request(rid, index);
    let file = st.app.upload_target(&actor, id, &slot, st.now()).await?;
    let refusal = match receive_file(&st, &ctx, &mut form).await? {
        Ok(received) => match st.app.attach(&actor, &file, &slot, received, st.now()).await {
            Ok(_) => return Ok(see_other(&format!("/applications/{id}/requests/{rid}?m=uploaded"), &[])),
            Err(e) => upload_refusal(e)?,
        },
        Err(refusal) => refusal,
    };
    let Refusal(code, status) = refusal;
    let errors = refusal_errors(&st, &Tr::new(ctx.lang), &format!("file-{index}"), code);
    page(&st, &ctx, id, rid, errors, String::new(), status).await
}

#[derive(Deserialize, Default)]
pub struct Empty {}

pub async fn answer_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    match st.app.answer_request(&ctx.actor()?, id, rid, st.now()).await {
        Ok(()) => Ok(see_other(&format!("/applications/{id}/requests/{rid}?m=answered"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            page(&st, &ctx, id, rid, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
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
    let t = Tr::new(ctx.lang);
    let (errors, status) = match st.app.ask_extension(&ctx.actor()?, id, rid, &f.reason, st.now()).await {
        Ok(()) => return Ok(see_other(&format!("/applications/{id}/requests/{rid}?m=extension"), &[])),
        Err(portail_app::Error::Invalid(fields)) => (Errors::of(&t, &fields), StatusCode::UNPROCESSABLE_ENTITY),
        Err(portail_app::Error::Conflict(code)) => (Errors::one(&t, "reason", code), StatusCode::CONFLICT),
        Err(e) => return Err(e.into()),
    };
    page(&st, &ctx, id, rid, errors, String::new(), status).await
}
