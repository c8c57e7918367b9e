//! The representative's dashboard at scale, at the store: one verified representative with N
//! clients (each an active consent for all their files) × 3 files (one with an open document
//! request, so the deadline sort and the agenda have a deadline per client), then the time of each page of
//! "My clients" (50 files, one statement, keyset) and of the agenda, sequentially.
//!
//! `cargo run --release --example client_dashboard -- sqlite 1000`
//! `cargo run --release --example client_dashboard -- postgres://postgres@127.0.0.1:5432/test 1000`
//!
//! `client_dashboard seed-into DATABASE_URL USERNAME N` only seeds: N clients × 3 files for the
//! existing verified representative USERNAME (used by `scripts/bench-dashboard` to load a running
//! demo server's database before measuring the pages over HTTP).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use portail_domain::account::Role;
use portail_domain::language::Lang;
use portail_domain::policy::Reach;
use portail_domain::representation::{ConsentStatus, Correspondence, RepKind, RepStatus};
use portail_store::Record;
use portail_store::Store;
use portail_store::accounts::NewAccount;
use portail_store::clients::{ClientFilter, ClientSort};
use portail_store::representatives::{NewConsent, NewRepresentative};
use portail_store::requests::NewRequest;
use std::time::{Duration, Instant};

async fn connect(target: &str) -> (Store, String) {
    let (url, label) = if target == "sqlite" {
        let dir = std::env::temp_dir().join(format!("portail-bench-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        (format!("sqlite:{}", dir.join("bench.db").display()), "SQLite (file, WAL)".to_owned())
    } else {
        let name = format!("portail_bench_{}", uuid::Uuid::new_v4().simple());
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(target).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        (format!("{}/{name}", target.rsplit_once('/').unwrap().0), "PostgreSQL".to_owned())
    };
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    (store, label)
}

async fn account(store: &Store, username: &str) -> portail_domain::account::AccountId {
    let email = format!("{username}@example.com");
    let new = NewAccount {
        username,
        email: &email,
        role: Role::Applicant,
        lang: Lang::En,
        password_hash: "x",
        is_demo: false,
    };
    store.create_account(&new, None, None, Utc::now()).await.unwrap()
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let total: Duration = times.iter().sum();
    println!(
        "  {what:<34} median {:>7.2} ms   p99 {:>7.2} ms   {:>6.0} pages/s (one connection)",
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3,
        times.len() as f64 / total.as_secs_f64()
    );
}

/// N clients, each with 3 draft files and an active consent for all of them to `rep`.
async fn seed_clients(store: &Store, rep: portail_domain::account::AccountId, clients: usize, prefix: &str) {
    let now = Utc::now();
    let rec = Record::audit("system:bench", "x", "x", "");
    for i in 0..clients {
        let client = account(store, &format!("{prefix}{i:05}")).await;
        let mut first = None;
        for _ in 0..3 {
            let id = uuid::Uuid::new_v4();
            store.create_draft(client, id, "visitor-visa", &rec, now).await.unwrap();
            first.get_or_insert(id);
        }
        let file = store.reach_file(Reach::Own(client), first.unwrap()).await.unwrap().unwrap();
        let request = NewRequest {
            items: "passport",
            note: "",
            deadline: now + chrono::Duration::hours(1 + (i % 700) as i64),
            expected_version: file.app.version,
            letter_params: "{}",
        };
        store.create_request(&file, &request, &rec, now).await.unwrap();
        let c = NewConsent {
            id: uuid::Uuid::new_v4(),
            client,
            representative: rep,
            application: None,
            can_act: true,
            correspondence: Correspondence::Both,
            status: ConsentStatus::Active,
            requested_by: "client",
            signed_name: &format!("Client {i:05}"),
        };
        store.create_consent(&c, &rec, now).await.unwrap();
    }
}

/// `seed-into DATABASE_URL USERNAME N`: clients for an existing representative, nothing measured.
async fn seed_into(mut args: impl Iterator<Item = String>) {
    let url = args.next().expect("DATABASE_URL");
    let username = args.next().expect("USERNAME");
    let clients: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let store = Store::connect(&url).await.unwrap();
    let rep = store.account_by_username(&username).await.unwrap().expect("no such account").id;
    let seeding = Instant::now();
    seed_clients(&store, rep, clients, "bench-client-").await;
    println!("{clients} clients × 3 files seeded for {username} in {:.1} s", seeding.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().unwrap_or_else(|| "sqlite".into());
    if target == "seed-into" {
        return seed_into(args).await;
    }
    let clients: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let (store, label) = connect(&target).await;
    let now = Utc::now();
    let rep = account(&store, "bench-rep").await;
    let profile = NewRepresentative {
        number: "R00000001",
        kind: RepKind::Consultant,
        full_name: "Bench Rep",
        membership: "R1234",
        business_name: "Bench",
        business_address: "1 Bench St",
    };
    let rec = Record::audit("system:bench", "x", "x", "");
    store.create_representative(rep, &profile, &rec, now).await.unwrap();
    store.decide_representative(rep, RepStatus::Pending, RepStatus::Verified, "", &rec, now).await.unwrap();
    let seeding = Instant::now();
    seed_clients(&store, rep, clients, "client-").await;
    println!("{label}: {clients} clients × 3 files seeded in {:.1} s", seeding.elapsed().as_secs_f64());
    for sort in [ClientSort::Deadline, ClientSort::Client] {
        let mut times = vec![];
        let mut filter = ClientFilter { sort, ..ClientFilter::default() };
        let mut seen = 0;
        loop {
            let t = Instant::now();
            let page = store.client_files(rep, &filter, 51).await.unwrap();
            times.push(t.elapsed());
            seen += page.len().min(50);
            if page.len() <= 50 {
                break;
            }
            filter.after = page.get(49).map(|f| f.id);
        }
        assert_eq!(seen, clients * 3, "every file once, across the pages");
        report(&format!("My clients by {sort:?}, {} pages", times.len()), times);
    }
    let mut times = vec![];
    for _ in 0..50 {
        let t = Instant::now();
        store.client_deadlines(rep, None, 201).await.unwrap();
        times.push(t.elapsed());
    }
    report("agenda, first page (50 runs)", times);
}
