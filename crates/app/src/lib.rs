//! The operations of portail: one function per use case, `(actor, input, now) → outcome`, shared
//! by the HTML pages and the JSON API. Each asks the one policy (`portail_domain::policy`),
//! applies the domain's rules, and commits the change with its audit entry, its timeline entry
//! and its mail in one store transaction. Errors carry stable codes ([`Error`]); the adapters
//! translate them.

pub mod accounts;
pub mod batch;
pub mod calendar;
pub mod clients;
pub mod clock;
pub mod consents;
pub mod cpu_pool;
pub mod delegates;
pub mod drafts;
mod error;
pub mod files;
pub mod hashing;
pub mod invites;
pub mod keys;
pub mod letters;
pub mod mail;
pub mod maintenance;
pub mod messages;
pub mod mfa;
pub mod office;
pub mod office_reads;
pub mod outages;
pub mod partners;
pub mod pr;
pub mod processing;
pub mod reads;
pub mod reminders;
pub mod rep_proof;
pub mod representatives;
pub mod requests;
pub mod sign_in;
pub mod status;
pub mod submission;
mod throttle;
pub mod tokens;
pub mod uploads;
pub mod waves;

pub use error::{Error, FieldError, Result};

/// The records the operations return, as the store keeps them: the adapters read them and never
/// reach the store itself.
pub mod model {
    pub use portail_store::FileRef;
    pub use portail_store::accounts::Account;
    pub use portail_store::applications::Application;
    pub use portail_store::audit::AuditRow;
    pub use portail_store::clients::{ClientFile, ClientFilter, ClientSort, Deadline};
    pub use portail_store::codes::CodeOutcome;
    pub use portail_store::delegates::Delegate;
    pub use portail_store::documents::DocumentRecord;
    pub use portail_store::home::{FileSummary, HomeLists};
    pub use portail_store::invites::{Invite, MovedFile};
    pub use portail_store::messages::{Message, StaffMessage};
    pub use portail_store::office::{LetterRecord, Note, QueueFilter, QueueRow};
    pub use portail_store::partners::{PartnerFlow, PartnerIdentity};
    pub use portail_store::pr_confirm::{PrConfirmation, Task};
    pub use portail_store::processing::ProcessingTime;
    pub use portail_store::representatives::{Consent, Representative};
    pub use portail_store::requests::RequestRecord;
    pub use portail_store::sessions::Session;
    pub use portail_store::status::{Incident, Update};
    pub use portail_store::submission::{Event, Payment};
    pub use portail_store::waves::{Candidate, StoredRule, Wave};
}
pub use portail_domain::policy::{AccountAction, Actor, FileAction, Scopes, Via};

use portail_documents::DocumentStore;
use portail_domain::catalog::{Catalog, Countries};
use portail_domain::language::Lang;
use portail_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// What the operations need to know about the deployment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people reach, used in emailed links.
    pub public_url: String,
    pub brand_en: String,
    pub brand_fr: String,
    /// Largest accepted upload, in MiB.
    pub max_file_mib: u64,
    /// Largest total of one application's documents, in MiB.
    pub max_application_mib: u64,
    /// How many days a PR-portal invite code works.
    pub invite_days: i64,
    /// How long before a maintenance window its notice shows on the pages.
    pub maintenance_lead: chrono::Duration,
}

impl Settings {
    pub fn brand(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.brand_en,
            Lang::Fr => &self.brand_fr,
        }
    }

    /// An absolute link to `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

/// What the operations are built from, besides the store.
pub struct Parts {
    pub catalog: Catalog,
    pub countries: Countries,
    pub documents: DocumentStore,
    pub upload_dir: PathBuf,
    pub cpu: cpu_pool::CpuPool,
    pub hasher: hashing::PasswordHasher,
    pub settings: Settings,
    pub key: [u8; 32],
    pub clock: clock::Clock,
}

/// Everything the operations reach: the store, the catalog, the documents, the CPU pool.
/// The store is private: the adapters read and write only through the operations.
#[derive(Clone)]
pub struct App {
    store: Store,
    pub catalog: Arc<Catalog>,
    pub countries: Arc<Countries>,
    pub documents: DocumentStore,
    /// Where uploads are received before they are checked and encrypted.
    pub upload_dir: PathBuf,
    /// Fixed threads for CPU-heavy work: hashing, checking and re-encoding uploads.
    pub cpu: cpu_pool::CpuPool,
    pub hasher: hashing::PasswordHasher,
    pub settings: Arc<Settings>,
    /// Server secret for CSRF tokens and keyed digests of short codes.
    pub key: Arc<[u8; 32]>,
    /// Wakes the mail worker when new mail is queued.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
    /// The one clock of the process (tests move it forward).
    pub clock: clock::Clock,
    /// Waves being run by this process (a wave never runs twice at once here).
    pub waves_running: Arc<std::sync::Mutex<std::collections::HashSet<uuid::Uuid>>>,
    /// Writes the API's token uses with their audit entries, many per transaction.
    pub read_audits: batch::ReadAudits,
    /// The maintenance windows not over yet (the notice and the write gate read them).
    maintenance: maintenance::Schedule,
    /// The processing times per program (the job writes them; the pages read them here).
    processing: processing::Figures,
}

impl App {
    pub fn new(store: Store, p: Parts) -> App {
        App {
            read_audits: batch::ReadAudits::start(store.clone(), p.clock.clone()),
            store,
            catalog: Arc::new(p.catalog),
            countries: Arc::new(p.countries),
            documents: p.documents,
            upload_dir: p.upload_dir,
            cpu: p.cpu,
            hasher: p.hasher,
            settings: Arc::new(p.settings),
            key: Arc::new(p.key),
            mail_wakeup: Arc::default(),
            clock: p.clock,
            waves_running: Arc::default(),
            maintenance: maintenance::Schedule::default(),
            processing: processing::Figures::default(),
        }
    }

    /// A keyed digest (HMAC-SHA-256) for short secrets such as emailed codes and invite codes:
    /// unlike a plain hash, a leaked table cannot be brute-forced without the server key.
    pub fn keyed_digest(&self, purpose: &str, value: &str) -> String {
        keyed_digest(&self.key[..], purpose, value)
    }

    /// Tells the mail worker that mail was queued (after the transaction committed).
    pub fn mail_queued(&self) {
        self.mail_wakeup.notify_one();
    }
}

pub fn keyed_digest(key: &[u8], purpose: &str, value: &str) -> String {
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
