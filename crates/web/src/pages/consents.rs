//! The client's side of representation (`/account/representatives`): the representatives acting
//! for them, requests waiting for an answer, appointing one (for one file or all) with a typed
//! signature, and revoking in one step.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::consents::{AppointInput, Terms};
use portail_app::model::Consent;
use portail_domain::representation::ConsentStatus;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::representative::{NoticeQuery, file_label, terms_label};
use crate::pages::see_other;
use crate::state::AppState;

/// A consent as the client's page lists it.
pub struct RepRow {
    pub id: Uuid,
    pub name: String,
    pub number: String,
    pub file: String,
    pub terms: String,
    pub since: String,
    pub status: String,
    pub reason: String,
}

/// One of the client's files, as the appointment form offers it.
pub struct FileChoice {
    pub id: Uuid,
    pub label: String,
}

#[derive(Template)]
#[template(path = "account_representatives.html")]
struct ConsentsPage {
    l: Layout,
    errors: Errors,
    notice: String,
    asked: Vec<RepRow>,
    active: Vec<RepRow>,
    past: Vec<RepRow>,
    files: Vec<FileChoice>,
    form: AppointForm,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AppointForm {
    representative: String,
    application: String,
    scope: String,
    correspondence: String,
    signed_name: String,
}

fn rep_row(c: &Consent, t: &Tr) -> RepRow {
    RepRow {
        id: c.id,
        name: c.representative_name.clone(),
        number: c.representative_number.clone(),
        file: file_label(c, t),
        terms: terms_label(c, t),
        since: c.ended_at.or(c.decided_at).unwrap_or(c.created_at).format("%Y-%m-%d").to_string(),
        status: t.get(&format!("consent-status-{}", c.status.as_str())),
        reason: c.end_reason.clone(),
    }
}

async fn page(st: &AppState, ctx: &Ctx, errors: Errors, form: AppointForm, notice: String) -> AppResult<Response> {
    let actor = ctx.actor()?;
    let t = Tr::new(ctx.lang);
    let mine = st.app.consents(&actor, true).await?;
    let pick = |s: &[ConsentStatus]| mine.iter().filter(|c| s.contains(&c.status)).map(|c| rep_row(c, &t)).collect();
    let (asked, active) = (pick(&[ConsentStatus::Requested]), pick(&[ConsentStatus::Active]));
    let past = pick(&[ConsentStatus::Declined, ConsentStatus::Revoked, ConsentStatus::Withdrawn]);
    let files = st
        .app
        .applications(&actor)
        .await?
        .into_iter()
        .map(|a| {
            let program = st.app.catalog.get(&a.type_id).map(|ty| ty.name.get(t.lang).to_owned()).unwrap_or_default();
            let label = match &a.number {
                Some(n) => format!("{n} — {program}"),
                None => format!("{program} ({})", t.get("consent-a-draft")),
            };
            FileChoice { id: a.id, label }
        })
        .collect();
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let l = Layout::new(ctx, st, "consents-title");
    render(status, &ConsentsPage { l, errors, notice, asked, active, past, files, form })
}

pub async fn consents_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<NoticeQuery>) -> AppResult<Response> {
    let notice = q.text(&Tr::new(ctx.lang), "consents-notice", &["appointed", "accepted", "declined", "revoked"]);
    page(&st, &ctx, Errors::default(), AppointForm::default(), notice).await
}

pub async fn appoint_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<AppointForm>,
) -> AppResult<Response> {
    let input = AppointInput {
        representative: f.representative.clone(),
        application: Uuid::parse_str(&f.application).ok(),
        terms: Terms { scope: f.scope.clone(), correspondence: f.correspondence.clone() },
        signed_name: f.signed_name.clone(),
    };
    match st.app.appoint(&ctx.actor()?, &input, st.now()).await {
        Ok(_) => Ok(see_other("/account/representatives?m=appointed", &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            page(&st, &ctx, Errors::of(&Tr::new(ctx.lang), &fields), f, String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
    signed_name: String,
}

pub async fn answer_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<AnswerForm>,
) -> AppResult<Response> {
    let accept = f.answer == "accept";
    match st.app.answer_consent(&ctx.actor()?, id, accept, &f.signed_name, st.now()).await {
        Ok(()) => {
            let m = if accept { "accepted" } else { "declined" };
            Ok(see_other(&format!("/account/representatives?m={m}"), &[]))
        }
        Err(portail_app::Error::Invalid(fields)) => {
            page(&st, &ctx, Errors::of(&Tr::new(ctx.lang), &fields), AppointForm::default(), String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<crate::pages::sign_in::Empty>,
) -> AppResult<Response> {
    st.app.revoke_consent(&ctx.actor()?, id, st.now()).await?;
    Ok(see_other("/account/representatives?m=revoked", &[]))
}
