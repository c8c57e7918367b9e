//! Every route of the web layer, grouped by who may reach it. The group decides access — this is
//! the one place where a route gets its guard.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::context::{self, require_admin, require_full, require_second_factor, require_setup, require_staff};
use crate::forms::MAX_FORM_BYTES;
use crate::middleware::{error_pages, record_metrics, security_headers};
use crate::pages::{
    account, apply, calendar, consents, demo, inbox, office, partner, pr, public, register, representative, sign_in,
    tokens,
};
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
    /// Administrators signed in with both factors (officers and applicants get a 404).
    Admin,
}

/// Every page route: method, path, access — the documented table. A test compares it with what
/// the real router registers ([`routes`]), so the two cannot drift apart.
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
    ("POST", "/lang", Access::Public),
    ("GET", "/sign-in/partner/{id}", Access::Public),
    ("GET", "/sign-in/partner/callback", Access::Public),
    ("GET", "/sign-in/partner/{id}/sign-out", Access::Public),
    ("GET", "/pr/start", Access::Public),
    ("GET", "/calendar.ics", Access::Public),
    ("GET", "/status", Access::Public),
    ("GET", "/status.atom", Access::Public),
    ("GET", "/processing-times", Access::Public),
    ("GET", "/about/{page}", Access::Public),
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
    ("GET", "/account/tokens", Access::Full),
    ("POST", "/account/tokens", Access::Full),
    ("POST", "/account/tokens/{id}/revoke", Access::Full),
    ("GET", "/account/calendar", Access::Full),
    ("POST", "/account/calendar", Access::Full),
    ("POST", "/account/calendar/remove", Access::Full),
    ("GET", "/account/representatives", Access::Full),
    ("POST", "/account/representatives", Access::Full),
    ("POST", "/account/representatives/{id}/answer", Access::Full),
    ("POST", "/account/representatives/{id}/revoke", Access::Full),
    ("GET", "/representative", Access::Full),
    ("POST", "/representative", Access::Full),
    ("POST", "/representative/requests", Access::Full),
    ("POST", "/representative/consents/{id}/withdraw", Access::Full),
    ("POST", "/representative/assistants", Access::Full),
    ("POST", "/representative/proof", Access::Full),
    ("POST", "/representative/assistants/{id}/remove", Access::Full),
    ("GET", "/representative/clients", Access::Full),
    ("GET", "/representative/agenda", Access::Full),
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
    ("GET", "/office/staff", Access::Admin),
    ("GET", "/office/representatives", Access::Admin),
    ("POST", "/office/representatives/{id}/decision", Access::Admin),
    ("GET", "/office/representatives/{id}/proof", Access::Admin),
    ("POST", "/office/staff", Access::Admin),
    ("GET", "/office/maintenance", Access::Admin),
    ("POST", "/office/maintenance", Access::Admin),
    ("POST", "/office/maintenance/{id}/end", Access::Admin),
    ("GET", "/office/incidents", Access::Admin),
    ("POST", "/office/incidents", Access::Admin),
    ("POST", "/office/incidents/{id}/updates", Access::Admin),
    ("POST", "/office/incidents/end", Access::Admin),
    ("GET", "/office/pr", Access::Admin),
    ("POST", "/office/pr/rules", Access::Admin),
    ("GET", "/office/pr/rules/{id}", Access::Admin),
    ("POST", "/office/pr/rules/{id}/waves", Access::Admin),
    ("GET", "/office/pr/waves/{id}", Access::Admin),
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

/// A group of routes behind one guard. Every route is recorded as it is added, so the table
/// the real router serves ([`routes`]) cannot differ from what was registered.
struct Group {
    access: Access,
    router: Router<AppState>,
    table: Vec<(&'static str, &'static str, Access)>,
}

impl Group {
    fn new(access: Access) -> Group {
        Group { access, router: Router::new(), table: vec![] }
    }

    fn add(mut self, method: &'static str, path: &'static str, route: MethodRouter<AppState>) -> Group {
        self.table.push((method, path, self.access));
        self.router = self.router.route(path, route);
        self
    }

    fn get<H, T>(self, path: &'static str, handler: H) -> Group
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, get(handler))
    }

    fn post<H, T>(self, path: &'static str, handler: H) -> Group
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler))
    }
}

