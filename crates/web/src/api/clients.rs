//! `/api/v1/clients` for a representative's software (or an assistant's): every client file the
//! consents reach, and every open deadline, by cursor pages — the dashboard and the agenda as
//! JSON, so that a firm's case-management system can sync. Each file's details are then read
//! through `/api/v1/applications/{id}` as the consent allows.

use axum::http::StatusCode;
use axum::{Json, extract::State};
use chrono::{DateTime, Utc};
use portail_app::model::{ClientFilter, ClientSort};
use portail_domain::application::Stage;
use portail_domain::policy::Portal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiActor, ApiQuery};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ClientsQuery {
    /// `secure` or `pr`.
    pub portal: Option<String>,
    /// A stage code.
    pub stage: Option<String>,
    /// Part of the client's name, or a file number.
    pub q: Option<String>,
    /// `deadline` (default) or `client`.
    pub sort: Option<String>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<Uuid>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientFileItem {
    pub id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    /// `secure` or `pr`.
    pub portal: String,
    /// The name the client signed the consent with.
    pub client_name: String,
    /// The consent lets the representative act, not only read.
    pub can_act: bool,
    pub next_deadline: Option<DateTime<Utc>>,
    pub open_requests: i64,
    pub unread: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientList {
    pub items: Vec<ClientFileItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

fn limit_of(limit: Option<i64>, max: i64) -> ApiResult<i64> {
    let limit = limit.unwrap_or(50);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-query"));
    }
    Ok(limit)
}

/// The client files of the token's representative, nearest deadline first (or by client).
#[utoipa::path(get, path = "/api/v1/clients", tag = "representatives", params(ClientsQuery),
    responses((status = 200, body = ClientList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn clients(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ClientsQuery>,
) -> ApiResult<Json<ClientList>> {
    let limit = limit_of(q.limit, 200)?;
    let filter = ClientFilter {
        portal: q.portal.as_deref().and_then(Portal::parse),
        stage: q.stage.as_deref().and_then(Stage::parse),
        search: q.q.map(|s| s.trim().to_lowercase().chars().take(100).collect()).filter(|s: &String| !s.is_empty()),
        sort: if q.sort.as_deref() == Some("client") { ClientSort::Client } else { ClientSort::Deadline },
        after: q.cursor,
    };
    let page = st.app.client_files(&actor, &filter, limit).await?;
    let items = page
        .items
        .into_iter()
        .map(|f| ClientFileItem {
            id: f.id,
            number: f.number,
            type_id: f.type_id,
            stage: f.stage,
            portal: f.portal,
            client_name: f.client_name,
            can_act: f.rep_act == 1,
            next_deadline: f.next_deadline,
            open_requests: f.open_requests,
            unread: f.unread,
        })
        .collect();
    Ok(Json(ClientList { items, next_cursor: page.next.map(|n| n.to_string()) }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesQuery {
    /// From a previous page's `next_cursor`.
    pub cursor: Option<Uuid>,
    /// 1 to 500 (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineItem {
    pub request_id: Uuid,
    pub application_id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub portal: String,
    pub client_name: String,
    pub deadline: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineList {
    pub items: Vec<DeadlineItem>,
    pub next_cursor: Option<String>,
}

/// Every open deadline of the representative's client files, soonest first.
#[utoipa::path(get, path = "/api/v1/clients/deadlines", tag = "representatives", params(DeadlinesQuery),
    responses((status = 200, body = DeadlineList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("token" = [])))]
pub async fn deadlines(
    State(st): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<DeadlinesQuery>,
) -> ApiResult<Json<DeadlineList>> {
    let limit = limit_of(q.limit, 500)?;
    let page = st.app.client_deadlines(&actor, q.cursor, limit).await?;
    let items = page
        .items
        .into_iter()
        .map(|d| DeadlineItem {
            request_id: d.request_id,
            application_id: d.application_id,
            number: d.number,
            type_id: d.type_id,
            portal: d.portal,
            client_name: d.client_name,
            deadline: d.deadline,
        })
        .collect();
    Ok(Json(DeadlineList { items, next_cursor: page.next.map(|n| n.to_string()) }))
}
