//! Persistence of portail: one store API over SQLite or PostgreSQL, picked at run time from the
//! database URL. All SQL lives here; callers see plain records and domain types.

#[macro_use]
mod db;
#[macro_use]
pub mod audit;
pub mod outbox;
#[macro_use]
pub mod files;
pub mod accounts;
pub mod applications;
pub mod calendar;
pub mod clients;
pub mod codes;
pub mod delegates;
#[macro_use]
pub mod documents;
pub mod home;
pub mod invites;
pub mod keys;
pub mod maintenance;
pub mod messages;
pub mod office;
pub mod operator;
pub mod outages;
pub mod partners;
pub mod pr_confirm;
pub mod processing;
pub mod representatives;
pub mod requests;
pub mod sessions;
pub mod status;
pub mod submission;
pub mod throttle;
pub mod tokens;
pub mod waves;

pub use db::{Backend, Store};
pub use files::{FileRef, Record};
pub use outbox::{NewMail, OutboxMail};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique value (such as a username) is already taken.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("database error: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    #[error("stored data is not valid: {0}")]
    Corrupt(&'static str),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(Box::new(e))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Sets one processing step of a file, whether or not it was set before: application, step,
/// state, at.
pub(crate) const SET_STEP: &str = "INSERT INTO application_steps (application_id, step, state, updated_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (application_id, step) DO UPDATE SET state = $3, updated_at = $4";

/// Appends an entry to a file's timeline (`application_events`): id, application, at, kind,
/// detail, and the representative who acted (if one did).
pub(crate) const EVENT: &str = "INSERT INTO application_events (id, application_id, at, kind, detail, by_representative) \
     VALUES ($1, $2, $3, $4, $5, $6)";

/// A write that broke a unique index becomes `Conflict(code)`; other results pass through.
pub(crate) fn conflict_on_unique<T>(r: Result<T>, code: &'static str) -> Result<T> {
    match r {
        Err(StoreError::Database(e)) if e.downcast_ref::<sqlx::Error>().is_some_and(is_unique_violation) => {
            Err(StoreError::Conflict(code))
        }
        other => other,
    }
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.kind() == sqlx::error::ErrorKind::UniqueViolation)
}