/// The page routes as the real router registers them: method, path, access.
pub fn routes(state: &AppState) -> Vec<(&'static str, &'static str, Access)> {
    groups(state).into_iter().flat_map(|g| g.table).collect()
}

fn groups(state: &AppState) -> Vec<Group> {
    // The message form carries one attachment at most: its whole body is capped.
    let message_limit = usize::try_from(crate::pages::apply::messages::max_message_body(state)).unwrap_or(usize::MAX);
    let public = Group::new(Access::Public)
        .get("/", public::landing_get)
        .get("/register", register::register_get)
        .post("/register", register::register_post)
        .get("/sign-in", sign_in::sign_in_get)
        .post("/sign-in", sign_in::sign_in_post)
        .post("/sign-out", sign_in::sign_out_post)
        .get("/forgot-password", sign_in::forgot_get)
        .post("/forgot-password", sign_in::forgot_post)
        .get("/reset-password", sign_in::reset_get)
        .post("/reset-password", sign_in::reset_post)
        .get("/lang/{code}", public::lang_get)
        .post("/lang", public::lang_post)
        .get("/sign-in/partner/{id}", partner::start_get)
        .get("/sign-in/partner/callback", partner::callback_get)
        .get("/sign-in/partner/{id}/sign-out", partner::sign_out_get)
        .get("/pr/start", pr::start::start_get)
        .post("/pr/start", pr::start::start_post)
        .get("/calendar.ics", calendar::feed_get)
        .get("/status", crate::pages::status::status_get)
        .get("/status.atom", crate::pages::status::status_atom_get)
        .get("/processing-times", crate::pages::processing::processing_get)
        .get("/about/{page}", crate::pages::about::about_get);
    let second_factor = Group::new(Access::SecondFactor)
        .get("/sign-in/verify", sign_in::verify_get)
        .post("/sign-in/verify", sign_in::verify_post);
    let setup = Group::new(Access::Setup)
        .get("/register/confirm-email", register::confirm_get)
        .post("/register/confirm-email", register::confirm_post)
        .post("/register/resend-code", register::resend_post)
        .get("/register/partner", partner::email_get)
        .post("/register/partner", partner::email_post)
        .get("/mfa/enrol", register::enrol_get)
        .post("/mfa/enrol", register::enrol_post);
    let full = Group::new(Access::Full)
        .get("/home", account::home_get)
        .get("/account", account::account_get)
        .post("/account/password", account::password_post)
        .get("/account/reauth", account::reauth_get)
        .post("/account/reauth", account::reauth_post)
        .get("/account/reauth/partner", partner::reauth_get)
        .get("/account/mfa", account::mfa_get)
        .post("/account/mfa", account::mfa_post)
        .post("/account/sessions/{id}/end", account::end_session_post)
        .post("/account/sessions/end-all", account::end_all_post)
        .post("/session/keep-alive", account::keep_alive_post)
        .get("/account/tokens", tokens::tokens_get)
        .post("/account/tokens", tokens::tokens_post)
        .post("/account/tokens/{id}/revoke", tokens::revoke_post)
        .get("/account/calendar", calendar::calendar_get)
        .post("/account/calendar", calendar::calendar_post)
        .post("/account/calendar/remove", calendar::remove_post)
        .get("/account/representatives", consents::consents_get)
        .post("/account/representatives", consents::appoint_post)
        .post("/account/representatives/{id}/answer", consents::answer_post)
        .post("/account/representatives/{id}/revoke", consents::revoke_post)
        .get("/representative", representative::profile_get)
        .post("/representative", representative::profile_post)
        .post("/representative/requests", representative::ask_post)
        .post("/representative/consents/{id}/withdraw", representative::withdraw_post)
        .post("/representative/assistants", representative::assistant_post)
        // The proof streams under the upload cap, with a translated 413.
        .add("POST", "/representative/proof", post(representative::proof_post).layer(DefaultBodyLimit::disable()))
        .post("/representative/assistants/{id}/remove", representative::assistant_remove_post)
        .get("/representative/clients", representative::clients_get)
        .get("/representative/agenda", representative::agenda_get)
        .get("/apply", apply::catalog::catalog_get)
        .get("/apply/{type}", apply::catalog::preview_get)
        .post("/applications", apply::catalog::start_post)
        .get("/applications/{id}", apply::draft::application_get)
        .get("/applications/link", apply::status::link_get)
        .post("/applications/link", apply::status::link_post)
        .get("/applications/{id}/submit", apply::submit::review_get)
        .post("/applications/{id}/submit", apply::submit::submit_post)
        .post("/applications/{id}/pay", apply::submit::pay_post)
        .get("/applications/{id}/submitted", apply::submit::submitted_get)
        .get("/applications/{id}/receipt.pdf", apply::submit::receipt_get)
        .get("/applications/{id}/withdraw", apply::status::withdraw_get)
        .post("/applications/{id}/withdraw", apply::status::withdraw_post)
        .get("/applications/{id}/sections/{section}", apply::section::section_get)
        .post("/applications/{id}/sections/{section}", apply::section::section_post)
        .get("/applications/{id}/members", apply::members::member_get)
        .post("/applications/{id}/members", apply::members::member_post)
        .post("/applications/{id}/members/{member}/remove", apply::members::member_remove_post)
        .get("/applications/{id}/delete", apply::draft::delete_get)
        .post("/applications/{id}/delete", apply::draft::delete_post)
        .get("/applications/{id}/documents/{item}", apply::documents::item_get)
        // Uploads stream under their own size cap, with a translated 413.
        .add(
            "POST",
            "/applications/{id}/documents/{item}",
            post(apply::documents::upload_post).layer(DefaultBodyLimit::disable()),
        )
        .get("/applications/{id}/files/{doc}", apply::documents::download_get)
        .post("/applications/{id}/files/{doc}/remove", apply::documents::remove_post)
        .get("/applications/{id}/requests/{rid}", apply::requests::request_get)
        .add(
            "POST",
            "/applications/{id}/requests/{rid}/items/{index}",
            post(apply::requests::item_post).layer(DefaultBodyLimit::disable()),
        )
        .post("/applications/{id}/requests/{rid}/answer", apply::requests::answer_post)
        .post("/applications/{id}/requests/{rid}/extension", apply::requests::extension_post)
        .get("/applications/{id}/history", apply::history::history_get)
        .get("/applications/{id}/history.pdf", apply::history::history_pdf_get)
        .get("/applications/{id}/messages", apply::messages::thread_get)
        .add(
            "POST",
            "/applications/{id}/messages",
            post(apply::messages::thread_post).layer(DefaultBodyLimit::max(message_limit)),
        )
        .get("/pr", pr::file::home_get)
        .get("/pr/redeem", pr::redeem::redeem_get)
        .post("/pr/redeem", pr::redeem::redeem_post)
        .post("/pr/files/{id}/new-code", pr::redeem::new_code_post)
        .get("/pr/files/{id}", pr::file::file_get)
        .get("/pr/files/{id}/events", pr::live::events_get)
        .get("/pr/files/{id}/presence", pr::tasks::presence_get)
        .post("/pr/files/{id}/presence", pr::tasks::presence_post)
        .get("/pr/files/{id}/address", pr::tasks::address_get)
        .post("/pr/files/{id}/address", pr::tasks::address_post)
        .get("/pr/files/{id}/photo", pr::tasks::photo_get)
        // The photo streams under its own size cap (4 MB), with a translated message.
        .add("POST", "/pr/files/{id}/photo", post(pr::tasks::photo_post).layer(DefaultBodyLimit::disable()))
        .get("/pr/files/{id}/letters/{letter}", pr::file::letter_get)
        .get("/pr/files/{id}/ecopr.pdf", pr::file::ecopr_get)
        .get("/inbox", inbox::inbox_get)
        .get("/inbox/{letter}", inbox::letter_get);
    let staff = Group::new(Access::Staff)
        .get("/office", office::queue::queue_get)
        .get("/office/files/{id}", office::file::file_get)
        .post("/office/files/{id}/take", office::actions::take_post)
        .post("/office/files/{id}/release", office::actions::release_post)
        .post("/office/files/{id}/notes", office::actions::note_post)
        .post("/office/files/{id}/steps", office::actions::step_post)
        .post("/office/files/{id}/decide", office::actions::decide_post)
        .get("/office/files/{id}/documents/{doc}", office::actions::document_get)
        .get("/office/files/{id}/letters/{letter}", office::actions::letter_get)
        .post("/office/files/{id}/requests", office::requests::request_post)
        .post("/office/files/{id}/letters", office::actions::letter_post)
        .post("/office/files/{id}/messages", office::actions::message_post)
        .post("/office/files/{id}/requests/{rid}/extension", office::requests::extension_post)
        .get("/office/files/{id}/pr", office::pr::pr_get)
        .post("/office/files/{id}/pr/invite", office::pr::invite_post)
        .post("/office/files/{id}/pr/revoke", office::pr::revoke_post)
        .post("/office/files/{id}/pr/review/{task}", office::pr::review_post)
        .post("/office/files/{id}/pr/ecopr", office::pr::ecopr_post)
        .post("/office/files/{id}/pr/card", office::pr::card_post)
        .get("/office/files/{id}/pr/photo", office::pr::photo_get);
    let admin = Group::new(Access::Admin)
        .get("/office/staff", office::staff::staff_get)
        .get("/office/representatives", office::representatives::queue_get)
        .post("/office/representatives/{id}/decision", office::representatives::decision_post)
        .get("/office/representatives/{id}/proof", office::representatives::proof_get)
        .post("/office/staff", office::staff::staff_post)
        .get("/office/maintenance", office::maintenance::maintenance_get)
        .post("/office/maintenance", office::maintenance::maintenance_post)
        .post("/office/maintenance/{id}/end", office::maintenance::end_post)
        .get("/office/incidents", office::incidents::incidents_get)
        .post("/office/incidents", office::incidents::start_post)
        .post("/office/incidents/{id}/updates", office::incidents::update_post)
        .post("/office/incidents/end", office::incidents::end_post)
        .get("/office/pr", office::waves::waves_get)
        .post("/office/pr/rules", office::waves::rule_post)
        .get("/office/pr/rules/{id}", office::waves::rule_get)
        .post("/office/pr/rules/{id}/waves", office::waves::wave_post)
        .get("/office/pr/waves/{id}", office::waves::wave_get);
    vec![public, second_factor, setup, full, staff, admin]
}

