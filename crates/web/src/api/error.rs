//! The API's errors: `{"error": {"code": "…", "message": "…"}}` with a stable code and a message
//! in the `Accept-Language` language; refused fields listed with their own code and message.
//! 400/401/403/404/409/413/415/422/429 as they are meant; a 500 only for our own faults.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portail_app::FieldError;
use portail_domain::language::Lang;
use portail_domain::policy::Denial;
use portail_i18n::Tr;
use serde::Serialize;
use utoipa::ToSchema;

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable: clients may rely on it.
    pub code: String,
    /// For people, in the request's language (English or French).
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// An API error before it is worded: status, code, the message's Fluent id, refused fields.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub fields: Vec<FieldError>,
    pub retry_after: Option<i64>,
    pub lang: Lang,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> ApiError {
        ApiError { status, code, fields: vec![], retry_after: None, lang: Lang::En }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not-found")
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized")
    }

    pub fn in_lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }
}

/// The message id of a code: `api-<code>`.
fn message(t: &Tr, code: &str) -> String {
    t.get(&format!("api-{code}"))
}

impl From<portail_app::Error> for ApiError {
    fn from(e: portail_app::Error) -> ApiError {
        use portail_app::Error as E;
        let e = e.classified();
        let code = e.code();
        match e {
            E::NotFound | E::Denied(Denial::NotFound | Denial::AdministratorsOnly) => ApiError::not_found(),
            E::Denied(Denial::ManagedInPrPortal) => ApiError::new(StatusCode::CONFLICT, code),
            E::Denied(_) => ApiError::new(StatusCode::FORBIDDEN, code),
            E::Invalid(fields) => {
                let status =
                    if fields.iter().any(|f| f.code == "upload-application-full" || f.code == "upload-too-large") {
                        StatusCode::PAYLOAD_TOO_LARGE
                    } else {
                        StatusCode::UNPROCESSABLE_ENTITY
                    };
                ApiError { fields, ..ApiError::new(status, "invalid-input") }
            }
            E::Conflict(c) => {
                ApiError { fields: vec![FieldError::new("", c)], ..ApiError::new(StatusCode::CONFLICT, "conflict") }
            }
            E::TooMany { retry_after_secs } => {
                ApiError { retry_after: Some(retry_after_secs), ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, code) }
            }
            E::Busy { retry_after_secs } => {
                ApiError { retry_after: Some(retry_after_secs), ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code) }
            }
            E::TooLarge(_) => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            E::ReauthRequired => ApiError::new(StatusCode::FORBIDDEN, code),
            E::Maintenance { retry_after_secs, .. } => {
                ApiError { retry_after: Some(retry_after_secs), ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code) }
            }
            E::StorageFull => ApiError {
                retry_after: Some(crate::error::STORAGE_FULL_RETRY_SECS),
                ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code)
            },
            E::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "internal error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl ApiError {
    /// The JSON body, worded in the error's language.
    fn render(self) -> Response {
        let t = Tr::new(self.lang);
        let fields = self
            .fields
            .iter()
            .map(|f| FieldProblem { field: f.field.clone(), code: f.code.to_owned(), message: t.with(f.code, &f.args) })
            .collect();
        let body =
            ErrorBody { error: ErrorDetail { code: self.code.to_owned(), message: message(&t, self.code), fields } };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"portail\""));
        }
        res
    }
}

/// The response carries the error; [`json_errors`] words it in the request's language.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        res.extensions_mut().insert(self);
        res
    }
}

/// Every error of the API as JSON in the request's language — also axum's own (an unknown path,
/// a method not allowed, a body too large, a timeout).
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default();
    let mut res = next.run(req).await;
    if let Some(e) = res.extensions_mut().remove::<ApiError>() {
        return e.in_lang(lang).render();
    }
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let code = match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too-large",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
        s if s.is_server_error() => "internal",
        _ => "bad-request",
    };
    let allow = res.headers().get(header::ALLOW).cloned();
    let mut out = ApiError::new(status, code).in_lang(lang).render();
    if let Some(v) = allow {
        out.headers_mut().insert(header::ALLOW, v);
    }
    out
}

/// Every code an API error may carry (each has its `api-<code>` message in both languages).
pub const CODES: &[&str] = &[
    "not-found",
    "unauthorized",
    "insufficient-scope",
    "managed-in-pr-portal",
    "session-only",
    "invalid-input",
    "conflict",
    "too-many-requests",
    "busy",
    "too-large",
    "reauth-required",
    "internal",
    "invalid-body",
    "malformed-json",
    "unsupported-media-type",
    "bad-request",
    "bad-query",
    "bad-cursor",
    "bad-idempotency-key",
    "method-not-allowed",
    "timeout",
    "upload-cut",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_code_has_its_message_in_both_languages() {
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for code in CODES {
                let key = format!("api-{code}");
                assert_ne!(t.get(&key), key, "{lang:?} lacks {key}");
            }
        }
    }

    #[test]
    fn the_codes_of_the_operations_are_api_codes() {
        use portail_app::Error as E;
        for e in [
            E::NotFound,
            E::Denied(Denial::Scope),
            E::Denied(Denial::SessionOnly),
            E::Denied(Denial::ManagedInPrPortal),
            E::ReauthRequired,
        ] {
            let api = ApiError::from(e);
            assert!(CODES.contains(&api.code), "{}", api.code);
        }
    }
}
