//! The web layer of portail: routers, pages, sessions, CSRF, security headers, translations.
//! Handlers call the store and the domain rules; nothing here holds SQL.

pub mod clock;
pub mod config;
mod context;
pub mod cpu_pool;
mod csrf;
mod error;
mod forms;
pub mod hashing;
pub mod i18n;
mod layout;
pub mod mail;
mod middleware;
mod pages;
pub mod partners;
pub mod reminders;
mod router;
pub mod state;
pub mod waves;

pub use config::WebConfig;
pub use router::{Access, ROUTES, router};
pub use state::AppState;
