//! Submissions per second at the store: N ready drafts submitted by 8 concurrent tasks, each
//! submission being the real transaction (number, declaration, steps, timeline, outbox email).
//!
//! `cargo run --release --example submission_rate -- sqlite 2000`
//! `cargo run --release --example submission_rate -- postgres://postgres@127.0.0.1:5432/test 2000`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use portail_domain::account::Role;
use portail_domain::application::ApplicationNumber;
use portail_domain::application::status::initial_steps;
use portail_domain::language::Lang;
use portail_domain::policy::Reach;
use portail_store::Record;
use portail_store::accounts::NewAccount;
use portail_store::submission::{Submission, SubmitOutcome};
use portail_store::{NewMail, Store};
use std::sync::Arc;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().unwrap_or_else(|| "sqlite".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let (url, label) = if target == "sqlite" {
        let dir = std::env::temp_dir().join(format!("portail-bench-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        (format!("sqlite:{}", dir.join("bench.db").display()), "SQLite (file, WAL)".to_owned())
    } else {
        let name = format!("portail_bench_{}", uuid::Uuid::new_v4().simple());
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&target).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        (format!("{}/{name}", target.rsplit_once('/').unwrap().0), "PostgreSQL".to_owned())
    };
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let now = Utc::now();
    let new = NewAccount {
        username: "bench",
        email: "bench@example.com",
        role: Role::Applicant,
        lang: Lang::En,
        password_hash: "x",
        is_demo: false,
    };
    let account = store.create_account(&new, None, None, now).await.unwrap();
    let mut drafts = Vec::with_capacity(n);
    for _ in 0..n {
        let id = uuid::Uuid::new_v4();
        let target = id.to_string();
        let rec = Record::audit("applicant:bench", "draft_started", &target, "");
        store.create_draft(account, id, "visitor-visa", &rec, now).await.unwrap();
        let file = store.reach_file(Reach::Own(account), id).await.unwrap().unwrap();
        store.record_payment(&file, "DEMO-000000000000", 18500, &rec, now).await.unwrap();
        drafts.push(file);
    }
    let steps = Arc::new(initial_steps(false));
    let drafts = Arc::new(tokio::sync::Mutex::new(drafts));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (store, drafts, steps) = (store.clone(), drafts.clone(), steps.clone());
        tasks.push(tokio::spawn(async move {
            let mail = NewMail {
                kind: "application_submitted",
                to: "bench@example.com".into(),
                subject: "s".into(),
                body: "b".into(),
                lang: portail_domain::language::Lang::En,
            };
            loop {
                let Some(file) = drafts.lock().await.pop() else { break };
                let target = file.id().to_string();
                loop {
                    let number = ApplicationNumber::generate('V');
                    let key = portail_domain::secret::new_token();
                    let uci = portail_domain::application::new_uci();
                    let s = Submission {
                        number: number.as_str(),
                        declaration_name: "Bench",
                        submit_key: &key,
                        steps: &steps,
                        uci: &uci,
                    };
                    let mails = [mail.clone()];
                    let rec = Record::audit("applicant:bench", "submitted", &target, "").mails(&mails);
                    match store.submit(&file, &s, &rec, Utc::now()).await.unwrap() {
                        SubmitOutcome::NumberTaken => continue,
                        _ => break,
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{label}: {n} submissions in {secs:.2} s = {:.0} submissions/s (8 concurrent tasks)", n as f64 / secs);
}
