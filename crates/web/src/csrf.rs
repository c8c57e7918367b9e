//! CSRF protection: a signed double-submit token. A random `__Host-` cookie per browser; every
//! form carries HMAC(server key, cookie). An attacker can neither read nor set the cookie, nor
//! compute the token without the key.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;
use portail_app::keyed_digest;

pub const COOKIE_NAME: &str = "__Host-portail-csrf";

/// The browser's CSRF cookie value, put in request extensions by [`ensure_cookie`].
#[derive(Debug, Clone)]
pub struct CsrfCookie(pub String);

pub fn token_for(key: &[u8], cookie: &str) -> String {
    keyed_digest(key, "csrf", cookie)
}

pub fn verify(key: &[u8], cookie: &str, submitted: &str) -> bool {
    !cookie.is_empty() && portail_domain::secret::same(&token_for(key, cookie), submitted)
}

pub fn read_cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn well_formed(v: &str) -> bool {
    v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit())
}

/// Makes sure every browser has a CSRF cookie before any form is shown.
pub async fn ensure_cookie(State(_state): State<AppState>, mut req: Request, next: Next) -> Response {
    let existing = read_cookie(req.headers(), COOKIE_NAME).filter(|v| well_formed(v)).map(str::to_owned);
    let (value, fresh) = match existing {
        Some(v) => (v, false),
        None => (portail_domain::secret::new_token(), true),
    };
    req.extensions_mut().insert(CsrfCookie(value.clone()));
    let mut res = next.run(req).await;
    if fresh {
        let cookie = format!("{COOKIE_NAME}={value}; Path=/; Secure; HttpOnly; SameSite=Lax");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}
