//! What every API handler takes from a request: the token's actor (`Authorization: Bearer`;
//! cookies are never read here, so CSRF does not apply), and JSON bodies, paths and queries whose
//! every rejection is a JSON error with a stable code.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use portail_domain::policy::{Actor, Via};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::state::AppState;

/// The actor of a request made with a personal access token, rate-limited per token.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(ApiError::unauthorized)?;
        let request = format!("{} {}", parts.method, parts.uri.path());
        let actor =
            st.app.authenticate_token(presented, &request, st.now()).await?.ok_or_else(ApiError::unauthorized)?;
        if let Via::Token { id, .. } = actor.via
            && let Err(not_until) = st.api_limit.check_key(&id)
        {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            let secs = i64::try_from(wait.as_secs()).unwrap_or(60) + 1;
            return Err(ApiError {
                retry_after: Some(secs),
                ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests")
            });
        }
        Ok(ApiActor(actor))
    }
}

/// A JSON body: malformed JSON is a 400, wrong types or missing and extra fields a 422, another
/// content type a 415, a body over the limit a 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, st).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(_)) => {
                Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body"))
            }
            Err(JsonRejection::JsonSyntaxError(_)) => Err(ApiError::new(StatusCode::BAD_REQUEST, "malformed-json")),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"))
            }
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::new(e.status(), "too-large")),
            Err(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-request")),
        }
    }
}

/// Path parameters: an id that does not parse names nothing, so it is a 404.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, st).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::not_found()),
            Err(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-request")),
        }
    }
}

/// Query parameters: wrong ones are a 400.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, st).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-query"))
            }
            Err(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-query")),
        }
    }
}

/// The `Idempotency-Key` header (1 to 200 visible characters), if sent.
pub fn idempotency_key(parts: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = parts.get("idempotency-key") else { return Ok(None) };
    let key = v.to_str().map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "bad-idempotency-key"))?.trim();
    if key.is_empty() || key.len() > 200 || key.chars().any(|c| c.is_control()) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad-idempotency-key"));
    }
    Ok(Some(key.to_owned()))
}

/// A key of the actor's, derived from their idempotency key: the same request retried gives
/// the same key, another person's same string does not.
pub fn derived_key(actor: &Actor, purpose: &str, key: &str) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for part in [purpose, &actor.account.0.to_string(), key] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().into()
}

/// The id of the record a keyed request makes: derived from the actor and their key, so a retry
/// names the same record and another person's same key never reaches it.
pub fn keyed_id(actor: &Actor, purpose: &str, key: &str) -> uuid::Uuid {
    let bytes = derived_key(actor, purpose, key);
    let mut id = [0u8; 16];
    id.copy_from_slice(&bytes[..16]);
    uuid::Builder::from_random_bytes(id).into_uuid()
}
