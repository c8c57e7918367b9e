//! The one error of the operations. Every refusal carries a stable code — also the Fluent id of
//! its message — and the pages and the API translate it at the edge; nothing here is worded.

use portail_domain::policy::Denial;

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
            Error::Internal(_) => "internal",
        }
    }
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
