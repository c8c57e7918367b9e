//! `portail`: one binary for the portals, the back office and the operator's commands.

use anyhow::Context;
use clap::{Parser, Subcommand};
use portail::config::{Config, LogFormat};
use portail::server;
use portail_app::clock::Clock;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "portail",
    version,
    about = "Open-source immigration case system: secure account, PR portal, back office."
)]
struct Cli {
    /// Configuration file (TOML); `PORTAIL_…` environment variables override it.
    #[arg(long, default_value = "portail.toml", global = true)]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portals (real use: no demo accounts, no demo pages).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// The audit log.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Operator commands.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Record an unplanned interruption of the service: `outage start`, then `outage end`. When it
    /// ends, the running server moves the deadlines that fell inside it (docs/operations.md).
    Outage {
        #[command(subcommand)]
        action: OutageAction,
    },
    /// Back up the database (SQLite; on PostgreSQL, the guidance for pg_dump) with the documents
    /// and the key files into a new folder, while the server runs (docs/operations.md).
    Backup { dir: PathBuf },
    /// Restore a backup into the data folder, which must be empty.
    Restore { dir: PathBuf },
    /// The documents' master keys: rotate to a new one while the servers run, retire the old
    /// ones, or show what each holds (docs/operations.md, "Key rotation").
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// The outbox of mail.
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// The demo: embedded SQLite, demo accounts, mail written to files (the default command).
    Demo {
        #[command(subcommand)]
        action: Option<DemoAction>,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Recompute the hash chain of the audit log; name the first broken entry.
    Verify,
}

#[derive(Subcommand)]
enum AdminAction {
    /// Create a staff account; its temporary password is printed once. MFA is enrolled at the
    /// first sign-in.
    CreateStaff {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        /// officer or administrator.
        #[arg(long, default_value = "officer")]
        role: String,
    },
    /// Record an application made on paper (or elsewhere) that its applicant can then link.
    CreatePaperFile {
        /// One letter and nine digits, e.g. V123456789.
        #[arg(long)]
        number: String,
        /// An application type of the catalog, e.g. visitor-visa.
        #[arg(long = "type")]
        type_id: String,
        /// The applicant's UCI: 8 or 10 digits.
        #[arg(long)]
        uci: String,
        /// The applicant's date of birth, YYYY-MM-DD.
        #[arg(long)]
        dob: String,
        /// submitted, received or in_progress.
        #[arg(long, default_value = "received")]
        stage: String,
    },
}

#[derive(Subcommand)]
enum OutageAction {
    /// The service is interrupted from now.
    Start {
        /// What happened, for the operators' record.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The interruption is over.
    End,
}

#[derive(Subcommand)]
enum KeysAction {
    /// Make a new master key (with `document_key` configured: take the configured one) and
    /// re-wrap every stored document key and TOTP secret under it. Servers keep running.
    Rotate,
    /// Two and a half minutes or more after a rotation: re-wrap what servers wrote under the old
    /// key meanwhile, then delete the previous key files nothing refers to.
    Retire,
    /// The current key, the previous ones, and how many stored keys and secrets each holds.
    Status,
}

#[derive(Subcommand)]
enum OutboxAction {
    /// Empty the bodies of the mail delivered (or given up on) longer ago than this: they can
    /// hold invite codes and reset links. The rows stay.
    Purge {
        /// `30d`, `12h` or a number of days.
        #[arg(long, default_value = "30d", value_parser = parse_age)]
        older_than: chrono::Duration,
    },
}

/// `30d`, `12h`, `30` (days) as a duration.
fn parse_age(s: &str) -> Result<chrono::Duration, String> {
    let s = s.trim();
    let (digits, unit) = match s.strip_suffix('h') {
        Some(d) => (d, chrono::Duration::hours(1)),
        None => (s.strip_suffix('d').unwrap_or(s), chrono::Duration::days(1)),
    };
    let n: i32 = digits.parse().map_err(|_| format!("{s:?}: write for example 30d (days) or 12h (hours)"))?;
    if n < 0 {
        return Err("the age cannot be negative".into());
    }
    Ok(unit * n)
}

#[derive(Subcommand)]
enum DemoAction {
    /// Start the demo server (the default).
    Run,
    /// Print the current TOTP code of a demo account.
    Totp { username: String },
    /// Make an API token (read and write, 30 days) for a demo account and print it.
    Token { username: String },
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).init(),
        LogFormat::Pretty => builder.compact().init(),
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load(&cli.config).context("reading the configuration")?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        match cli.command {
            Some(Command::Serve) => serve(config, false).await,
            Some(Command::Migrate) => {
                init_logs(config.log_format);
                server::open_store(&config).await?;
                println!("migrations applied");
                Ok(())
            }
            Some(Command::Audit { action: AuditAction::Verify }) => {
                let store = server::open_store(&config).await?;
                match store.verify_audit().await? {
                    portail_store::audit::Verification::Intact { entries } => {
                        println!("audit log intact: {entries} entries");
                        Ok(())
                    }
                    portail_store::audit::Verification::Broken { seq } => {
                        anyhow::bail!(
                            "audit log broken at entry {seq}: it or the entry before it was changed or removed"
                        )
                    }
                }
            }
            Some(Command::Admin { action: AdminAction::CreateStaff { username, email, role } }) => {
                let store = server::open_store(&config).await?;
                let password = portail::demo::create_staff(&store, &username, &email, &role).await?;
                println!("staff account {username} created; temporary password (shown once): {password}");
                println!(
                    "At the first sign-in they enrol MFA; they should then change the password on the account page."
                );
                Ok(())
            }
            Some(Command::Admin { action: AdminAction::CreatePaperFile { number, type_id, uci, dob, stage } }) => {
                let store = server::open_store(&config).await?;
                let file = portail::demo::PaperFile::parse(
                    &number,
                    &type_id,
                    &uci,
                    &dob,
                    &stage,
                    &portail::catalog::load(config.catalog_dir.as_deref())?,
                )?;
                file.create(&store).await?;
                println!("paper file {} recorded; its applicant can now link it", file.number);
                Ok(())
            }
            Some(Command::Outage { action }) => outage(&config, action).await,
            Some(Command::Keys { action }) => keys(&config, action).await,
            Some(Command::Backup { dir }) => backup(&config, &dir).await,
            Some(Command::Restore { dir }) => {
                let objects = portail::backup::restore(&config, &dir).await?;
                println!("restored {objects} objects into {}", config.data_dir.display());
                if portail::backup::sqlite_path(&config).is_none() {
                    println!(
                        "PostgreSQL: restore the database with pg_restore --dbname=\"$DATABASE_URL\" {}/portail.pgdump",
                        dir.display()
                    );
                }
                Ok(())
            }
            Some(Command::Outbox { action: OutboxAction::Purge { older_than } }) => {
                let store = server::open_store(&config).await?;
                let now = chrono::Utc::now();
                let detail = format!("older than {} days", older_than.num_days());
                let rec = portail_store::Record::audit("operator:cli", "outbox_purged", "outbox", &detail);
                let n = store.purge_mail_bodies(now - older_than, &rec, now).await?;
                println!("emptied the bodies of {n} mails delivered or given up on before {}", now - older_than);
                Ok(())
            }
            Some(Command::Demo { action: Some(DemoAction::Totp { username }) }) => {
                let keys = portail_documents::Keys::fixed(portail::keys::KeySource::of(&config).load(false)?);
                let store = server::open_store(&demo_config(config)).await?;
                match portail::demo::current_code(&store, &keys, &username).await? {
                    Some(code) => {
                        println!("{code}");
                        Ok(())
                    }
                    None => anyhow::bail!("{username} is not a demo account"),
                }
            }
            Some(Command::Demo { action: Some(DemoAction::Token { username }) }) => {
                let store = server::open_store(&demo_config(config)).await?;
                println!("{}", portail::demo::demo_token(&store, &username).await?);
                Ok(())
            }
            Some(Command::Demo { action: None | Some(DemoAction::Run) }) | None => {
                serve(demo_config(config), true).await
            }
        }
    })
}

