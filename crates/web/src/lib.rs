//! The web adapters of portail: routers, pages, sessions, CSRF, security headers. A handler
//! parses the request, calls one operation of `portail_app`, and renders the outcome in the
//! person's language; the rules and the SQL live below it.

pub mod api;
pub mod config;
mod context;
mod csrf;
mod dates;
mod error;
mod forms;
#[doc(hidden)]
pub mod fuzzing;
mod layering;
mod layout;
mod maintenance;
mod middleware;
mod pages;
pub mod partners;
mod router;
pub mod state;
pub mod status;

pub use config::WebConfig;
pub use router::{Access, ROUTES, router, routes};
pub use state::AppState;
