//! Invite codes from a signed-in account: redeeming them (attempts limited per account and per
//! address; a code is bound to the file's owner or to its date of birth) and asking for a new
//! code for one's own moved file (the old one stops working).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use portail_domain::invite::{InviteState, RedeemRefusal, check, grouped, normalise};
use portail_domain::throttle::{COSTLY_ACTIONS_PER_ADDRESS, ThrottleRule};
use portail_store::invites::{Invite, NewInvite};
use serde::Deserialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::i18n::Tr;
use crate::layout::{Errors, Layout, render};
use crate::pages::{enforce_wait, record_failures, see_other};
use crate::state::AppState;

/// Wrong codes per account: a few free, then slowed, then one try an hour.
pub(crate) const CODE_ATTEMPTS_PER_ACCOUNT: ThrottleRule =
    ThrottleRule { free_failures: 5, base_delay_secs: 30, max_delay_secs: 3600, forget_after: Duration::hours(24) };
/// Wrong codes per address (many people may share one).
pub(crate) const CODE_ATTEMPTS_PER_ADDRESS: ThrottleRule =
    ThrottleRule { free_failures: 20, base_delay_secs: 10, max_delay_secs: 3600, forget_after: Duration::hours(24) };

/// The invite a typed code opens, if it may be redeemed now by `account` (or, with no account
/// yet, by whoever gives the file's date of birth). Nothing is consumed here.
pub async fn usable_invite(
    st: &AppState,
    typed: &str,
    date_of_birth: &str,
    account: Option<portail_domain::account::AccountId>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Result<Invite, RedeemRefusal>> {
    let Some(code) = normalise(typed) else { return Ok(Err(RedeemRefusal::Unknown)) };
    let Some(invite) = st.store.invite_by_hash(&st.keyed_digest("invite-code", &code)).await? else {
        return Ok(Err(RedeemRefusal::Unknown));
    };
    let state = InviteState {
        expires_at: invite.expires_at,
        redeemed: invite.redeemed_at.is_some(),
        revoked: invite.revoked_at.is_some(),
    };
    if let Err(refusal) = check(&state, now) {
        return Ok(Err(refusal));
    }
    if account.is_none_or(|a| a.0 != invite.issued_to) {
        let born = st.store.file_birth_date(invite.application_id).await?;
        if born.is_none() || born.as_deref() != Some(date_of_birth.trim()) {
            return Ok(Err(RedeemRefusal::NotYours));
        }
    }
    Ok(Ok(invite))
}

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
    let outcome = match usable_invite(&st, &f.code, &f.date_of_birth, Some(who.account.id), now).await? {
        Ok(invite) => match st.store.redeem_invite(invite.id, who.account.id, now).await? {
            true => Ok(invite.application_id),
            false => Err(RedeemRefusal::Used),
        },
        Err(refusal) => Err(refusal),
    };
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
