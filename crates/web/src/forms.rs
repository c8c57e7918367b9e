//! `CsrfForm<T>`: reads an url-encoded form, refuses it unless its `csrf` field matches the
//! browser's token, and turns every malformed body into a clear 4xx (never a 500). Bytes that
//! are not UTF-8 and a single-value field sent twice are refused (422), not patched over.

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
        let pairs = strict_pairs(&bytes)?;
        let submitted = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str());
        if !submitted.is_some_and(|s| crate::csrf::verify(&state.app.key[..], &csrf_cookie, s)) {
            tracing::warn!("form refused: CSRF token missing or wrong");
            return Err(AppError::CsrfFailed);
        }
        let value =
            serde_urlencoded::from_bytes::<T>(&bytes).map_err(|_| AppError::BadRequest("error-form-malformed"))?;
        Ok(CsrfForm(value))
    }
}

/// Fields a form may repeat (the ticked checklist items of a document request).
const MULTI_VALUE: &[&str] = &["item"];

/// The decoded pairs of an url-encoded body, refusing what a browser's form never sends:
/// invalid UTF-8 once decoded and a single-value field given twice (422), NUL (400).
pub(crate) fn strict_pairs(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    let refuse = || AppError::Unprocessable("error-form-malformed");
    let decode = |part: &[u8]| -> Result<String, AppError> {
        let spaced: Vec<u8> = part.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
        let bytes = urlencoding::decode_binary(&spaced).into_owned();
        let text = String::from_utf8(bytes).map_err(|_| refuse())?;
        // NUL is no text at all: a malformed body, as before any field is read.
        if text.contains('\0') { Err(AppError::BadRequest("error-form-malformed")) } else { Ok(text) }
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for piece in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match piece.iter().position(|b| *b == b'=') {
            Some(i) => (&piece[..i], &piece[i + 1..]),
            None => (piece, &[][..]),
        };
        let (key, value) = (decode(k)?, decode(v)?);
        if !MULTI_VALUE.contains(&key.as_str()) && pairs.iter().any(|(seen, _)| *seen == key) {
            tracing::info!(field = %key.chars().take(40).collect::<String>(), "form refused: a field sent twice");
            return Err(refuse());
        }
        pairs.push((key, value));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_keep_plain_values_and_refuse_what_browsers_never_send() {
        let ok = strict_pairs(b"a=1&b=caf%C3%A9+au+lait&item=x&item=y").unwrap();
        assert_eq!(ok[1], ("b".to_owned(), "café au lait".to_owned()));
        assert_eq!(ok.len(), 4, "repeatable fields may repeat");
        assert!(matches!(strict_pairs(b"a=x%00y"), Err(AppError::BadRequest(_))));
        for bad in [&b"a=%FF%FE"[..], b"a=1&a=2", b"%C3=1"] {
            assert!(matches!(strict_pairs(bad), Err(AppError::Unprocessable(_))), "{}", String::from_utf8_lossy(bad));
        }
    }
}
