//! The PR confirmation tasks a person completes: declaring presence in Canada (or being
//! outside), confirming personal details with a Canadian mailing address, and a photo checked
//! against the specification — each with a clear message for every failed check.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_documents::{Limits, inspect_and_clean, photo_facts};
use portail_domain::pr::{PHOTO_SPEC, PROVINCES, PhotoFacts, check_photo, parse_postal_code, parse_presence};
use portail_store::pr_confirm::{PrConfirmation, StoredPhoto};
use serde::Deserialize;
use uuid::Uuid;

use super::{personal_details, pr_file};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::apply::documents::{Refusal, TempFile, stream_to_temp};
use crate::pages::see_other;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pr_task.html")]
struct TaskPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    task: &'static str,
    heading: String,
    /// The task may be done (again) now; otherwise the page only shows what was given.
    open: bool,
    c: PrConfirmation,
    name: String,
    born: String,
    provinces: Vec<(&'static str, String)>,
    /// What the person typed (kept when a form is refused).
    typed: Typed,
    spec: String,
}

#[derive(Default, Clone)]
pub struct Typed {
    pub presence: String,
    pub entered_on: String,
    pub address_line: String,
    pub city: String,
    pub province: String,
    pub postal_code: String,
}

fn heading(task: &str) -> &'static str {
    match task {
        "presence" => "pr-task-presence",
        "address" => "pr-task-address",
        _ => "pr-task-photo",
    }
}

async fn task_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    task: &'static str,
    errors: Errors,
    typed: Option<Typed>,
    status: StatusCode,
) -> AppResult<Response> {
    let file = pr_file(st, ctx, id).await?;
    let t = Tr::new(ctx.lang);
    let c = st.store.pr_confirmation(id, st.clock.now()).await?;
    let open = match task {
        "presence" => c.presence_state.open_to_person(),
        "address" => c.address_state.open_to_person(),
        _ => c.photo_state.open_to_person(),
    };
    let (name, born) = personal_details(&file);
    let typed = typed.unwrap_or_else(|| Typed {
        presence: c.presence.clone().unwrap_or_default(),
        entered_on: c.entered_on.clone().unwrap_or_default(),
        address_line: c.address_line.clone(),
        city: c.city.clone(),
        province: c.province.clone(),
        postal_code: c.postal_code.clone(),
    });
    let spec = t.with(
        "photo-spec",
        &[
            ("width", PHOTO_SPEC.min_width.to_string()),
            ("height", PHOTO_SPEC.min_height.to_string()),
            ("mib", (PHOTO_SPEC.max_bytes / 1024 / 1024).to_string()),
        ],
    );
    let page = TaskPage {
        l: Layout::new(ctx, st, heading(task)),
        errors,
        notice: String::new(),
        id,
        task,
        heading: t.get(heading(task)),
        open,
        c,
        name,
        born,
        provinces: PROVINCES.iter().map(|(p, _)| (*p, t.get(&format!("province-{}", p.to_lowercase())))).collect(),
        typed,
        spec,
    };
    render(status, &page)
}

pub async fn presence_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    task_page(&st, &ctx, id, "presence", Errors::default(), None, StatusCode::OK).await
}

pub async fn address_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    task_page(&st, &ctx, id, "address", Errors::default(), None, StatusCode::OK).await
}

pub async fn photo_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    task_page(&st, &ctx, id, "photo", Errors::default(), None, StatusCode::OK).await
}

