//! The operator's data commands on both databases: a backup taken while the server runs (the
//! SQLite database copied online; on PostgreSQL the objects and keys, the database being
//! `pg_dump`'s), refused into a non-empty folder; a restore refused into a non-empty data folder
//! (nothing changed) and, into an empty one, read back: every document decrypts under the
//! restored key to the digest its row recorded. And `outbox purge`: the bodies of delivered mail
//! are emptied, recent ones kept.

use portail::config::Config;
use portail_documents::{DocumentStore, WrappedKey};
use secrecy::SecretString;
use sha2::Digest;

use crate::helpers::{Backend, TestApp, audit_pairs};
use crate::on_both_databases;

fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| if e.path().is_dir() { files_under(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

async fn a_backup_restores_and_reads_documents_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let _ = crate::submit::ready_draft(&app, "ana.backup").await;
    let config = Config {
        database_url: Some(SecretString::from(app.database_url.clone())),
        data_dir: app.data_dir.clone(),
        ..Config::default()
    };
    let root = std::env::temp_dir().join(format!("portail-backup-{}", uuid::Uuid::new_v4().simple()));
    let dest = root.join("backup");
    let report = portail::backup::backup(&config, &dest).await.unwrap();
    assert_eq!(report.objects, 4, "{report:?}");
    assert!(report.missing.is_empty(), "{report:?}");
    assert_eq!(report.database, backend == Backend::Sqlite);
    assert_eq!(report.keys, ["document.key", "secret.key"]);
    let again = portail::backup::backup(&config, &dest).await.unwrap_err();
    assert!(again.to_string().contains("is not empty"), "{again}");

    // Into the live, non-empty data folder: refused, nothing changed.
    let before = files_under(&app.data_dir);
    let refused = portail::backup::restore(&config, &dest).await.unwrap_err();
    assert!(refused.to_string().contains("restore only into an empty data folder"), "{refused}");
    assert_eq!(files_under(&app.data_dir), before);

    let fresh = root.join("restored");
    let restored = Config {
        // SQLite: the default file of the data folder; PostgreSQL: the database pg_restore fills.
        database_url: (backend == Backend::Postgres).then(|| SecretString::from(app.database_url.clone())),
        data_dir: fresh.clone(),
        ..Config::default()
    };
    assert_eq!(portail::backup::restore(&restored, &dest).await.unwrap(), 4);
    let store = portail::server::open_store(&restored).await.unwrap();
    let docs = store.stored_documents().await.unwrap();
    assert_eq!(docs.len(), 4);
    let keys = portail_documents::Keys::fixed(portail::keys::KeySource::of(&restored).load(false).unwrap());
    let documents = DocumentStore::local(&fresh.join("objects"), keys).unwrap();
    for d in docs {
        let wrapped = WrappedKey { master_id: d.master_key_id.clone(), sealed: d.wrapped_key.clone() };
        let plain = documents.read_all(&d.object_key, &wrapped).await.unwrap();
        assert_eq!(hex::encode(sha2::Sha256::digest(&plain)), d.sha256, "{}", d.object_key);
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(&root);
}

async fn outbox_purge_empties_delivered_bodies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, person) = app.registered("ana.purge").await;
    let q = "SELECT kind, body FROM outbox WHERE to_address = $1 AND sent_at IS NOT NULL ORDER BY created_at";
    let mut sent = vec![];
    for _ in 0..50 {
        sent = audit_pairs(&app, q, &person.email).await;
        if !sent.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(sent.iter().all(|(_, body)| !body.is_empty()) && !sent.is_empty(), "{sent:?}");
    let store = app.store();
    let rec = portail_store::Record::audit("operator:test", "outbox_purged", "outbox", "");
    let now = app.clock.now();
    assert_eq!(store.purge_mail_bodies(now - chrono::Duration::days(30), &rec, now).await.unwrap(), 0, "recent: kept");
    let emptied = store.purge_mail_bodies(now + chrono::Duration::hours(1), &rec, now).await.unwrap();
    assert_eq!(emptied, u64::try_from(sent.len()).unwrap());
    let after = audit_pairs(&app, q, &person.email).await;
    assert!(after.iter().all(|(_, body)| body.is_empty()), "{after:?}");
    assert_eq!(after.len(), sent.len(), "the rows stay");
}

on_both_databases!(a_backup_restores_and_reads_documents_back, outbox_purge_empties_delivered_bodies);