/// `portail outage start|end`: records it in the database (audited as `operator:cli`).
async fn outage(config: &Config, action: OutageAction) -> anyhow::Result<()> {
    let store = server::open_store(config).await?;
    let now = chrono::Utc::now();
    match action {
        OutageAction::Start { note } => {
            let id = uuid::Uuid::new_v4();
            let target = format!("outage:{id}");
            let rec = portail_store::Record::audit("operator:cli", "outage_started", &target, &note);
            if !store.start_outage(id, now, &note, None, &rec).await? {
                anyhow::bail!("an outage is already open: end it first (portail outage end)");
            }
            println!("outage {id} started at {now}");
        }
        OutageAction::End => {
            let rec = portail_store::Record::audit("operator:cli", "outage_ended", "outage", "");
            let Some(o) = store.end_outage(now, None, &rec).await? else {
                anyhow::bail!("no outage is open: nothing was changed");
            };
            let minutes = (o.ended_at - o.started_at).num_minutes();
            println!(
                "outage {} ended: {minutes} minutes; the server moves the deadlines inside it within a minute",
                o.id
            );
        }
    }
    Ok(())
}

/// `portail keys rotate|retire|status`.
async fn keys(config: &Config, action: KeysAction) -> anyhow::Result<()> {
    use portail::keys;
    match action {
        KeysAction::Rotate => {
            let r = keys::rotate(config).await?;
            let d = &r.done;
            println!(
                "current key {} (was {}): {} document keys and {} TOTP secrets re-wrapped",
                r.new, r.old, d.keys, d.secrets
            );
            anyhow::ensure!(d.unopenable == 0, "{} stored keys are under a key this keyring lacks", d.unopenable);
            println!("Servers pick the new key within {} s. Then: portail keys retire", keys::RELOAD_EVERY.as_secs());
        }
        KeysAction::Retire => {
            let r = keys::retire(config, keys::RETIRE_AFTER).await?;
            println!(
                "{} document keys and {} TOTP secrets re-wrapped; retired {:?}",
                r.done.keys, r.done.secrets, r.deleted
            );
            for (id, n) in &r.kept {
                println!(
                    "kept {id}: {n} stored keys still under it (configured keys are removed from the config by hand)"
                );
            }
        }
        KeysAction::Status => {
            let ring = keys::KeySource::of(config).load(false)?;
            let store = server::open_store(config).await?;
            let usage = keys::usage(&store).await?;
            store.close().await;
            println!("current {}; previous {:?}", ring.current().id, ring.previous_ids());
            for (id, n) in usage {
                println!("  {id}: {n} stored keys and secrets");
            }
        }
    }
    Ok(())
}

