//! Store behaviour that both databases must share: atomic counters, exclusive mail claims,
//! mail delivery with retries and backoff.

use chrono::Duration;
use portail::mailer::{Mailer, Transport};
use portail_app::clock::Clock;
use portail_domain::throttle::PER_ACCOUNT;
use portail_store::{NewMail, Store};

use crate::helpers::{Backend, fresh_database};
use crate::on_both_databases;
use crate::smtp::SmtpSink;

async fn store(backend: Backend) -> Store {
    let (url, _) = fresh_database(backend).await;
    let s = Store::connect(&url).await.unwrap();
    s.migrate().await.unwrap();
    s.migrate().await.unwrap(); // idempotent
    s
}

fn mail(to: &str) -> NewMail {
    NewMail {
        kind: "test",
        to: to.into(),
        subject: "Subject".into(),
        body: "Body line\r\nBcc: injected@example.com".into(),
        lang: portail_domain::language::Lang::En,
    }
}

async fn failure_counts_are_atomic_and_old_failures_are_forgotten(backend: Backend) {
    let s = store(backend).await;
    let now = Clock::default().now();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.record_failure("user:x", &PER_ACCOUNT, now).await.unwrap() })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(s.failures("user:x").await.unwrap().unwrap().count, 20);
    let later = now + Duration::hours(25);
    s.record_failure("user:x", &PER_ACCOUNT, later).await.unwrap();
    assert_eq!(s.failures("user:x").await.unwrap().unwrap().count, 1);
    s.clear_failures("user:x").await.unwrap();
    assert!(s.failures("user:x").await.unwrap().is_none());
}

async fn a_mail_is_claimed_by_one_worker_only(backend: Backend) {
    let s = store(backend).await;
    let now = Clock::default().now();
    for i in 0..10 {
        s.enqueue_mail(&mail(&format!("p{i}@example.com")), now).await.unwrap();
    }
    let (a, b) = tokio::join!(
        s.claim_due_mail(now, now + Duration::minutes(2), 10),
        s.claim_due_mail(now, now + Duration::minutes(2), 10)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 10);
    assert!(a.iter().all(|m| b.iter().all(|n| n.id != m.id)));
    // A crashed worker's lease runs out and the mail is claimed again.
    let again = s.claim_due_mail(now + Duration::minutes(3), now + Duration::minutes(5), 10).await.unwrap();
    assert_eq!(again.len(), 10);
}

async fn mail_is_retried_with_backoff_until_the_smtp_server_takes_it(backend: Backend) {
    let s = store(backend).await;
    let sink = SmtpSink::start().await;
    sink.refuse_mail(true);
    let clock = Clock::default();
    let mailer = smtp_mailer(&s, sink.port, &clock);
    s.enqueue_mail(&mail("retry@example.com"), clock.now()).await.unwrap();
    assert_eq!(mailer.run_once(clock.now()).await.unwrap(), 0);
    assert_eq!(s.pending_mail_count().await.unwrap(), 1, "kept for a retry");
    assert_eq!(mailer.run_once(clock.now()).await.unwrap(), 0, "not due yet: backing off");
    sink.refuse_mail(false);
    clock.advance(Duration::seconds(31));
    assert_eq!(mailer.run_once(clock.now()).await.unwrap(), 1);
    assert_eq!(s.pending_mail_count().await.unwrap(), 0);
    let got = sink.wait_for("retry@example.com", 0).await;
    assert_eq!(got.to, vec!["retry@example.com".to_owned()], "no injected Bcc recipient");
    let id = got.header("Message-ID").unwrap();
    assert!(id.ends_with("@example.org>"));
    assert_eq!(mailer.run_once(clock.now()).await.unwrap(), 0, "sent once");
}

/// A mail worker delivering over SMTP to 127.0.0.1:`port`.
fn smtp_mailer(store: &Store, port: u16, clock: &Clock) -> Mailer {
    let cfg =
        portail::config::MailConfig { mode: portail::config::MailMode::Smtp, smtp_port: port, ..Default::default() };
    Mailer {
        store: store.clone(),
        transport: Transport::from_config(&cfg, std::path::Path::new("unused")).unwrap(),
        from: cfg.from.clone(),
        from_name_fr: "Agence d’immigration de démonstration".into(),
        domain: "example.org".into(),
        clock: clock.clone(),
        poll: std::time::Duration::from_millis(50),
    }
}

/// While the relay refuses connections a mail is neither counted as failed nor backed off: it
/// waits seconds, and goes out as soon as the relay listens again.
async fn mail_waits_for_an_unreachable_relay_without_using_its_attempts(backend: Backend) {
    let s = store(backend).await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let clock = Clock::default();
    let mailer = smtp_mailer(&s, port, &clock);
    s.enqueue_mail(&mail("waits@example.com"), clock.now()).await.unwrap();
    for _ in 0..30 {
        assert_eq!(mailer.run_once(clock.now()).await.unwrap(), 0, "nothing listens");
        clock.advance(Duration::seconds(portail::mailer::UNREACHABLE_RETRY_SECS));
    }
    // Counted as attempts, the mail would now back off for minutes (and give up after sixteen).
    assert_eq!(s.pending_mail_count().await.unwrap(), 1, "a refused connection is not an attempt");
    let sink = SmtpSink::start_on(port).await;
    assert_eq!(mailer.run_once(clock.now()).await.unwrap(), 1, "out as soon as the relay listens");
    assert_eq!(sink.wait_for("waits@example.com", 0).await.to, vec!["waits@example.com".to_owned()]);
}

/// A demo start stopped between making an account and enrolling it (its first second) leaves an
/// account without a secret: the next start finishes it instead of failing on "username".
async fn a_demo_start_stopped_halfway_starts_again(backend: Backend) {
    let app = crate::helpers::TestApp::spawn(backend).await;
    let running = app.running.as_ref().unwrap();
    let (store, a) = (&running.store, &running.state.app);
    let hash = a.hasher.hash(portail::demo::DEMO_PASSWORD).await.unwrap();
    let half = portail_store::accounts::NewAccount {
        username: "demo-officer",
        email: "officer@demo.portail.invalid",
        role: portail_domain::account::Role::Officer,
        lang: portail_domain::language::Lang::En,
        password_hash: &hash,
        is_demo: true,
    };
    store.create_account(&half, None, None, chrono::Utc::now()).await.unwrap();
    let keys = a.documents.keys();
    let first = portail::demo::seed(store, &a.hasher, keys).await.expect("the demo starts again");
    assert_eq!(first.len(), portail::demo::DEMO_ACCOUNTS.len());
    let again = portail::demo::seed(store, &a.hasher, keys).await.unwrap();
    assert_eq!(first, again, "the same accounts and secrets at the next start");
    let code = portail::demo::current_code(store, keys, "demo-officer").await.unwrap();
    assert!(code.is_some_and(|c| c.len() == 6), "the finished account has its authenticator");
}

on_both_databases!(
    failure_counts_are_atomic_and_old_failures_are_forgotten,
    a_mail_is_claimed_by_one_worker_only,
    mail_is_retried_with_backoff_until_the_smtp_server_takes_it,
    mail_waits_for_an_unreachable_relay_without_using_its_attempts,
    a_demo_start_stopped_halfway_starts_again,
);
