//! Everything a request handler can reach.

use metrics_exporter_prometheus::PrometheusHandle;
use portail_documents::DocumentStore;
use portail_domain::catalog::{Catalog, Countries};
use portail_domain::session::SessionPolicy;
use portail_store::Store;
use std::sync::Arc;

use crate::clock::Clock;
use crate::config::WebConfig;
use crate::hashing::PasswordHasher;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalog: Arc<Catalog>,
    pub documents: DocumentStore,
    /// Where uploads are received before they are checked and encrypted.
    pub upload_dir: std::path::PathBuf,
    /// Fixed threads for CPU-heavy work: hashing, checking and re-encoding uploads.
    pub cpu: crate::cpu_pool::CpuPool,
    pub countries: Arc<Countries>,
    pub config: Arc<WebConfig>,
    pub hasher: PasswordHasher,
    pub clock: Clock,
    pub policy: SessionPolicy,
    /// Server secret for CSRF tokens and keyed digests of short codes.
    pub key: Arc<[u8; 32]>,
    pub metrics: Option<PrometheusHandle>,
    /// Wakes the mail worker when new mail is queued.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
    /// Sign-In Partners and their cached discovery documents.
    pub partners: Arc<crate::partners::Partners>,
    /// Waves being run by this process (a wave never runs twice at once).
    pub waves_running: Arc<std::sync::Mutex<std::collections::HashSet<uuid::Uuid>>>,
}

impl AppState {
    /// A keyed digest (HMAC-SHA-256) for short secrets such as emailed codes and CSRF tokens:
    /// unlike a plain hash, a leaked table cannot be brute-forced without the server key.
    pub fn keyed_digest(&self, purpose: &str, value: &str) -> String {
        keyed_digest(&self.key[..], purpose, value)
    }
}

pub(crate) fn keyed_digest(key: &[u8], purpose: &str, value: &str) -> String {
    use hmac::{KeyInit, Mac};
    type HmacSha256 = hmac::Hmac<sha2::Sha256>;
    let Ok(mut mac) = <HmacSha256 as KeyInit>::new_from_slice(key) else {
        return String::new(); // unreachable: HMAC accepts keys of any length
    };
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(value.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
