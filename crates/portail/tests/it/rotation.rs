//! `portail keys rotate` and `retire` while the server runs, on both databases: TOTP secrets are
//! stored sealed (never the base32 secret); after a rotation every document key and secret is
//! under the new key, the running server (which never restarted) downloads documents and checks
//! codes under it, new uploads take it, and once the old key is retired every document still
//! decrypts to its recorded digest with the new key alone. A retire too soon after a rotation is
//! refused with nothing changed.

use portail::config::Config;
use portail_documents::{DocumentStore, Keys, WrappedKey};
use reqwest::StatusCode;
use secrecy::SecretString;
use sha2::Digest;

use crate::helpers::{Backend, TestApp, audit_pairs, between, pdf};
use crate::on_both_databases;

fn config_of(app: &TestApp) -> Config {
    Config {
        database_url: Some(SecretString::from(app.database_url.clone())),
        data_dir: app.data_dir.clone(),
        ..Config::default()
    }
}

/// The stored TOTP secret of `username`.
async fn stored_secret(app: &TestApp, username: &str) -> String {
    let q = "SELECT username, totp_secret FROM accounts WHERE username = $1";
    audit_pairs(app, q, username).await.pop().map(|(_, s)| s).unwrap_or_default()
}

async fn keys_rotate_and_retire_while_the_server_runs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, person, draft) = crate::submit::ready_draft_of(&app, "ana.rotate").await;
    let sealed = stored_secret(&app, "ana.rotate").await;
    assert!(sealed.starts_with("v1."), "sealed under the master key: {sealed}");
    assert!(!sealed.contains(&person.secret.to_base32()), "the base32 secret is not stored");
    let config = config_of(&app);
    let old = portail::keys::KeySource::of(&config).load(false).unwrap().current().id.clone();

    let rotation = portail::keys::rotate(&config).await.unwrap();
    assert_eq!(rotation.old, old);
    assert_ne!(rotation.new, old);
    assert_eq!((rotation.done.keys, rotation.done.secrets, rotation.done.unopenable), (4, 1, 0), "{rotation:?}");
    assert!(app.data_dir.join("document-keys").join(format!("{old}.key")).exists(), "the old key is kept");
    let usage = portail::keys::usage(app.store()).await.unwrap();
    assert_eq!(usage, [(rotation.new.clone(), 5)], "everything under the new key");
    assert!(stored_secret(&app, "ana.rotate").await.starts_with(&format!("v1.{}.", rotation.new)));

    // The running server meets the new key id, reloads its keyring, and serves under it.
    let path = format!("{draft}/documents/passport:principal");
    let page = b.get(&path).await;
    let doc = between(&page.body, &format!("href=\"{draft}/files/"), "\"").to_owned();
    let file = b.get(&format!("{draft}/files/{doc}")).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    assert!(file.body.starts_with("%PDF"), "the document comes back decrypted");
    let again = app.sign_in(&person).await;
    drop(again);
    b.get(&path).await;
    let r = b.upload(&path, "passport-2.pdf", &pdf(120)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The new passport replaces the first; it is under the new key (none under the old).
    assert_eq!(portail::keys::usage(app.store()).await.unwrap(), [(rotation.new.clone(), 5)], "new upload, new key");

    let soon = portail::keys::retire(&config, portail::keys::RETIRE_AFTER).await.unwrap_err();
    assert!(soon.to_string().contains("nothing was changed"), "{soon}");
    assert!(app.data_dir.join("document-keys").join(format!("{old}.key")).exists());
    let retired = portail::keys::retire(&config, std::time::Duration::ZERO).await.unwrap();
    assert_eq!(retired.deleted, std::slice::from_ref(&old), "{retired:?}");
    assert!(retired.kept.is_empty(), "{retired:?}");
    assert!(!app.data_dir.join("document-keys").join(format!("{old}.key")).exists());

    // The new key alone opens every document, and the audit log says what happened.
    let ring = portail::keys::KeySource::of(&config).load(false).unwrap();
    assert!(ring.previous_ids().is_empty());
    let documents = DocumentStore::local(&app.data_dir.join("objects"), Keys::fixed(ring)).unwrap();
    let docs = app.store().stored_documents().await.unwrap();
    assert_eq!(docs.len(), 4);
    for d in docs {
        let wrapped = WrappedKey { master_id: d.master_key_id.clone(), sealed: d.wrapped_key.clone() };
        let plain = documents.read_all(&d.object_key, &wrapped).await.unwrap();
        assert_eq!(hex::encode(sha2::Sha256::digest(&plain)), d.sha256);
    }
    let q = "SELECT action, detail FROM audit_log WHERE target = $1";
    let audited = audit_pairs(&app, q, "keys").await;
    assert_eq!(audited.len(), 1, "one rotation re-wrapped something: {audited:?}");
    assert!(audited[0].1.contains("4 document keys, 1 TOTP secrets"), "{audited:?}");
    app.sign_in(&person).await;

    // A secret stored in plain (before secrets were sealed) still works, and start-up seals it.
    set_plain_secret(&app, "ana.rotate", &person.secret.to_base32()).await;
    app.sign_in(&person).await;
    let keys = Keys::fixed(portail::keys::KeySource::of(&config).load(false).unwrap());
    assert_eq!(portail_app::keys::seal_plain_secrets(app.store(), &keys).await.unwrap(), 1);
    assert!(stored_secret(&app, "ana.rotate").await.starts_with(&format!("v1.{}.", rotation.new)));
    app.sign_in(&person).await;
}

async fn set_plain_secret(app: &TestApp, username: &str, secret: &str) {
    let q = "UPDATE accounts SET totp_secret = $1 WHERE username = $2";
    let done = if app.database_url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        sqlx::query(q).bind(secret).bind(username).execute(&mut c).await.unwrap().rows_affected()
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        sqlx::query(q).bind(secret).bind(username).execute(&mut c).await.unwrap().rows_affected()
    };
    assert_eq!(done, 1);
}

on_both_databases!(keys_rotate_and_retire_while_the_server_runs);
