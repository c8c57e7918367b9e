//! Everything a request handler can reach: the operations ([`App`]) and what only the web
//! layer needs (its configuration, the session policy, Sign-In Partners, metrics).

use metrics_exporter_prometheus::PrometheusHandle;
use portail_app::App;
use portail_domain::session::SessionPolicy;
use std::sync::Arc;

use crate::config::WebConfig;

/// Cloned for every request (each `State` extractor and middleware takes its own copy): one
/// reference count, not a copy of every part.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What every request shares.
pub struct Shared {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub policy: SessionPolicy,
    pub metrics: Option<PrometheusHandle>,
    /// Sign-In Partners and their cached discovery documents.
    pub partners: Arc<crate::partners::Partners>,
    /// Requests per API token (in this process).
    pub api_limit: Arc<governor::DefaultKeyedRateLimiter<uuid::Uuid>>,
    /// What the last status check found (the public status page reads only this).
    pub status: Arc<crate::status::StatusBoard>,
}

impl AppState {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.app.clock.now()
    }
}
