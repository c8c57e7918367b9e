//! Starting portail: connect and migrate the database, start the workers, serve HTTP until
//! asked to stop (SIGTERM / Ctrl-C in the binary, a handle in tests).

use anyhow::Context;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use portail_app::clock::Clock;
use portail_app::hashing::PasswordHasher;
use portail_app::{App, Parts, Settings};
use portail_documents::DocumentStore;
use portail_domain::session::SessionPolicy;
use portail_store::Store;
use portail_web::AppState;
use secrecy::ExposeSecret;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::mailer::{Mailer, Transport};

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    /// The store itself, for the binary's own work (demo data) and for tests.
    pub store: Store,
    stop: watch::Sender<bool>,
    http: JoinHandle<std::io::Result<()>>,
    workers: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish, stops the workers.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.http.await??;
        for w in self.workers {
            w.await?;
        }
        self.store.close().await;
        Ok(())
    }
}

fn metrics_handle() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE.get_or_init(|| PrometheusBuilder::new().install_recorder().ok()).clone()
}

/// A 64-hex-character key from config, or from `data_dir/<file>`, made the first time.
fn key_hex(configured: Option<&secrecy::SecretString>, config: &Config, file: &str) -> anyhow::Result<String> {
    Ok(match configured {
        Some(k) => k.expose_secret().to_owned(),
        None => {
            let path = config.data_dir.join(file);
            match std::fs::read_to_string(&path) {
                Ok(s) => s.trim().to_owned(),
                Err(_) => crate::keys::write_new_key(&path)?,
            }
        }
    })
}

/// The server key (CSRF tokens, code digests, enrolment seals).
fn server_key(config: &Config) -> anyhow::Result<[u8; 32]> {
    let hex_key = key_hex(config.secret_key.as_ref(), config, "secret.key")?;
    let bytes = hex::decode(hex_key.trim()).context("secret_key must be 64 hex characters")?;
    bytes.try_into().map_err(|_| anyhow::anyhow!("secret_key must be 64 hex characters"))
}

/// Connects to the database named by the config and applies migrations.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| format!("creating {}", config.data_dir.display()))?;
    }
    let store = Store::connect(&config.database_url()).await.context("connecting to the database")?;
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

