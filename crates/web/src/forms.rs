//! `CsrfForm<T>`: reads an url-encoded form, refuses it unless its `csrf` field matches the
//! browser's token, and turns every malformed body into a clear 4xx (never a 500).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

use crate::context::Ctx;
use crate::error::AppError;
use crate::state::AppState;

/// Largest form body accepted (1 MiB).
pub const MAX_FORM_BYTES: usize = 1 << 20;

pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::UnsupportedMediaType);
        }
        let csrf_cookie = req.extensions().get::<Ctx>().map(|c| c.csrf_cookie.clone()).unwrap_or_default();
        let body = Limited::new(req.into_body(), MAX_FORM_BYTES);
        let bytes: Bytes = match body.collect().await {
            Ok(c) => c.to_bytes(),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(AppError::PayloadTooLarge);
            }
            Err(_) => return Err(AppError::BadRequest("error-form-malformed")),
        };
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest("error-form-malformed"))?;
        if pairs.iter().any(|(k, v)| k.contains('\0') || v.contains('\0')) {
            return Err(AppError::BadRequest("error-form-malformed"));
        }
        let submitted = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str());
        if !submitted.is_some_and(|s| crate::csrf::verify(&state.key[..], &csrf_cookie, s)) {
            tracing::warn!("form refused: CSRF token missing or wrong");
            return Err(AppError::CsrfFailed);
        }
        let value =
            serde_urlencoded::from_bytes::<T>(&bytes).map_err(|_| AppError::BadRequest("error-form-malformed"))?;
        Ok(CsrfForm(value))
    }
}