/// The task was closed meanwhile (an officer is reviewing it, or accepted it).
async fn closed(st: &AppState, ctx: &Ctx, id: Uuid, task: &'static str) -> AppResult<Response> {
    let mut errors = Errors::default();
    errors.add(&Tr::new(ctx.lang), "task", "pr-task-closed");
    task_page(st, ctx, id, task, errors, None, StatusCode::CONFLICT).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PresenceForm {
    presence: String,
    entered_on: String,
}

pub async fn presence_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<PresenceForm>,
) -> AppResult<Response> {
    pr_file(&st, &ctx, id).await?;
    let now = st.clock.now();
    match parse_presence(&f.presence, &f.entered_on, now.date_naive()) {
        Ok(p) => {
            let (choice, entered) = match p {
                portail_domain::pr::Presence::InCanada { entered } => ("in_canada", Some(entered.to_string())),
                portail_domain::pr::Presence::Outside => ("outside", None),
            };
            if !st.store.declare_presence(id, choice, entered.as_deref(), now).await? {
                return closed(&st, &ctx, id, "presence").await;
            }
            tracing::info!(event = "pr_presence_declared", application = %id);
            Ok(see_other(&format!("/pr/files/{id}?m=sent"), &[]))
        }
        Err(code) => {
            let mut errors = Errors::default();
            let field = if code == "presence-choose" { "presence" } else { "entered_on" };
            errors.add(&Tr::new(ctx.lang), field, code);
            let typed =
                Typed { presence: f.presence, entered_on: f.entered_on.chars().take(10).collect(), ..Typed::default() };
            task_page(&st, &ctx, id, "presence", errors, Some(typed), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddressForm {
    details_confirmed: String,
    address_line: String,
    city: String,
    province: String,
    postal_code: String,
}

pub async fn address_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<AddressForm>,
) -> AppResult<Response> {
    pr_file(&st, &ctx, id).await?;
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    if f.details_confirmed != "yes" {
        errors.add(&t, "details_confirmed", "pr-details-confirm");
    }
    let line = f.address_line.trim();
    if line.is_empty() || line.chars().count() > 100 {
        errors.add(&t, "address_line", "pr-address-line");
    }
    let city = f.city.trim();
    if city.is_empty() || city.chars().count() > 60 {
        errors.add(&t, "city", "pr-address-city");
    }
    let province = PROVINCES.iter().find(|(p, _)| *p == f.province).map(|(p, _)| *p);
    if province.is_none() {
        errors.add(&t, "province", "pr-address-province");
    }
    let postal = parse_postal_code(&f.postal_code);
    match (&postal, province) {
        (None, _) => errors.add(&t, "postal_code", "pr-postal-invalid"),
        (Some(p), Some(prov)) if !portail_domain::pr::postal_code_in_province(p, prov) => {
            errors.add(&t, "postal_code", "pr-postal-province")
        }
        _ => {}
    }
    let (Some(province), Some(postal), false) = (province, postal, errors.any()) else {
        let typed = Typed {
            address_line: f.address_line.chars().take(100).collect(),
            city: f.city.chars().take(60).collect(),
            province: f.province.chars().take(2).collect(),
            postal_code: f.postal_code.chars().take(10).collect(),
            ..Typed::default()
        };
        return task_page(&st, &ctx, id, "address", errors, Some(typed), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if !st.store.set_mailing_address(id, line, city, province, &postal, st.clock.now()).await? {
        return closed(&st, &ctx, id, "address").await;
    }
    tracing::info!(event = "pr_address_given", application = %id);
    Ok(see_other(&format!("/pr/files/{id}?m=sent"), &[]))
}

/// A photo upload (multipart: the CSRF token first, then `file`): every failed check is listed.
pub async fn photo_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    mut form: Multipart,
) -> AppResult<Response> {
    pr_file(&st, &ctx, id).await?;
    let csrf = match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("csrf") => f.text().await.unwrap_or_default(),
        _ => String::new(),
    };
    if !crate::csrf::verify(&st.key[..], &ctx.csrf_cookie, &csrf) {
        return Err(AppError::CsrfFailed);
    }
    let t = Tr::new(ctx.lang);
    let refuse = |codes: Vec<&'static str>, status: StatusCode| {
        let mut errors = Errors::default();
        for c in codes {
            errors.add_raw("file".to_owned(), t.get(c));
        }
        (errors, status)
    };
    let received: TempFile = match form.next_field().await {
        Ok(Some(mut field)) if field.name() == Some("file") => {
            match stream_to_temp(&st, &mut field, PHOTO_SPEC.max_bytes).await? {
                Ok(r) => r,
                Err(Refusal(_, status)) => {
                    let (errors, status) = refuse(vec!["photo-too-large"], status);
                    return task_page(&st, &ctx, id, "photo", errors, None, status).await;
                }
            }
        }
        _ => {
            let (errors, status) = refuse(vec!["upload-no-file"], StatusCode::UNPROCESSABLE_ENTITY);
            return task_page(&st, &ctx, id, "photo", errors, None, status).await;
        }
    };
    let path = received.0.clone();
    let facts = st.cpu.run(move || photo_facts(&path)).await?;
    let facts = match facts {
        Some((is_jpeg, width, height, bytes)) => PhotoFacts { is_jpeg, width, height, bytes },
        None => PhotoFacts { is_jpeg: false, width: 0, height: 0, bytes: 0 },
    };
    let problems = check_photo(&facts, &PHOTO_SPEC);
    if !problems.is_empty() {
        let (errors, status) = refuse(problems, StatusCode::UNPROCESSABLE_ENTITY);
        return task_page(&st, &ctx, id, "photo", errors, None, status).await;
    }
    let cleaned = TempFile(st.upload_dir.join(format!("{}.clean", Uuid::new_v4().simple())));
    let (src, dst) = (received.0.clone(), cleaned.0.clone());
    let (_, keep) = match st.cpu.run(move || inspect_and_clean(&src, &dst, Limits::default())).await? {
        Ok(k) => k,
        Err(rejection) => {
            let (errors, status) = refuse(vec![rejection.code()], StatusCode::UNPROCESSABLE_ENTITY);
            return task_page(&st, &ctx, id, "photo", errors, None, status).await;
        }
    };
    let stored = st.documents.put_file(&keep).await?;
    let photo = StoredPhoto {
        photo_object: stored.object_key.clone(),
        photo_master_id: stored.wrapped.master_id.clone(),
        photo_wrapped_key: stored.wrapped.sealed.clone(),
        photo_sha256: stored.sha256.clone(),
        photo_size: i64::try_from(stored.size).unwrap_or(i64::MAX),
    };
    match st.store.set_pr_photo(id, &photo, st.clock.now()).await? {
        Some(old) => {
            if let Some(old) = old
                && let Err(e) = st.documents.delete(&old).await
            {
                tracing::warn!(error = %e, "replaced photo object not deleted; the cleanup job will");
            }
            tracing::info!(event = "pr_photo_uploaded", application = %id);
            Ok(see_other(&format!("/pr/files/{id}?m=sent"), &[]))
        }
        None => {
            st.documents.delete(&stored.object_key).await?;
            closed(&st, &ctx, id, "photo").await
        }
    }
}
