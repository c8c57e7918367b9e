//! Every route of the web layer, grouped by who may reach it. The group decides access — this is
//! the one place where a route gets its guard.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::context::{self, require_full, require_second_factor, require_setup, require_staff};
use crate::forms::MAX_FORM_BYTES;
use crate::middleware::{error_pages, record_metrics, security_headers};
use crate::pages::{account, apply, demo, inbox, office, partner, pr, public, register, sign_in};
use crate::state::AppState;

/// Who may reach a route. The access-matrix test walks every route with every kind of visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Password accepted, second factor owed.
    SecondFactor,
    /// A new account finishing set-up (or a signed-in person).
    Setup,
    /// Signed in with both factors.
    Full,
    /// Staff (officers, administrators) signed in with both factors.
    Staff,
}

/// Every page route: method, path, access. Kept beside the router so that tests and docs read
/// the same table.
pub const ROUTES: &[(&str, &str, Access)] = &[
    ("GET", "/", Access::Public),
    ("GET", "/register", Access::Public),
    ("POST", "/register", Access::Public),
    ("GET", "/sign-in", Access::Public),
    ("POST", "/sign-in", Access::Public),
    ("POST", "/sign-out", Access::Public),
    ("GET", "/forgot-password", Access::Public),
    ("POST", "/forgot-password", Access::Public),
    ("GET", "/reset-password", Access::Public),
    ("POST", "/reset-password", Access::Public),
    ("GET", "/lang/{code}", Access::Public),
    ("GET", "/sign-in/partner/{id}", Access::Public),
    ("GET", "/sign-in/partner/callback", Access::Public),
    ("GET", "/sign-in/partner/{id}/sign-out", Access::Public),
    ("GET", "/pr/start", Access::Public),
    ("POST", "/pr/start", Access::Public),
    ("GET", "/sign-in/verify", Access::SecondFactor),
    ("POST", "/sign-in/verify", Access::SecondFactor),
    ("GET", "/register/confirm-email", Access::Setup),
    ("POST", "/register/confirm-email", Access::Setup),
    ("POST", "/register/resend-code", Access::Setup),
    ("GET", "/register/partner", Access::Setup),
    ("POST", "/register/partner", Access::Setup),
    ("GET", "/mfa/enrol", Access::Setup),
    ("POST", "/mfa/enrol", Access::Setup),
    ("GET", "/home", Access::Full),
    ("GET", "/account", Access::Full),
    ("POST", "/account/password", Access::Full),
    ("GET", "/account/reauth", Access::Full),
    ("POST", "/account/reauth", Access::Full),
    ("GET", "/account/reauth/partner", Access::Full),
    ("GET", "/account/mfa", Access::Full),
    ("POST", "/account/mfa", Access::Full),
    ("POST", "/account/sessions/{id}/end", Access::Full),
    ("POST", "/account/sessions/end-all", Access::Full),
    ("POST", "/session/keep-alive", Access::Full),
    ("GET", "/apply", Access::Full),
    ("GET", "/apply/{type}", Access::Full),
    ("POST", "/applications", Access::Full),
    ("GET", "/applications/{id}", Access::Full),
    ("GET", "/applications/{id}/sections/{section}", Access::Full),
    ("POST", "/applications/{id}/sections/{section}", Access::Full),
    ("GET", "/applications/{id}/members", Access::Full),
    ("POST", "/applications/{id}/members", Access::Full),
    ("POST", "/applications/{id}/members/{member}/remove", Access::Full),
    ("GET", "/applications/{id}/documents/{item}", Access::Full),
    ("POST", "/applications/{id}/documents/{item}", Access::Full),
    ("GET", "/applications/{id}/files/{doc}", Access::Full),
    ("POST", "/applications/{id}/files/{doc}/remove", Access::Full),
    ("GET", "/applications/{id}/submit", Access::Full),
    ("POST", "/applications/{id}/pay", Access::Full),
    ("POST", "/applications/{id}/submit", Access::Full),
    ("GET", "/applications/{id}/submitted", Access::Full),
    ("GET", "/applications/{id}/receipt.pdf", Access::Full),
    ("GET", "/applications/{id}/withdraw", Access::Full),
    ("POST", "/applications/{id}/withdraw", Access::Full),
    ("GET", "/applications/link", Access::Full),
    ("POST", "/applications/link", Access::Full),
    ("GET", "/applications/{id}/delete", Access::Full),
    ("GET", "/applications/{id}/requests/{rid}", Access::Full),
    ("POST", "/applications/{id}/requests/{rid}/items/{index}", Access::Full),
    ("POST", "/applications/{id}/requests/{rid}/answer", Access::Full),
    ("POST", "/applications/{id}/requests/{rid}/extension", Access::Full),
    ("GET", "/applications/{id}/history", Access::Full),
    ("GET", "/applications/{id}/history.pdf", Access::Full),
    ("GET", "/applications/{id}/messages", Access::Full),
    ("POST", "/applications/{id}/messages", Access::Full),
    ("GET", "/inbox", Access::Full),
    ("GET", "/pr", Access::Full),
    ("GET", "/pr/redeem", Access::Full),
    ("POST", "/pr/redeem", Access::Full),
    ("POST", "/pr/files/{id}/new-code", Access::Full),
    ("GET", "/pr/files/{id}", Access::Full),
    ("GET", "/pr/files/{id}/events", Access::Full),
    ("GET", "/pr/files/{id}/presence", Access::Full),
    ("POST", "/pr/files/{id}/presence", Access::Full),
    ("GET", "/pr/files/{id}/address", Access::Full),
    ("POST", "/pr/files/{id}/address", Access::Full),
    ("GET", "/pr/files/{id}/photo", Access::Full),
    ("POST", "/pr/files/{id}/photo", Access::Full),
    ("GET", "/pr/files/{id}/letters/{letter}", Access::Full),
    ("GET", "/pr/files/{id}/ecopr.pdf", Access::Full),
    ("GET", "/inbox/{letter}", Access::Full),
    ("GET", "/office", Access::Staff),
    ("GET", "/office/staff", Access::Staff),
    ("POST", "/office/staff", Access::Staff),
    ("GET", "/office/pr", Access::Staff),
    ("POST", "/office/pr/rules", Access::Staff),
    ("GET", "/office/pr/rules/{id}", Access::Staff),
    ("POST", "/office/pr/rules/{id}/waves", Access::Staff),
    ("GET", "/office/pr/waves/{id}", Access::Staff),
    ("GET", "/office/files/{id}", Access::Staff),
    ("POST", "/office/files/{id}/take", Access::Staff),
    ("POST", "/office/files/{id}/release", Access::Staff),
    ("POST", "/office/files/{id}/notes", Access::Staff),
    ("POST", "/office/files/{id}/steps", Access::Staff),
    ("POST", "/office/files/{id}/decide", Access::Staff),
    ("GET", "/office/files/{id}/documents/{doc}", Access::Staff),
    ("GET", "/office/files/{id}/letters/{letter}", Access::Staff),
    ("POST", "/office/files/{id}/requests", Access::Staff),
    ("POST", "/office/files/{id}/letters", Access::Staff),
    ("POST", "/office/files/{id}/messages", Access::Staff),
    ("POST", "/office/files/{id}/requests/{rid}/extension", Access::Staff),
    ("GET", "/office/files/{id}/pr", Access::Staff),
    ("POST", "/office/files/{id}/pr/invite", Access::Staff),
    ("POST", "/office/files/{id}/pr/revoke", Access::Staff),
    ("POST", "/office/files/{id}/pr/review/{task}", Access::Staff),
    ("POST", "/office/files/{id}/pr/ecopr", Access::Staff),
    ("POST", "/office/files/{id}/pr/card", Access::Staff),
    ("GET", "/office/files/{id}/pr/photo", Access::Staff),
    ("POST", "/applications/{id}/delete", Access::Full),
];

