//! Administrators verify representatives (`/office/representatives`): the profiles waiting,
//! verify or refuse with a reason; suspend a verified one (a lapsed licence) or reinstate.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portail_app::model::Representative;
use portail_domain::account::AccountId;
use portail_i18n::Tr;
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::AppResult;
use crate::forms::CsrfForm;
use crate::layout::{Errors, Layout, render};
use crate::pages::representative::NoticeQuery;
use crate::pages::see_other;
use crate::state::AppState;

pub struct ProfileRow {
    pub id: Uuid,
    pub name: String,
    pub number: String,
    pub kind: String,
    pub membership: String,
    pub business: String,
    pub email: String,
    pub since: String,
    pub status: String,
    pub status_code: &'static str,
    pub reason: String,
    pub proof: String,
}

#[derive(Template)]
#[template(path = "office_representatives.html")]
struct QueuePage {
    l: Layout,
    errors: Errors,
    notice: String,
    waiting: Vec<ProfileRow>,
    decided: Vec<ProfileRow>,
}

fn row(r: Representative, t: &Tr) -> ProfileRow {
    ProfileRow {
        id: r.account_id.0,
        kind: t.get(&format!("rep-kind-{}", r.kind.as_str())),
        status: t.get(&format!("rep-status-{}", r.status.as_str())),
        status_code: r.status.as_str(),
        since: r.decided_at.unwrap_or(r.created_at).format("%Y-%m-%d").to_string(),
        business: [r.business_name, r.business_address]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        name: r.full_name,
        number: r.number,
        membership: r.membership,
        email: r.email,
        reason: r.reason,
        proof: r.proof.unwrap_or_default(),
    }
}

async fn page(st: &AppState, ctx: &Ctx, errors: Errors, notice: String) -> AppResult<Response> {
    let t = Tr::new(ctx.lang);
    let q = st.app.representative_queue(&ctx.actor()?).await?;
    let waiting = q.waiting.into_iter().map(|r| row(r, &t)).collect();
    let decided = q.decided.into_iter().map(|r| row(r, &t)).collect();
    let status = if errors.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let l = Layout::new(ctx, st, "office-reps-title");
    render(status, &QueuePage { l, errors, notice, waiting, decided })
}

pub async fn queue_get(State(st): State<AppState>, ctx: Ctx, Query(q): Query<NoticeQuery>) -> AppResult<Response> {
    let notice = q.text(&Tr::new(ctx.lang), "office-reps-notice", &["verified", "refused", "suspended"]);
    page(&st, &ctx, Errors::default(), notice).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    reason: String,
}

pub async fn decision_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> AppResult<Response> {
    match st.app.decide_representative(&ctx.actor()?, AccountId(id), &f.decision, &f.reason, st.now()).await {
        Ok(to) => Ok(see_other(&format!("/office/representatives?m={}", to.as_str()), &[])),
        Err(portail_app::Error::Invalid(fields)) => {
            page(&st, &ctx, Errors::of(&Tr::new(ctx.lang), &fields), String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The proof of membership, shown inline and sandboxed (a recent sign-in first).
pub async fn proof_get(State(st): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> AppResult<Response> {
    match st.app.open_representative_proof(&ctx.actor()?, AccountId(id), st.now()).await {
        Ok((d, stream)) => crate::pages::apply::documents::staff_view(&d, stream).await,
        Err(portail_app::Error::ReauthRequired) => {
            Ok(crate::pages::office::actions::reauth(&format!("/office/representatives/{id}/proof")))
        }
        Err(e) => Err(e.into()),
    }
}