/// Starts everything; `listener` lets tests bind port 0 first.
pub async fn start(config: Config, listener: tokio::net::TcpListener, clock: Clock) -> anyhow::Result<Running> {
    let store = open_store(&config).await?;
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let w = &config.web;
    let cpu = portail_app::cpu_pool::CpuPool::new(threads, "portail-cpu")?;
    let hash_threads = if w.hash_threads == 0 { (threads / 2).max(1) } else { w.hash_threads };
    let hash_pool = portail_app::cpu_pool::CpuPool::new(hash_threads, "portail-hash")?;
    let hasher = PasswordHasher::new(w.argon2_m_kib, w.argon2_t, w.argon2_p, hash_pool)?.with_queue(w.hash_queue);
    let mut web = config.web.clone();
    if web.mail_dir.is_none() {
        web.mail_dir = Some(config.data_dir.join("mail").display().to_string());
    }
    let catalog = crate::catalog::load(config.catalog_dir.as_deref())?;
    let keys = crate::keys::KeySource::of(&config).keys()?;
    portail_app::keys::seal_plain_secrets(&store, &keys).await.context("sealing TOTP secrets")?;
    let documents = DocumentStore::local(&config.data_dir.join("objects"), keys)?;
    let settings = Settings {
        public_url: w.public_url.clone(),
        brand_en: w.brand_en.clone(),
        brand_fr: w.brand_fr.clone(),
        max_file_mib: w.max_file_mib,
        max_application_mib: w.max_application_mib,
        invite_days: w.invite_days,
        maintenance_lead: chrono::Duration::hours(w.maintenance_lead_hours.max(0)),
    };
    let parts = Parts {
        catalog,
        countries: crate::catalog::countries(),
        documents: documents.clone(),
        upload_dir: config.data_dir.join("uploads"),
        cpu,
        hasher,
        settings,
        key: server_key(&config)?,
        clock: clock.clone(),
    };
    let app = App::new(store.clone(), parts);
    let state = AppState::new(portail_web::state::Shared {
        app,
        config: Arc::new(web),
        policy: SessionPolicy::default(),
        metrics: metrics_handle(),
        partners: Arc::new(
            portail_web::partners::Partners::new(
                w.partners.clone(),
                &w.public_url,
                std::time::Duration::from_secs(w.partner_timeout_secs.max(1)),
                clock.clone(),
            )
            .context("web.partners")?,
        ),
        api_limit: Arc::new(api_limiter(w.api_per_second)),
        status: Arc::default(),
    });
    state.app.resume_unfinished_waves().await.context("resuming waves")?;
    let (stop, _) = watch::channel(false);
    let mailer = Mailer {
        store: store.clone(),
        transport: Transport::from_config(&config.mail, &config.data_dir)?,
        from: config.mail.from.clone(),
        from_name_fr: w.brand_fr.clone(),
        domain: config.mail.domain.clone(),
        clock: clock.clone(),
        poll: std::time::Duration::from_millis(config.mail.poll_millis),
    };
    let mut workers = vec![tokio::spawn(mailer.run(state.app.mail_wakeup.clone(), stop.subscribe()))];
    workers.push(tokio::spawn(session_cleanup(store.clone(), clock.clone(), stop.subscribe())));
    workers.push(tokio::spawn(upload_cleanup(
        store.clone(),
        documents,
        config.data_dir.join("uploads"),
        clock,
        stop.subscribe(),
    )));
    state.app.refresh_maintenance().await.context("reading the maintenance schedule")?;
    state.app.load_processing_times().await.context("reading the processing times")?;
    portail_web::status::check(&state).await;
    workers.extend(periodic_jobs(&state, &stop));
    let addr = listener.local_addr()?;
    let app = portail_web::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let mut stop_http = stop.subscribe();
    let http = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_http.changed().await;
            })
            .await
    });
    Ok(Running { addr, state, store, stop, http, workers })
}

/// The per-token rate limit of the API: `per_second`, with a burst of twice that.
fn api_limiter(per_second: u32) -> governor::DefaultKeyedRateLimiter<uuid::Uuid> {
    let rate = std::num::NonZeroU32::new(per_second.max(1)).unwrap_or(std::num::NonZeroU32::MIN);
    let burst = std::num::NonZeroU32::new(per_second.max(1).saturating_mul(2)).unwrap_or(rate);
    governor::RateLimiter::keyed(governor::Quota::per_second(rate).allow_burst(burst))
}

