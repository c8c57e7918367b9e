//! A wave over N files, and the email delivery rate that follows: the real server (store, wave
//! runner, mail worker) against SQLite or PostgreSQL and a local SMTP sink on loopback.
//!
//! `cargo run --release --example wave_rate -- sqlite 100000`
//! `cargo run --release --example wave_rate -- postgres://postgres@127.0.0.1:5432/test 100000`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use portail::config::{Config, MailMode};
use portail_domain::account::AccountId;
use portail_domain::invite::MigrationRule;
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use uuid::Uuid;

/// Accepts mail and counts it; answers as little SMTP as lettre needs.
async fn smtp_sink(count: Arc<AtomicU64>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let count = count.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = BufReader::new(r);
                let _ = w.write_all(b"220 sink\r\n").await;
                let mut line = String::new();
                let mut in_data = false;
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            count.fetch_add(1, Ordering::Relaxed);
                            let _ = w.write_all(b"250 queued\r\n").await;
                        }
                        continue;
                    }
                    let cmd = line.to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("DATA") {
                        in_data = true;
                        b"354 go\r\n"
                    } else if cmd.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    port
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().unwrap_or_else(|| "sqlite".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("portail-wave-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let (url, label) = if target == "sqlite" {
        (format!("sqlite:{}", dir.join("bench.db").display()), "SQLite (file, WAL)".to_owned())
    } else {
        let name = format!("portail_bench_{}", Uuid::new_v4().simple());
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&target).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        (format!("{}/{name}", target.rsplit_once('/').unwrap().0), "PostgreSQL".to_owned())
    };
    let delivered = Arc::new(AtomicU64::new(0));
    let smtp_port = smtp_sink(delivered.clone()).await;
    let mut config =
        Config { database_url: Some(SecretString::from(url.clone())), data_dir: dir.clone(), ..Config::default() };
    config.mail.mode = MailMode::Smtp;
    config.mail.smtp_port = smtp_port;
    config.mail.poll_millis = 200;
    config.web.argon2_m_kib = 1024;
    config.web.argon2_t = 1;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = portail::server::start(config, listener, portail_app::clock::Clock::default()).await.unwrap();
    let st = running.state.clone();

    // N submitted Express Entry files of 1,000 owners, written in bulk.
    let now = Utc::now();
    let seed = Instant::now();
    let owners: Vec<Uuid> = (0..1000).map(|_| Uuid::new_v4()).collect();
    macro_rules! seed {
        ($conn:expr) => {{
            let mut tx = sqlx::Connection::begin(&mut $conn).await.unwrap();
            for (i, o) in owners.iter().enumerate() {
                sqlx::query("INSERT INTO accounts (id, username, email, email_lower, email_verified, role, lang, is_demo, created_at) VALUES ($1, $2, $3, $3, TRUE, 'applicant', $4, FALSE, $5)")
                    .bind(o).bind(format!("owner{i}")).bind(format!("owner{i}@example.com")).bind(if i % 3 == 0 { "fr" } else { "en" }).bind(now)
                    .execute(&mut *tx).await.unwrap();
            }
            for i in 0..n {
                sqlx::query("INSERT INTO applications (id, account_id, type_id, stage, number, answers, members, version, created_at, updated_at, submitted_at) VALUES ($1, $2, 'express-entry', 'submitted', $3, '{}', '[]', 1, $4, $4, $4)")
                    .bind(Uuid::new_v4()).bind(owners[i % owners.len()]).bind(format!("E{:09}", i)).bind(now)
                    .execute(&mut *tx).await.unwrap();
            }
            tx.commit().await.unwrap();
        }};
    }
    if url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url).await.unwrap();
        seed!(c);
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&url).await.unwrap();
        seed!(c);
    }
    println!("{label}: seeded {n} files in {:.1} s", seed.elapsed().as_secs_f64());

    let admin = running.store.account_by_username("owner0").await.unwrap().unwrap().id;
    let rule = MigrationRule {
        name: "bench".into(),
        type_id: Some("express-entry".into()),
        stage: None,
        step: None,
        created_from: None,
        created_to: None,
    };
    let rule_id = running.store.create_rule(&rule, AccountId(admin.0), now).await.unwrap();
    let wave = running.store.start_wave(rule_id, n as i64, admin, now).await.unwrap();
    let start = Instant::now();
    assert!(st.app.run_wave(wave, None).await.unwrap());
    let wave_secs = start.elapsed().as_secs_f64();
    let w = running.store.wave(wave).await.unwrap().unwrap();
    assert_eq!(w.issued as usize, n);
    println!(
        "{label}: wave over {n} files: {wave_secs:.1} s ({:.0} files/s; codes issued and emails queued: {})",
        n as f64 / wave_secs,
        w.issued
    );
    // Delivery: until every invitation reached the SMTP sink (or 10 minutes).
    let cap = Instant::now() + Duration::from_secs(600);
    while delivered.load(Ordering::Relaxed) < n as u64 && Instant::now() < cap {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let total = start.elapsed().as_secs_f64();
    let got = delivered.load(Ordering::Relaxed);
    println!(
        "{label}: {got} emails delivered to the local SMTP sink {total:.1} s after the wave started ({:.0} emails/s)",
        got as f64 / total
    );
    running.shutdown().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
