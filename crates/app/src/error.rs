//! The one error of the operations. Every refusal carries a stable code — also the Fluent id of
//! its message — and the pages and the API translate it at the edge; nothing here is worded.

use portail_domain::policy::Denial;
use std::sync::atomic::{AtomicI64, Ordering};

/// A refused value of a form or a request body: which field, and why (a stable code, with the
/// arguments its message shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str) -> FieldError {
        FieldError { field: field.into(), code, args: vec![] }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> FieldError {
        self.args.push((name, value.into()));
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such thing for this actor (also: someone else's).
    #[error("not found")]
    NotFound,
    /// The actor reaches it but the policy refuses this (the denial says why).
    #[error("refused: {}", .0.code())]
    Denied(Denial),
    /// Values that cannot be accepted; nothing was written.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Not possible in the file's current state, or somebody changed it meanwhile.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    TooMany { retry_after_secs: i64 },
    /// The service cannot take this now (its bounded queue is full): come back shortly.
    #[error("busy")]
    Busy { retry_after_secs: i64 },
    #[error("too large: {0}")]
    TooLarge(&'static str),
    /// A sign-in of the last minutes is needed first.
    #[error("a recent sign-in is needed")]
    ReauthRequired,
    /// A maintenance window holds writes until `until`.
    #[error("read-only for maintenance")]
    Maintenance { until: chrono::DateTime<chrono::Utc>, retry_after_secs: i64 },
    /// The database or the data folder has no room left; nothing was written.
    #[error("storage full")]
    StorageFull,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// One invalid field.
    pub fn field(field: impl Into<String>, code: &'static str) -> Error {
        Error::Invalid(vec![FieldError::new(field, code)])
    }

    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound => "not-found",
            Error::Denied(d) => d.code(),
            Error::Invalid(_) => "invalid-input",
            Error::Conflict(code) | Error::TooLarge(code) => code,
            Error::TooMany { .. } => "too-many-requests",
            Error::Busy { .. } => "busy",
            Error::ReauthRequired => "reauth-required",
            Error::Maintenance { .. } => "maintenance",
            Error::StorageFull => "storage-full",
            Error::Internal(_) => "internal",
        }
    }

    /// An internal error that is a full disk (SQLite's "database or disk is full", PostgreSQL's
    /// `disk_full`, `ENOSPC` from the documents or a received file) becomes `StorageFull`, which
    /// the pages and the API answer with a 503 and a message, not a 500. Logged here, once.
    pub fn classified(self) -> Error {
        match self {
            Error::Internal(e) if storage_full(&e) => {
                tracing::error!(error = %format!("{e:#}"), "storage full: nothing was written");
                STORAGE_FULL_AT.store(chrono::Utc::now().timestamp(), Ordering::Relaxed);
                Error::StorageFull
            }
            other => other,
        }
    }
}

/// When a write was last refused for want of room (Unix seconds): the storage is the process's.
static STORAGE_FULL_AT: AtomicI64 = AtomicI64::new(i64::MIN / 2);

/// How long after a write refused for want of room `/readyz` still says 503.
pub const STORAGE_FULL_UNREADY_SECS: i64 = 30;

/// Whether a write was refused for want of room in the last `STORAGE_FULL_UNREADY_SECS`.
pub fn storage_refused_recently() -> bool {
    chrono::Utc::now().timestamp() - STORAGE_FULL_AT.load(Ordering::Relaxed) < STORAGE_FULL_UNREADY_SECS
}

/// Whether an error (or one of its causes) says there is no room left to write.
pub fn storage_full(e: &anyhow::Error) -> bool {
    let io_full = e
        .chain()
        .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull));
    // The drivers wrap the OS error in their own types; their messages are stable.
    let text = format!("{e:#}");
    io_full
        || ["database or disk is full", "No space left on device", "could not extend file", "SQLSTATE 53100"]
            .iter()
            .any(|m| text.contains(m))
}

impl From<Denial> for Error {
    fn from(d: Denial) -> Error {
        match d {
            Denial::NotFound | Denial::AdministratorsOnly => Error::NotFound,
            other => Error::Denied(other),
        }
    }
}

impl From<portail_store::StoreError> for Error {
    fn from(e: portail_store::StoreError) -> Error {
        Error::Internal(e.into())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Internal(e.into())
    }
}

impl From<crate::cpu_pool::PoolStopped> for Error {
    fn from(e: crate::cpu_pool::PoolStopped) -> Error {
        Error::Internal(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_told_apart_from_other_failures() {
        assert!(!storage_refused_recently(), "nothing refused yet");
        let io = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::StorageFull)).context("writing");
        assert!(matches!(Error::Internal(io).classified(), Error::StorageFull));
        assert!(storage_refused_recently(), "readiness now says 503");
        let sqlite = anyhow::anyhow!("error returned from database: (code: 13) database or disk is full");
        assert!(matches!(Error::Internal(sqlite).classified(), Error::StorageFull));
        let other = anyhow::anyhow!("connection refused");
        assert!(matches!(Error::Internal(other).classified(), Error::Internal(_)));
        assert!(matches!(Error::NotFound.classified(), Error::NotFound));
    }
}