async fn session_cleanup(store: Store, clock: Clock, mut stop: watch::Receiver<bool>) {
    let policy = SessionPolicy::default();
    loop {
        let now = clock.now();
        if let Err(e) = store.delete_stale_sessions(now - policy.absolute, now - policy.idle).await {
            tracing::error!(error = %e, "session cleanup");
        }
        if let Err(e) = store.delete_expired_partner_flows(now).await {
            tracing::error!(error = %e, "partner sign-in cleanup");
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(300)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Removes what failed or cut uploads left behind (a crash skips the removal each request does
/// itself): received files and staging parts older than two minutes — no request lives longer
/// than its 30-second timeout — and encrypted objects older than an hour that no document row
/// refers to (the row is always written last). It runs at start and every 10 minutes.
pub async fn clean_uploads(
    store: &Store,
    documents: &DocumentStore,
    upload_dir: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(usize, usize)> {
    let cutoff = now - chrono::Duration::hours(1);
    let recent = now - chrono::Duration::minutes(2);
    let mut files = documents.remove_staging_older_than(recent).await;
    if let Ok(mut dir) = tokio::fs::read_dir(upload_dir).await {
        while let Ok(Some(e)) = dir.next_entry().await {
            let old = e
                .metadata()
                .await
                .ok()
                .and_then(|m| m.modified().ok())
                .map(chrono::DateTime::<chrono::Utc>::from)
                .is_some_and(|t| t < recent);
            if old && tokio::fs::remove_file(e.path()).await.is_ok() {
                files += 1;
            }
        }
    }
    let mut objects = 0;
    for key in documents.objects_older_than(cutoff).await? {
        if !store.object_in_use(&key).await? {
            documents.delete(&key).await?;
            objects += 1;
        }
    }
    Ok((files, objects))
}

async fn upload_cleanup(
    store: Store,
    documents: DocumentStore,
    dir: std::path::PathBuf,
    clock: Clock,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match clean_uploads(&store, &documents, &dir, clock.now()).await {
            Ok((0, 0)) => {}
            Ok((files, objects)) => tracing::info!(files, objects, "upload leftovers removed"),
            Err(e) => tracing::error!(error = %format!("{e:#}"), "upload cleanup"),
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// The jobs every node runs on a timer: reminders, the maintenance schedule (a window scheduled
/// or ended on another node reaches this one within 5 s), the deadlines ended outages owe, the
/// processing times (hourly, from the decisions of the last 12 months), the status board, and
/// the keyring (a key rotation reaches every node within a minute).
fn periodic_jobs(state: &AppState, stop: &watch::Sender<bool>) -> Vec<JoinHandle<()>> {
    let secs = std::time::Duration::from_secs;
    let st = state.clone();
    let reminders = every(secs(600), false, stop.subscribe(), move || {
        let st = st.clone();
        async move {
            match st.app.send_due_reminders(st.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "deadline reminders queued"),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "reminders"),
            }
        }
    });
    let st = state.clone();
    let schedule = every(secs(5), true, stop.subscribe(), move || {
        let st = st.clone();
        async move {
            if let Err(e) = st.app.refresh_maintenance().await {
                tracing::error!(error = %format!("{e:#}"), "maintenance schedule");
            }
        }
    });
    let st = state.clone();
    let outages = every(secs(60), false, stop.subscribe(), move || {
        let st = st.clone();
        async move {
            match st.app.move_deadlines_for_outages(st.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deadlines = n, "deadlines moved for outages"),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "outage deadline moves"),
            }
        }
    });
    let st = state.clone();
    let processing = every(secs(3600), false, stop.subscribe(), move || {
        let st = st.clone();
        async move {
            match st.app.compute_processing_times(st.now()).await {
                Ok(n) => tracing::info!(programs = n, "processing times computed"),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "processing times"),
            }
        }
    });
    let keys = state.app.documents.keys().clone();
    let reload = every(crate::keys::RELOAD_EVERY, true, stop.subscribe(), move || {
        let keys = keys.clone();
        async move {
            match keys.reload() {
                Ok(true) => tracing::info!(event = "keys_reloaded", current = %keys.current_id(), "keyring changed"),
                Ok(false) => {}
                Err(e) => tracing::error!(error = %format!("{e:#}"), "keyring reload"),
            }
        }
    });
    let st = state.clone();
    let status = every(portail_web::status::CHECK_EVERY, true, stop.subscribe(), move || {
        let st = st.clone();
        async move { portail_web::status::check(&st).await }
    });
    vec![
        tokio::spawn(reminders),
        tokio::spawn(schedule),
        tokio::spawn(outages),
        tokio::spawn(processing),
        tokio::spawn(status),
        tokio::spawn(reload),
    ]
}

/// Runs `job` every `period` (the first time at once, unless `after` says it just ran), until
/// asked to stop.
async fn every<F, Fut>(period: std::time::Duration, after: bool, mut stop: watch::Receiver<bool>, mut job: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut wait = after;
    loop {
        if wait {
            tokio::select! {
                _ = tokio::time::sleep(period) => {}
                _ = stop.changed() => return,
            }
        }
        job().await;
        wait = true;
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
