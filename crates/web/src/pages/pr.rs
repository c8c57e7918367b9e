//! The PR portal from a signed-in secure account: redeeming invite codes (attempts limited per
//! account and per address; the code is bound to the file's owner or its date of birth), the
//! portal's list of files — closed to anyone without a redeemed file — and asking for a new code
//! (the old one stops working).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use portail_domain::invite::{RedeemRefusal, check, grouped, normalise};
use portail_domain::throttle::{COSTLY_ACTIONS_PER_ADDRESS, ThrottleRule};
use portail_store::invites::NewInvite;
use serde::Deserialize;
use uuid::Uuid;

use super::{enforce_wait, record_failures, see_other};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::state::AppState;

/// Wrong codes per account: a few free, then slowed, then one try an hour.
const CODE_ATTEMPTS_PER_ACCOUNT: ThrottleRule =
    ThrottleRule { free_failures: 5, base_delay_secs: 30, max_delay_secs: 3600, forget_after: Duration::hours(24) };
/// Wrong codes per address (many people may share one).
const CODE_ATTEMPTS_PER_ADDRESS: ThrottleRule =
    ThrottleRule { free_failures: 20, base_delay_secs: 10, max_delay_secs: 3600, forget_after: Duration::hours(24) };

#[derive(Template)]
#[template(path = "pr_redeem.html")]
struct RedeemPage {
    l: Layout,
    errors: Errors,
    notice: String,
}

fn redeem_page(st: &AppState, ctx: &Ctx, errors: Errors, status: StatusCode) -> AppResult<Response> {
    let page = RedeemPage { l: Layout::new(ctx, st, "pr-redeem-title"), errors, notice: String::new() };
    render(status, &page)
}

pub async fn redeem_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.full()?;
    redeem_page(&st, &ctx, Errors::default(), StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RedeemForm {
    code: String,
    date_of_birth: String,
}

pub async fn redeem_post(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<RedeemForm>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let now = st.clock.now();
    let akey = format!("invite-account:{}", who.account.id.0);
    let ikey = format!("invite-address:{}", ctx.ip);
    let keys = [(akey.as_str(), &CODE_ATTEMPTS_PER_ACCOUNT), (ikey.as_str(), &CODE_ATTEMPTS_PER_ADDRESS)];
    enforce_wait(&st, &keys, now).await?;
    let outcome: Result<Uuid, RedeemRefusal> = async {
        let code = normalise(&f.code).ok_or(RedeemRefusal::Unknown)?;
        let invite = st
            .store
            .invite_by_hash(&st.keyed_digest("invite-code", &code))
            .await
            .map_err(|_| RedeemRefusal::Unknown)?
            .ok_or(RedeemRefusal::Unknown)?;
        let state = portail_domain::invite::InviteState {
            expires_at: invite.expires_at,
            redeemed: invite.redeemed_at.is_some(),
            revoked: invite.revoked_at.is_some(),
        };
        check(&state, now)?;
        if invite.issued_to != who.account.id.0 {
            let born = st.store.file_birth_date(invite.application_id).await.map_err(|_| RedeemRefusal::Unknown)?;
            if born.is_none() || born.as_deref() != Some(f.date_of_birth.trim()) {
                return Err(RedeemRefusal::NotYours);
            }
        }
        match st.store.redeem_invite(invite.id, who.account.id, now).await {
            Ok(true) => Ok(invite.application_id),
            _ => Err(RedeemRefusal::Used),
        }
    }
    .await;
    match outcome {
        Ok(application) => {
            tracing::info!(event = "invite_redeemed", application = %application);
            Ok(see_other(&format!("/pr?added={application}"), &[]))
        }
        Err(refusal) => {
            tracing::info!(event = "invite_refused", reason = refusal.code());
            record_failures(&st, &keys, now).await?;
            let mut errors = Errors::default();
            errors.add(&Tr::new(ctx.lang), "code", refusal.code());
            redeem_page(&st, &ctx, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

pub struct PrFile {
    pub id: Uuid,
    pub number: String,
    pub program: String,
    pub stage: String,
}

#[derive(Template)]
#[template(path = "pr_home.html")]
struct PrHome {
    l: Layout,
    files: Vec<PrFile>,
}

/// The PR portal's home: only for people with at least one redeemed file.
pub async fn pr_home_get(State(st): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let who = ctx.full()?;
    let t = Tr::new(ctx.lang);
    let files: Vec<PrFile> = st
        .store
        .pr_files_of(who.account.id)
        .await?
        .into_iter()
        .map(|f| PrFile {
            id: f.id,
            number: f.number.unwrap_or_default(),
            program: st.catalog.get(&f.type_id).map(|ty| ty.name.get(ctx.lang).to_owned()).unwrap_or(f.type_id),
            stage: portail_domain::application::Stage::parse(&f.stage)
                .map(|s| super::apply::stage_label(s, &t))
                .unwrap_or(f.stage),
        })
        .collect();
    if files.is_empty() {
        let page = RedeemPage {
            l: Layout::new(&ctx, &st, "pr-redeem-title"),
            errors: Errors::default(),
            notice: t.get("pr-no-way-in"),
        };
        return render(StatusCode::FORBIDDEN, &page);
    }
    render(StatusCode::OK, &PrHome { l: Layout::new(&ctx, &st, "pr-title"), files })
}

#[derive(Template)]
#[template(path = "pr_new_code.html")]
struct NewCodePage {
    l: Layout,
    number: String,
    code: String,
}

#[derive(Deserialize, Default)]
pub struct Empty {}

/// The owner asks for a new code for a moved file: the old one stops working, the new one is
/// shown once here and emailed.
pub async fn new_code_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let who = ctx.full()?;
    let now = st.clock.now();
    let key = format!("invite-resend:{}", who.account.id.0);
    enforce_wait(&st, &[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
    let moved = st.store.moved_files_of(who.account.id).await?;
    let Some(file) = moved.into_iter().find(|f| f.id == id && !f.redeemed) else { return Err(AppError::NotFound) };
    let number = file.number.unwrap_or_default();
    let expires_at = crate::waves::expiry(&st, now);
    let issued = crate::waves::new_invite(&st, &who.account.email, ctx.lang, &number, expires_at);
    let new = NewInvite {
        application_id: id,
        issued_to: who.account.id.0,
        code_hash: &issued.hash,
        expires_at,
        mail: &issued.mail,
        event: "invite_reissued",
    };
    st.store.issue_invite(&new, now).await?;
    record_failures(&st, &[(&key, &COSTLY_ACTIONS_PER_ADDRESS)], now).await?;
    st.mail_wakeup.notify_one();
    tracing::info!(event = "invite_reissued", application = %id);
    let page = NewCodePage { l: Layout::new(&ctx, &st, "pr-new-code-title"), number, code: grouped(&issued.code) };
    render(StatusCode::OK, &page)
}
