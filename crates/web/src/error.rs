//! One error type for handlers. Responses carry a stable code (also the Fluent message id);
//! the error-page middleware renders it in the person's language. 500s are logged with their
//! cause and shown as an opaque message. Errors of the operations arrive as
//! [`portail_app::Error`] and are translated here, at the edge.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portail_domain::policy::Denial;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// A forged, missing or stale CSRF token.
    CsrfFailed,
    BadRequest(&'static str),
    /// Understood, but not acceptable: the message says what is wrong.
    Unprocessable(&'static str),
    /// Not possible in the current state (someone changed it, or it is closed).
    Conflict(&'static str),
    /// Seen, but not to be done by this person this way.
    Forbidden(&'static str),
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests {
        retry_after_secs: i64,
    },
    /// Not signed in (or not far enough): go to the sign-in page, with a reason when useful.
    SignInRequired {
        reason: Option<&'static str>,
    },
    /// A recent sign-in is needed first.
    Reauth,
    /// The service is at capacity (sign-ins past the hashing queue): come back shortly.
    Busy {
        retry_after_secs: i64,
    },
    /// No room left to write (database or data folder); nothing was written.
    StorageFull,
    /// A maintenance window holds writes for this long.
    Maintenance {
        retry_after_secs: i64,
    },
    Internal(anyhow::Error),
}

/// The code of an error response, read by the error-page middleware.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        portail_app::Error::Internal(e).into()
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        portail_app::Error::from(e).into()
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<portail_app::cpu_pool::PoolStopped> for AppError {
    fn from(e: portail_app::cpu_pool::PoolStopped) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<portail_app::Error> for AppError {
    fn from(e: portail_app::Error) -> Self {
        use portail_app::Error as E;
        match e.classified() {
            E::NotFound => AppError::NotFound,
            E::Denied(Denial::ManagedInPrPortal) => AppError::Conflict("error-managed-in-pr"),
            E::Denied(Denial::ClientOnly) => AppError::Forbidden("error-client-only"),
            E::Denied(_) => AppError::Forbidden("error-forbidden"),
            E::Invalid(fields) => {
                AppError::Unprocessable(fields.first().map(|f| f.code).unwrap_or("error-bad-request"))
            }
            E::Conflict(code) => AppError::Conflict(code),
            E::TooMany { retry_after_secs } => AppError::TooManyRequests { retry_after_secs },
            E::Busy { retry_after_secs } => AppError::Busy { retry_after_secs },
            E::TooLarge(_) => AppError::PayloadTooLarge,
            E::ReauthRequired => AppError::Reauth,
            E::Maintenance { retry_after_secs, .. } => AppError::Maintenance { retry_after_secs },
            E::StorageFull => AppError::StorageFull,
            E::Internal(e) => AppError::Internal(e),
        }
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
            AppError::Reauth => return Redirect::to("/account/reauth").into_response(),
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            AppError::CsrfFailed => (StatusCode::FORBIDDEN, "error-csrf"),
            AppError::BadRequest(code) => (StatusCode::BAD_REQUEST, code),
            AppError::Unprocessable(code) => (StatusCode::UNPROCESSABLE_ENTITY, code),
            AppError::Conflict(code) => (StatusCode::CONFLICT, code),
            AppError::Forbidden(code) => (StatusCode::FORBIDDEN, code),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            AppError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-form-malformed"),
            AppError::TooManyRequests { retry_after_secs } => {
                return retry_later(StatusCode::TOO_MANY_REQUESTS, "error-too-many", retry_after_secs);
            }
            AppError::Busy { retry_after_secs } => {
                return retry_later(StatusCode::SERVICE_UNAVAILABLE, "error-busy", retry_after_secs);
            }
            AppError::Maintenance { retry_after_secs } => {
                return retry_later(StatusCode::SERVICE_UNAVAILABLE, "error-maintenance", retry_after_secs);
            }
            AppError::StorageFull => {
                return retry_later(StatusCode::SERVICE_UNAVAILABLE, "error-storage-full", STORAGE_FULL_RETRY_SECS);
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

/// When to try again after a write refused for want of room (operators are alerted by the log).
pub const STORAGE_FULL_RETRY_SECS: i64 = 300;

/// A refusal to come back after `retry_after_secs`, with `Retry-After`.
fn retry_later(status: StatusCode, code: &'static str, retry_after_secs: i64) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(ErrorCode(code));
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs.max(1).to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}
