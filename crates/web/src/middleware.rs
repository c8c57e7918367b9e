//! Cross-cutting layers: security headers on every response, translated error pages, request
//! metrics.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

use crate::context::{Ctx, request_lang};
use crate::error::ErrorCode;
use crate::state::AppState;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// A request id sent by the client (or the load balancer) is kept only when it looks like one:
/// up to 64 letters, digits, `-`, `_` or `.`. Anything else is dropped, and a fresh UUID takes
/// its place, so a forged value never reaches the logs or the response unchecked.
pub async fn vet_request_id(mut req: Request, next: Next) -> Response {
    let valid = |v: &HeaderValue| {
        let b = v.as_bytes();
        !b.is_empty() && b.len() <= 64 && b.iter().all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(c))
    };
    if req.headers().get_all("x-request-id").iter().count() > 1
        || req.headers().get("x-request-id").is_some_and(|v| !valid(v))
    {
        req.headers_mut().remove("x-request-id");
    }
    next.run(req).await
}

/// Security headers, set on every response (outermost layer, so errors get them too).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let large_body = req.headers().contains_key(header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            .is_some_and(|n| n > 64 * 1024);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    // A response may bring a stricter policy of its own (document downloads are sandboxed).
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(CSP));
    set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=()");
    if !is_static {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    // A refusal may come before a large body was read (too large, not found, not allowed): the
    // rest of it is still on the wire, so the client must not send its next request on this
    // connection.
    let refused = res.status().is_client_error();
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE || (refused && large_body) {
        set(res.headers_mut(), header::CONNECTION, "close");
    }
    res
}

/// Turns bare error statuses (from handlers or from axum itself: 404, 405, 413 …) into a page in
/// the person's language. Responses that already carry HTML are left alone.
pub async fn error_pages(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let lang = request_lang(req.headers());
    let ctx = req.extensions().get::<Ctx>().cloned();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        return res;
    }
    let code = res.extensions().get::<ErrorCode>().map(|c| c.0).unwrap_or(match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::REQUEST_TIMEOUT => "error-timeout",
        s if s.is_server_error() => "error-internal",
        _ => "error-bad-request",
    });
    let ctx = ctx.unwrap_or_else(|| Ctx {
        lang,
        csrf_cookie: String::new(),
        csrf_token: String::new(),
        who: None,
        timed_out: false,
        unread: 0,
        ip: String::new(),
        user_agent: String::new(),
        path: "/".into(),
    });
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let mut page = crate::pages::public::error_page(&st, &ctx, status, code);
    if let Some(v) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, v);
    }
    page
}

/// Counts requests and their durations by route and status, for `/metrics` and the status page.
pub async fn record_metrics(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "unmatched".to_owned());
    let method = req.method().to_string();
    let part = crate::status::StatusBoard::counted_part(req.uri().path());
    let res = next.run(req).await;
    let upload = method == "POST" && route.contains("/documents");
    st.status.count(part, upload, res.status().as_u16());
    let status = res.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    res
}
