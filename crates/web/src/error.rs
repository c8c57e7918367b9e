//! One error type for handlers. Responses carry a stable code (also the Fluent message id);
//! the error-page middleware renders it in the person's language. 500s are logged with their
//! cause and shown as an opaque message.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// A forged, missing or stale CSRF token.
    CsrfFailed,
    BadRequest(&'static str),
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests {
        retry_after_secs: i64,
    },
    /// Not signed in (or not far enough): go to the sign-in page, with a reason when useful.
    SignInRequired {
        reason: Option<&'static str>,
    },
    Internal(anyhow::Error),
}

/// The code of an error response, read by the error-page middleware.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

impl<E: Into<anyhow::Error>> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError::Internal(e.into())
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = match self {
            AppError::SignInRequired { reason } => {
                let to = match reason {
                    Some(r) => format!("/sign-in?m={r}"),
                    None => "/sign-in".to_owned(),
                };
                return Redirect::to(&to).into_response();
            }
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            AppError::CsrfFailed => (StatusCode::FORBIDDEN, "error-csrf"),
            AppError::BadRequest(code) => (StatusCode::BAD_REQUEST, code),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            AppError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-form-malformed"),
            AppError::TooManyRequests { retry_after_secs } => {
                let mut res = (StatusCode::TOO_MANY_REQUESTS, "").into_response();
                res.extensions_mut().insert(ErrorCode("error-too-many"));
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.max(1).to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return res;
            }
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
            }
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorCode(code));
        res
    }
}
