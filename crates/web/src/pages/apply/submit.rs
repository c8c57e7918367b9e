//! Review, pay, declare and submit; the confirmation page and the PDF receipt. A double click,
//! a retry or a reload never makes two applications: each review page carries an idempotency
//! key, and the draft row itself becomes the file.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_domain::application::payment::{demo_charge, parse_card};
use portail_domain::application::status::initial_steps;
use portail_domain::application::{ApplicationNumber, Stage, checklist, fees, section_complete};
use portail_domain::catalog::Category;
use portail_store::submission::{Submission, SubmitOutcome};
use serde::Deserialize;
use uuid::Uuid;

use super::{money, own_draft, today};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::mail;
use crate::pages::see_other;
use crate::state::AppState;

pub struct Missing {
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    l: Layout,
    errors: Errors,
    notice: String,
    id: Uuid,
    name: String,
    missing_sections: Vec<Missing>,
    missing_documents: Vec<Missing>,
    total: String,
    paid: bool,
    receipt: String,
    submit_key: String,
    declaration_name: String,
}

/// What still stops a draft from being submitted, and its fee.
struct Readiness {
    sections: Vec<Missing>,
    documents: Vec<Missing>,
    total_cents: i64,
    paid: bool,
    receipt: String,
}

async fn readiness(st: &AppState, ctx: &Ctx, id: Uuid) -> AppResult<Readiness> {
    let (app, ty) = own_draft(st, ctx, id).await?;
    let who = ctx.full()?;
    let lang = ctx.lang;
    let day = today(st);
    let sections = ty
        .sections
        .iter()
        .filter(|s| !section_complete(s, &app.answers))
        .map(|s| Missing { label: s.title.get(lang).to_owned(), href: format!("/applications/{id}/sections/{}", s.id) })
        .collect();
    let docs = st.store.documents_of(who.account.id, id).await?;
    let documents = checklist(ty, &app.answers, &app.members, day)
        .iter()
        .filter(|i| i.required && !docs.iter().any(|d| d.item_key == i.key))
        .map(|i| Missing {
            label: i.rule.label.get(lang).to_owned(),
            href: format!("/applications/{id}/documents/{}", urlencoding::encode(&i.key)),
        })
        .collect();
    let total_cents = fees(ty, &app.answers, &app.members, day).iter().map(|f| f.amount_cents).sum();
    let pay = st.store.payment(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    let paid = pay.paid_cents.is_some_and(|p| p >= total_cents) && pay.payment_receipt.is_some();
    Ok(Readiness { sections, documents, total_cents, paid, receipt: pay.payment_receipt.unwrap_or_default() })
}

async fn review_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: Errors,
    notice: String,
    status: StatusCode,
) -> AppResult<Response> {
    let r = readiness(st, ctx, id).await?;
    let (_, ty) = own_draft(st, ctx, id).await?;
    let page = ReviewPage {
        l: Layout::new(ctx, st, "review-title"),
        errors,
        notice,
        id,
        name: ty.name.get(ctx.lang).to_owned(),
        missing_sections: r.sections,
        missing_documents: r.documents,
        total: money(r.total_cents, ctx.lang),
        paid: r.paid,
        receipt: r.receipt,
        submit_key: portail_domain::secret::new_token(),
        declaration_name: String::new(),
    };
    render(status, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewQuery {
    m: String,
}

pub async fn review_get(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(q): Query<ReviewQuery>,
) -> AppResult<Response> {
    let notice = if q.m == "paid" { Tr::new(ctx.lang).get("pay-done") } else { String::new() };
    review_page(&st, &ctx, id, Errors::default(), notice, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PayForm {
    card_number: String,
    card_expiry: String,
    card_name: String,
}

pub async fn pay_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<PayForm>,
) -> AppResult<Response> {
    let r = readiness(&st, &ctx, id).await?;
    let t = Tr::new(ctx.lang);
    if r.paid {
        return Ok(see_other(&format!("/applications/{id}/submit?m=paid"), &[]));
    }
    let mut errors = Errors::default();
    match parse_card(&f.card_number, &f.card_expiry, &f.card_name, today(&st)) {
        Err(list) => {
            for (field, code) in list {
                errors.add(&t, field, code);
            }
        }
        Ok(card) => match demo_charge(&card, r.total_cents) {
            Ok(receipt) => {
                let who = ctx.full()?;
                st.store.record_payment(who.account.id, id, &receipt, r.total_cents, st.clock.now()).await?;
                tracing::info!(event = "fee_paid", amount_cents = r.total_cents, "fee paid");
                return Ok(see_other(&format!("/applications/{id}/submit?m=paid"), &[]));
            }
            Err(e) => errors.add(&t, "card_number", &e.to_string()),
        },
    }
    review_page(&st, &ctx, id, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SubmitForm {
    declaration_name: String,
    agree: String,
    submit_key: String,
}

pub async fn submit_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<SubmitForm>,
) -> AppResult<Response> {
    // A replay of a submission that already went through lands on its confirmation, also when
    // the twin request wins the race while this one is being checked.
    if let Some(done) = already_submitted(&st, &ctx, id).await? {
        return Ok(done);
    }
    let r = match readiness(&st, &ctx, id).await {
        Err(AppError::NotFound) => return already_submitted(&st, &ctx, id).await?.ok_or(AppError::NotFound),
        other => other?,
    };
    let who = ctx.full()?;
    let t = Tr::new(ctx.lang);
    let mut errors = Errors::default();
    if !r.sections.is_empty() {
        errors.add(&t, "missing", "submit-sections-missing");
    }
    if !r.documents.is_empty() {
        errors.add(&t, "missing", "submit-documents-missing");
    }
    if !r.paid {
        errors.add(&t, "card_number", "submit-not-paid");
    }
    let name = f.declaration_name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        errors.add(&t, "declaration_name", "declaration-name-missing");
    }
    if f.agree != "yes" {
        errors.add(&t, "agree", "declaration-not-agreed");
    }
    let key = f.submit_key.trim();
    if key.len() != 64 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        errors.add(&t, "declaration_name", "error-form-malformed");
    }
    if errors.any() {
        return review_page(&st, &ctx, id, errors, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let ty = match own_draft(&st, &ctx, id).await {
        Err(AppError::NotFound) => return already_submitted(&st, &ctx, id).await?.ok_or(AppError::NotFound),
        other => other?.1,
    };
    let steps = initial_steps(ty.category == Category::Permanent);
    let url = format!("{}/applications/{id}", st.config.public_url);
    let mail = mail::submitted(&who.account.email, who.account.lang, &url);
    for _ in 0..5 {
        let number = ApplicationNumber::generate(ty.line);
        let uci = portail_domain::application::new_uci();
        let submission =
            Submission { number: number.as_str(), declaration_name: name, submit_key: key, steps: &steps, uci: &uci };
        let actor = format!("applicant:{}", who.account.username);
        match st.store.submit(who.account.id, id, &submission, &mail, &actor, st.clock.now()).await? {
            SubmitOutcome::Submitted { .. } => {
                st.mail_wakeup.notify_one();
                tracing::info!(event = "application_submitted", type_id = %ty.id, "application submitted");
                return Ok(see_other(&format!("/applications/{id}/submitted"), &[]));
            }
            SubmitOutcome::AlreadySubmitted { .. } => {
                return Ok(see_other(&format!("/applications/{id}/submitted"), &[]));
            }
            SubmitOutcome::NumberTaken => continue,
            SubmitOutcome::NotFound => return Err(AppError::NotFound),
        }
    }
    Err(AppError::Internal(anyhow::anyhow!("no free application number after 5 draws")))
}

/// The redirect to the confirmation when this person's application `id` is no longer a draft.
async fn already_submitted(st: &AppState, ctx: &Ctx, id: Uuid) -> AppResult<Option<Response>> {
    let who = ctx.full()?;
    Ok(match st.store.application(who.account.id, id).await? {
        Some(app) if app.stage != Stage::Draft => Some(see_other(&format!("/applications/{id}/submitted"), &[])),
        _ => None,
    })
}

#[derive(Template)]
#[template(path = "submitted.html")]
struct SubmittedPage {
    l: Layout,
    id: Uuid,
    name: String,
    number: String,
    submitted: String,
}

pub async fn submitted_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let who = ctx.full()?;
    let app = st.store.application(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    let (Some(number), Some(at)) = (app.number.clone(), app.submitted_at) else { return Err(AppError::NotFound) };
    let name = st.catalog.get(&app.type_id).map(|t| t.name.get(ctx.lang).to_owned()).unwrap_or_default();
    let page = SubmittedPage {
        l: Layout::new(&ctx, &st, "submitted-title"),
        id,
        name,
        number,
        submitted: at.format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    render(StatusCode::OK, &page)
}

pub async fn receipt_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    let who = ctx.full()?;
    let app = st.store.application(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    if app.stage == Stage::Draft || app.number.is_none() {
        return Err(AppError::NotFound);
    }
    let docs = st.store.documents_of(who.account.id, id).await?;
    let payment = st.store.payment(who.account.id, id).await?.ok_or(AppError::NotFound)?;
    let pdf = super::receipt::render_receipt(&st, ctx.lang, &app, &docs, &payment)?;
    let filename = format!("receipt-{}.pdf", app.number.unwrap_or_default());
    let mut res = pdf.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(res)
}