/// `portail backup DIR`: what was copied, and what the operator must still do.
async fn backup(config: &Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let r = portail::backup::backup(config, dir).await?;
    println!("backup in {}: {} objects, key files {:?}", dir.display(), r.objects, r.keys);
    if !r.database {
        println!(
            "PostgreSQL: copy the database with pg_dump --format=custom \"$DATABASE_URL\" > {}/portail.pgdump",
            dir.display()
        );
    }
    if !(r.keys.contains(&"document.key") && r.keys.contains(&"secret.key")) {
        println!("Keys configured outside the data folder are not in the backup: keep them safe separately.");
    }
    anyhow::ensure!(r.missing.is_empty(), "{} objects a row refers to are missing: {:?}", r.missing.len(), r.missing);
    println!("Every object the database refers to is in the backup. It holds the keys: keep it as secret as the data.");
    Ok(())
}

/// The demo: demo pages on. Mail goes to files unless `mail.mode = "smtp"` is configured (files is
/// the default anyway).
fn demo_config(mut config: Config) -> Config {
    config.web.demo = true;
    config
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    init_logs(config.log_format);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let running = server::start(config, listener, Clock::default()).await?;
    let url = format!("http://localhost:{}", running.addr.port());
    if demo {
        let app = &running.state.app;
        let seeded = portail::demo::seed(&running.store, &app.hasher, app.documents.keys()).await?;
        let database = match running.store.backend() {
            portail_store::Backend::Sqlite => "SQLite",
            portail_store::Backend::Postgres => "PostgreSQL",
        };
        println!("\nportail demo is running ({database}, demo data). Stop with Ctrl-C.\n");
        println!("  Secure account:  {url}/");
        println!("  Demo mailbox:    {url}/demo/mail");
        println!("  Health, metrics: {url}/healthz  {url}/metrics\n");
        println!("  Demo sign-ins (password for all: \"{}\"):", portail::demo::DEMO_PASSWORD);
        for (user, role, secret) in seeded {
            println!("    {user:<22} {:<15} TOTP secret {secret}", role.as_str());
        }
        println!("\n  Current TOTP code: cargo run --release -- demo totp demo-applicant");
        let token = portail::demo::demo_token(&running.store, "demo-applicant").await?;
        println!("  API token of demo-applicant (read and write, 30 days; docs/api.md): {token}");
        println!("  API: {url}/api/v1/openapi.json  (another: cargo run --release -- demo token demo-applicant)");
        println!("\n  Paper applications to link (\"Link an application made on paper\"):");
        for f in portail::demo::seed_paper_files(&running.store, &running.state.app.catalog).await? {
            println!("    {}  UCI {}  born {}  ({})", f.number, f.uci, f.birth, f.type_id);
        }
        println!("  Test card for the demo payment: 4242 4242 4242 4242, any future expiry.\n");
        let pr_files = portail::demo::seed_pr_files(&running.store).await?;
        println!("  PR portal: demo-admin moves demo-applicant's Express Entry files with a wave at {url}/office/pr;");
        println!("  the codes arrive in the demo mailbox; redeem one at {url}/pr/redeem or start at {url}/pr/start.");
        for (number, born) in pr_files.iter().filter(|(_, born)| !born.is_empty()) {
            println!("    {number}  born {born}");
        }
        if let Some(number) = portail::demo::seed_representation(&running.store).await? {
            println!(
                "  Representative: demo-representative ({number}) acts for demo-applicant: {url}/representative/clients"
            );
        }
        println!();
    } else {
        tracing::info!(address = %running.addr, "portail serving");
    }
    server::shutdown_signal().await;
    tracing::info!("shutting down");
    running.shutdown().await
}
