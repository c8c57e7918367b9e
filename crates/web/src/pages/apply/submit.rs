//! Review, pay, declare and submit; the confirmation page and the PDF receipt. A double click,
//! a retry or a reload never makes two applications: each review page carries an idempotency
//! key, and the draft row itself becomes the file.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_app::FileAction;
use portail_app::submission::{CardInput, SubmitInput};
use portail_domain::application::Stage;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use super::check::{SummarySection, summary};
use super::{money, today};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
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
    agreed: bool,
    summary: Vec<SummarySection>,
    pay_and_submit: String,
}

/// What a refused submission showed back: the declaration as typed (never the card).
#[derive(Default)]
struct Typed {
    declaration_name: String,
    agreed: bool,
}

async fn review_page(
    st: &AppState,
    ctx: &Ctx,
    id: Uuid,
    errors: Errors,
    notice: String,
    typed: Typed,
    status: StatusCode,
) -> AppResult<Response> {
    let r = st.app.review(&ctx.actor()?, id, today(st)).await?;
    let docs = st.app.documents(&r.draft.file).await?;
    let t = Tr::new(ctx.lang);
    let lang = ctx.lang;
    let sections = r
        .readiness
        .missing_sections
        .iter()
        .map(|s| Missing { label: s.title.get(lang).to_owned(), href: format!("/applications/{id}/sections/{}", s.id) })
        .collect();
    let documents = r
        .readiness
        .missing_documents
        .iter()
        .map(|(key, label)| Missing {
            label: label.get(lang).to_owned(),
            href: format!("/applications/{id}/documents/{}", urlencoding::encode(key)),
        })
        .collect();
    let page = ReviewPage {
        l: Layout::new(ctx, st, "review-title"),
        errors,
        notice,
        id,
        name: r.draft.ty.name.get(lang).to_owned(),
        missing_sections: sections,
        missing_documents: documents,
        total: money(r.readiness.total_cents, lang),
        paid: r.readiness.paid,
        receipt: r.payment.payment_receipt.clone().unwrap_or_default(),
        submit_key: portail_domain::secret::new_token(),
        declaration_name: typed.declaration_name.chars().take(200).collect(),
        agreed: typed.agreed,
        summary: summary(st, r.draft.ty, &r.draft.file.app, &docs, today(st), lang),
        pay_and_submit: t.with("pay-and-submit", &[("amount", money(r.readiness.total_cents, lang))]),
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
    review_page(&st, &ctx, id, Errors::default(), notice, Typed::default(), StatusCode::OK).await
}

pub async fn pay_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<CardInput>,
) -> AppResult<Response> {
    match st.app.pay(&ctx.actor()?, id, &f, st.now()).await {
        Ok(()) => Ok(see_other(&format!("/applications/{id}/submit?m=paid"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            review_page(&st, &ctx, id, errors, String::new(), Typed::default(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The review page's form: the declaration, then the card when the fee is still to pay.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SubmitForm {
    #[serde(flatten)]
    declaration: SubmitInput,
    #[serde(flatten)]
    card: CardInput,
}

pub async fn submit_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<SubmitForm>,
) -> AppResult<Response> {
    match st.app.pay_and_submit(&ctx.actor()?, id, &f.card, &f.declaration, st.now()).await {
        Ok(_) => Ok(see_other(&format!("/applications/{id}/submitted"), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            let errors = Errors::of(&Tr::new(ctx.lang), &fields);
            let typed =
                Typed { declaration_name: f.declaration.declaration_name, agreed: f.declaration.agree == "yes" };
            review_page(&st, &ctx, id, errors, String::new(), typed, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
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
    let file = st.app.file(&ctx.actor()?, id, FileAction::Read).await?;
    let app = &file.app;
    let (Some(number), Some(at)) = (app.number.clone(), app.submitted_at) else { return Err(AppError::NotFound) };
    let name = st.app.catalog.get(&app.type_id).map(|t| t.name.get(ctx.lang).to_owned()).unwrap_or_default();
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
    let file = st.app.file(&ctx.actor()?, id, FileAction::Read).await?;
    if file.app.stage == Stage::Draft || file.app.number.is_none() {
        return Err(AppError::NotFound);
    }
    let docs = st.app.documents(&file).await?;
    let payment = st.app.payment(&file).await?;
    let pdf = super::receipt::render_receipt(&st, ctx.lang, &file.app, &docs, &payment)?;
    let filename = format!("receipt-{}.pdf", file.app.number.clone().unwrap_or_default());
    let mut res = pdf.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(res)
}
