//! Requesting documents from the applicant (checklist items or free items, a deadline), and
//! deciding on an asked extension.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use portail_domain::deadline::{DEFAULT_DAYS, EXTENSION_DAYS};
use portail_domain::language::Lang;
use portail_store::audit::AuditEntry;
use portail_store::office::Outcome;
use portail_store::requests::NewRequest;
use serde::Deserialize;
use uuid::Uuid;

use super::actions::refuse;
use super::{actor, not_found, principal_name};
use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::CsrfForm;
use crate::mail;
use crate::pages::apply::requests::AskedItem;
use crate::pages::letters::LetterValues;
use crate::pages::see_other;
use crate::state::AppState;

/// The form sends each ticked checklist item as `item=<key>` and free items one per line.
pub async fn request_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let ty = st.catalog.get(&app.type_id).ok_or_else(not_found)?;
    let day = st.clock.now().date_naive();
    let checklist = portail_domain::application::checklist(ty, &app.answers, &app.members, day);
    let mut items: Vec<AskedItem> = fields
        .iter()
        .filter(|(n, _)| n == "item")
        .filter_map(|(_, key)| checklist.iter().find(|i| &i.key == key))
        .map(|i| AskedItem { en: i.rule.label.en.clone(), fr: i.rule.label.fr.clone() })
        .collect();
    for line in get("free").lines().map(str::trim).filter(|l| !l.is_empty()).take(20) {
        let text: String = line.chars().take(300).collect();
        items.push(AskedItem { en: text.clone(), fr: text });
    }
    if items.is_empty() {
        return refuse(&st, &ctx, id, "request", "letter-missing-items", StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let days: i64 = match get("days").trim() {
        "" => DEFAULT_DAYS,
        d => match d.parse() {
            Ok(n) if (1..=365).contains(&n) => n,
            _ => {
                return refuse(&st, &ctx, id, "request", "request-days-invalid", StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
        },
    };
    let version: i64 = get("version").parse().unwrap_or(-1);
    let now = st.clock.now();
    let deadline = now + Duration::days(days);
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let values = LetterValues {
        lang: owner.lang,
        number: app.number.clone().unwrap_or_default(),
        type_id: app.type_id.clone(),
        name: principal_name(&app.answers),
        reasons: get("note").trim().chars().take(2000).collect(),
        items: items.iter().map(|i| if owner.lang == Lang::En { i.en.clone() } else { i.fr.clone() }).collect(),
        deadline: deadline.format("%Y-%m-%d").to_string(),
        details: vec![],
    };
    if let Err(code) = crate::pages::letters::check("document_request", &values) {
        return refuse(&st, &ctx, id, "request", code, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let params = serde_json::to_string(&values).map_err(|e| AppError::Internal(e.into()))?;
    let items_json = serde_json::to_string(&items).map_err(|e| AppError::Internal(e.into()))?;
    let mail = mail::letter_waiting(&owner.email, owner.lang, &format!("{}/inbox", st.config.public_url));
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let request = NewRequest {
        items: &items_json,
        note: &values.reasons,
        deadline,
        expected_version: version,
        letter_params: &params,
        mail: &mail,
        audit: AuditEntry { actor: &actor, action: "documents_requested", target: &target, detail: "" },
    };
    match st.store.create_request(id, &request, now).await? {
        Outcome::Done => {
            st.mail_wakeup.notify_one();
            Ok(see_other(&format!("/office/files/{id}?m=done"), &[]))
        }
        Outcome::Stale => refuse(&st, &ctx, id, "version", "office-stale", StatusCode::CONFLICT).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtensionDecision {
    grant: String,
}

pub async fn extension_post(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(Uuid, Uuid)>,
    CsrfForm(f): CsrfForm<ExtensionDecision>,
) -> AppResult<Response> {
    let (app, _) = st.store.file(id).await?.ok_or_else(not_found)?;
    let r = st.store.requests_of(id).await?.into_iter().find(|r| r.id == rid).ok_or_else(not_found)?;
    let owner = st.store.account(app.account_id).await?.ok_or_else(not_found)?;
    let new_deadline = (f.grant == "yes").then(|| r.deadline + Duration::days(EXTENSION_DAYS));
    let mail = mail::letter_waiting(
        &owner.email,
        owner.lang,
        &format!("{}/applications/{id}/requests/{rid}", st.config.public_url),
    );
    let (actor, target) = (actor(&ctx)?, id.to_string());
    let action = if new_deadline.is_some() { "extension_granted" } else { "extension_refused" };
    let entry = AuditEntry { actor: &actor, action, target: &target, detail: &rid.to_string() };
    if !st.store.decide_extension(id, rid, new_deadline, &mail, &entry, st.clock.now()).await? {
        return refuse(&st, &ctx, id, "request", "office-not-allowed", StatusCode::CONFLICT).await;
    }
    st.mail_wakeup.notify_one();
    Ok(see_other(&format!("/office/files/{id}?m=done"), &[]))
}
