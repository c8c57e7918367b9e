//! What the web layer needs to know about its deployment.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::partners::PartnerConfig;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// The address people reach, used in emailed links (e.g. `https://portail.example`).
    pub public_url: String,
    pub brand_en: String,
    pub brand_fr: String,
    /// Demo mode: demo sign-ins and the demo mail viewer exist only when this is on.
    pub demo: bool,
    /// Where the demo writes mail files (read by the demo mail viewer).
    pub mail_dir: Option<String>,
    /// Trust `X-Forwarded-For` from the direct peer (only behind a known proxy).
    pub trust_forwarded_for: bool,
    /// Largest accepted upload, in MiB.
    pub max_file_mib: u64,
    /// Largest total of one application's documents, in MiB.
    pub max_application_mib: u64,
    pub argon2_m_kib: u32,
    pub argon2_t: u32,
    pub argon2_p: u32,
    /// Password hashes (sign-ins, registrations) that may run or wait at once; past it a sign-in
    /// gets a 503 with `Retry-After` at once instead of a longer and longer wait.
    pub hash_queue: usize,
    /// Threads that hash passwords; 0: half the cores (at least one), so that a storm of
    /// sign-ins leaves the other half to the pages.
    pub hash_threads: usize,
    /// Sign-In Partners (OpenID Connect providers) by short id, e.g. `[web.partners.bank-a]`.
    pub partners: BTreeMap<String, PartnerConfig>,
    /// How long portail waits for a partner (discovery, keys, token) before giving up.
    pub partner_timeout_secs: u64,
    /// How many days a PR-portal invite code works.
    pub invite_days: i64,
    /// Requests each API token may make per second (and twice that in a burst), per node.
    pub api_per_second: u32,
    /// How many hours before a maintenance window its notice shows on the pages.
    pub maintenance_lead_hours: i64,
    /// `GET /metrics` answers a request bearing this token (`Authorization: Bearer …`) …
    pub metrics_token: Option<secrecy::SecretString>,
    /// … or coming from one of these addresses. With neither, it answers 404 (except in the demo).
    pub metrics_from: Vec<std::net::IpAddr>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://localhost:8080".into(),
            brand_en: "Demo Immigration Agency (fictional)".into(),
            brand_fr: "Agence d'immigration de démonstration (fictive)".into(),
            demo: false,
            mail_dir: None,
            trust_forwarded_for: false,
            max_file_mib: 10,
            max_application_mib: 100,
            argon2_m_kib: 19 * 1024,
            argon2_t: 2,
            argon2_p: 1,
            hash_queue: portail_app::hashing::DEFAULT_QUEUE,
            hash_threads: 0,
            partners: BTreeMap::new(),
            partner_timeout_secs: 10,
            invite_days: portail_domain::invite::DEFAULT_LIFETIME_DAYS,
            api_per_second: 20,
            maintenance_lead_hours: 72,
            metrics_token: None,
            metrics_from: Vec::new(),
        }
    }
}