pub fn router(state: AppState) -> Router {
    let public = Router::new()
        .route("/", get(public::landing_get))
        .route("/register", get(register::register_get).post(register::register_post))
        .route("/sign-in", get(sign_in::sign_in_get).post(sign_in::sign_in_post))
        .route("/sign-out", post(sign_in::sign_out_post))
        .route("/forgot-password", get(sign_in::forgot_get).post(sign_in::forgot_post))
        .route("/reset-password", get(sign_in::reset_get).post(sign_in::reset_post))
        .route("/lang/{code}", get(public::lang_get))
        .route("/sign-in/partner/{id}", get(partner::start_get))
        .route("/sign-in/partner/callback", get(partner::callback_get))
        .route("/sign-in/partner/{id}/sign-out", get(partner::sign_out_get))
        .route("/pr/start", get(pr::start::start_get).post(pr::start::start_post));
    let second_factor = Router::new()
        .route("/sign-in/verify", get(sign_in::verify_get).post(sign_in::verify_post))
        .route_layer(from_fn(require_second_factor));
    let setup = Router::new()
        .route("/register/confirm-email", get(register::confirm_get).post(register::confirm_post))
        .route("/register/resend-code", post(register::resend_post))
        .route("/register/partner", get(partner::email_get).post(partner::email_post))
        .route("/mfa/enrol", get(register::enrol_get).post(register::enrol_post))
        .route_layer(from_fn(require_setup));
    let full = Router::new()
        .route("/home", get(account::home_get))
        .route("/account", get(account::account_get))
        .route("/account/password", post(account::password_post))
        .route("/account/reauth", get(account::reauth_get).post(account::reauth_post))
        .route("/account/reauth/partner", get(partner::reauth_get))
        .route("/account/mfa", get(account::mfa_get).post(account::mfa_post))
        .route("/account/sessions/{id}/end", post(account::end_session_post))
        .route("/account/sessions/end-all", post(account::end_all_post))
        .route("/session/keep-alive", post(account::keep_alive_post))
        .route("/apply", get(apply::catalog::catalog_get))
        .route("/apply/{type}", get(apply::catalog::preview_get))
        .route("/applications", post(apply::catalog::start_post))
        .route("/applications/{id}", get(apply::draft::application_get))
        .route("/applications/link", get(apply::status::link_get).post(apply::status::link_post))
        .route("/applications/{id}/submit", get(apply::submit::review_get).post(apply::submit::submit_post))
        .route("/applications/{id}/pay", post(apply::submit::pay_post))
        .route("/applications/{id}/submitted", get(apply::submit::submitted_get))
        .route("/applications/{id}/receipt.pdf", get(apply::submit::receipt_get))
        .route("/applications/{id}/withdraw", get(apply::status::withdraw_get).post(apply::status::withdraw_post))
        .route(
            "/applications/{id}/sections/{section}",
            get(apply::section::section_get).post(apply::section::section_post),
        )
        .route("/applications/{id}/members", get(apply::members::member_get).post(apply::members::member_post))
        .route("/applications/{id}/members/{member}/remove", post(apply::members::member_remove_post))
        .route("/applications/{id}/delete", get(apply::draft::delete_get).post(apply::draft::delete_post))
        .route(
            "/applications/{id}/documents/{item}",
            get(apply::documents::item_get)
                // Uploads stream under their own size cap, with a translated 413.
                .post(apply::documents::upload_post)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/applications/{id}/files/{doc}", get(apply::documents::download_get))
        .route("/applications/{id}/files/{doc}/remove", post(apply::documents::remove_post))
        .route("/applications/{id}/requests/{rid}", get(apply::requests::request_get))
        .route(
            "/applications/{id}/requests/{rid}/items/{index}",
            post(apply::requests::item_post).layer(DefaultBodyLimit::disable()),
        )
        .route("/applications/{id}/requests/{rid}/answer", post(apply::requests::answer_post))
        .route("/applications/{id}/requests/{rid}/extension", post(apply::requests::extension_post))
        .route("/applications/{id}/history", get(apply::history::history_get))
        .route("/applications/{id}/history.pdf", get(apply::history::history_pdf_get))
        .route(
            "/applications/{id}/messages",
            get(apply::messages::thread_get).post(apply::messages::thread_post).layer(DefaultBodyLimit::disable()),
        )
        .route("/pr", get(pr::file::home_get))
        .route("/pr/redeem", get(pr::redeem::redeem_get).post(pr::redeem::redeem_post))
        .route("/pr/files/{id}/new-code", post(pr::redeem::new_code_post))
        .route("/pr/files/{id}", get(pr::file::file_get))
        .route("/pr/files/{id}/events", get(pr::live::events_get))
        .route("/pr/files/{id}/presence", get(pr::tasks::presence_get).post(pr::tasks::presence_post))
        .route("/pr/files/{id}/address", get(pr::tasks::address_get).post(pr::tasks::address_post))
        .route(
            "/pr/files/{id}/photo",
            // The photo streams under its own size cap (4 MB), with a translated message.
            get(pr::tasks::photo_get).post(pr::tasks::photo_post).layer(DefaultBodyLimit::disable()),
        )
        .route("/pr/files/{id}/letters/{letter}", get(pr::file::letter_get))
        .route("/pr/files/{id}/ecopr.pdf", get(pr::file::ecopr_get))
        .route("/inbox", get(inbox::inbox_get))
        .route("/inbox/{letter}", get(inbox::letter_get))
        .route_layer(from_fn(require_full));
    let staff = Router::new()
        .route("/office", get(office::queue::queue_get))
        .route("/office/staff", get(office::staff::staff_get).post(office::staff::staff_post))
        .route("/office/pr", get(office::waves::waves_get))
        .route("/office/pr/rules", post(office::waves::rule_post))
        .route("/office/pr/rules/{id}", get(office::waves::rule_get))
        .route("/office/pr/rules/{id}/waves", post(office::waves::wave_post))
        .route("/office/pr/waves/{id}", get(office::waves::wave_get))
        .route("/office/files/{id}", get(office::file::file_get))
        .route("/office/files/{id}/take", post(office::actions::take_post))
        .route("/office/files/{id}/release", post(office::actions::release_post))
        .route("/office/files/{id}/notes", post(office::actions::note_post))
        .route("/office/files/{id}/steps", post(office::actions::step_post))
        .route("/office/files/{id}/decide", post(office::actions::decide_post))
        .route("/office/files/{id}/documents/{doc}", get(office::actions::document_get))
        .route("/office/files/{id}/letters/{letter}", get(office::actions::letter_get))
        .route("/office/files/{id}/requests", post(office::requests::request_post))
        .route("/office/files/{id}/letters", post(office::actions::letter_post))
        .route("/office/files/{id}/messages", post(office::actions::message_post))
        .route("/office/files/{id}/requests/{rid}/extension", post(office::requests::extension_post))
        .route("/office/files/{id}/pr", get(office::pr::pr_get))
        .route("/office/files/{id}/pr/invite", post(office::pr::invite_post))
        .route("/office/files/{id}/pr/revoke", post(office::pr::revoke_post))
        .route("/office/files/{id}/pr/review/{task}", post(office::pr::review_post))
        .route("/office/files/{id}/pr/ecopr", post(office::pr::ecopr_post))
        .route("/office/files/{id}/pr/card", post(office::pr::card_post))
        .route("/office/files/{id}/pr/photo", get(office::pr::photo_get))
        .route_layer(from_fn(require_staff));
    let mut pages = public.merge(second_factor).merge(setup).merge(full).merge(staff);
    if state.config.demo {
        pages = pages.route("/demo/mail", get(demo::demo_mail_get));
    }
    let pages = pages.fallback(|| async { StatusCode::NOT_FOUND }).layer(
        ServiceBuilder::new()
            .layer(from_fn_with_state(state.clone(), crate::csrf::ensure_cookie))
            .layer(from_fn_with_state(state.clone(), context::load))
            .layer(from_fn_with_state(state.clone(), error_pages)),
    );
    let ops = Router::new()
        .route("/healthz", get(public::healthz_get))
        .route("/readyz", get(public::readyz_get))
        .route("/metrics", get(public::metrics_get))
        .route("/static/portail.css", get(public::css_get))
        .route("/static/session.js", get(public::session_js_get))
        .route("/static/upload.js", get(public::upload_js_get))
        .route("/static/pr.css", get(public::pr_css_get))
        .route("/static/pr.js", get(public::pr_js_get));
    ops.merge(pages)
        .layer(from_fn(record_metrics))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            // The path only: query strings may carry tokens and never reach the logs.
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(from_fn(security_headers))
        .with_state(state)
}