pub fn router(state: AppState) -> Router {
    let mut pages = Router::new();
    for g in groups(&state) {
        let guarded = match g.access {
            Access::Public => g.router,
            Access::SecondFactor => g.router.route_layer(from_fn(require_second_factor)),
            Access::Setup => g.router.route_layer(from_fn(require_setup)),
            Access::Full => g.router.route_layer(from_fn(require_full)),
            Access::Staff => g.router.route_layer(from_fn(require_staff)),
            Access::Admin => g.router.route_layer(from_fn(require_admin)),
        };
        pages = pages.merge(guarded);
    }
    if state.config.demo {
        pages = pages.route("/demo/mail", get(demo::demo_mail_get));
    }
    let pages = pages.fallback(|| async { StatusCode::NOT_FOUND }).layer(
        ServiceBuilder::new()
            .layer(from_fn_with_state(state.clone(), crate::csrf::ensure_cookie))
            .layer(from_fn_with_state(state.clone(), context::load))
            .layer(from_fn_with_state(state.clone(), error_pages))
            .layer(from_fn_with_state(state.clone(), crate::maintenance::pages_gate)),
    );
    let ops = Router::new()
        .route("/healthz", get(public::healthz_get))
        .route("/readyz", get(public::readyz_get))
        .route("/metrics", get(public::metrics_get))
        .route("/status.json", get(crate::pages::status::status_json_get))
        .route("/static/portail.css", get(public::css_get))
        .route("/static/session.js", get(public::session_js_get))
        .route("/static/upload.js", get(public::upload_js_get))
        .route("/static/pr.css", get(public::pr_css_get))
        .route("/static/pr.js", get(public::pr_js_get));
    ops.merge(pages)
        .merge(crate::api::router(state.clone()))
        .layer(from_fn_with_state(state.clone(), record_metrics))
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
        .layer(from_fn(crate::middleware::vet_request_id))
        .layer(from_fn(security_headers))
        .with_state(state)
}
