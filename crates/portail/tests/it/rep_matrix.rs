//! The representative row of the authorization matrix, walked over the route table: every route
//! of a client's file (`/applications/{id}…`, `/pr/files/{id}…`) asked by a stranger, by a
//! suspended representative, by a removed assistant and by a representative whose consent was
//! revoked answers 404 — while the same people reach the file when the consent stands. And the
//! allowed cells, by scope: with a read-only consent every read answers and every write is refused
//! (403); with an acting consent every write reaches its handler except what only the client may
//! sign (submit, withdraw, delete: 403).

use portail_web::ROUTES;
use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, TestApp, between, concrete, pdf};
use crate::on_both_databases;
use crate::representatives::verified_representative;
use crate::requests::submitted;

/// Every route of file `id`, each asked once by `b`: all must answer 404.
async fn every_route_is_not_found(b: &mut Browser, id: &str, who: &str) -> usize {
    b.get("/home").await;
    let mut asked = 0;
    for (method, pattern, _) in ROUTES {
        if !(pattern.starts_with("/applications/{id}") || pattern.starts_with("/pr/files/{id}")) {
            continue;
        }
        let path = concrete(&pattern.replace("{id}", id));
        // The upload and message forms are multipart: asked as a browser sends them.
        let multipart = ["/documents/", "/items/"].iter().any(|p| pattern.contains(p))
            || pattern.ends_with("/messages")
            || pattern.ends_with("/photo");
        let r = match (*method, multipart) {
            ("GET", _) => b.get(&path).await,
            (_, true) => b.upload(&path, "x.pdf", &pdf(1)).await,
            _ => b.submit(&path, &[("reason", "x")]).await,
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}: {method} {path}");
        asked += 1;
    }
    asked
}

/// The client's personal acts: refused to a representative whatever the consent allows.
const CLIENT_ONLY: [&str; 3] = ["/submit", "/withdraw", "/delete"];

/// `b` asks `path` as a browser would (the message form is multipart).
async fn ask(b: &mut Browser, method: &str, path: &str) -> StatusCode {
    let r = match method {
        "GET" => b.get(path).await,
        _ if path.ends_with("/messages") => b.upload(path, "x.pdf", &pdf(1)).await,
        _ => b.submit(path, &[("reason", "x")]).await,
    };
    r.status
}

/// Every route of the secure account's file `id` with no other placeholder, asked by the
/// representative `rep` under a consent that may act (`acts`) or only read, then by the client:
/// the representative gets the client's answer, except that a read-only consent refuses every
/// write and no consent allows the client's personal acts (403). Which status the client gets
/// (200, a redirect, a 404 for a draft's form on a submitted file, a 400 for the junk sent) is
/// the route's business: the cell says the representative is treated alike. Returns how many were asked.
async fn every_route_follows_the_scope(rep: &mut Browser, client: &mut Browser, id: &str, acts: bool) -> usize {
    rep.get("/home").await;
    client.get("/home").await;
    let scope = if acts { "acting" } else { "read-only" };
    let mut asked = 0;
    for (method, pattern, _) in ROUTES {
        let Some(rest) = pattern.strip_prefix("/applications/{id}") else { continue };
        if rest.contains('{') {
            continue;
        }
        let path = format!("/applications/{id}{rest}");
        let answer = ask(rep, method, &path).await;
        if *method != "GET" && CLIENT_ONLY.contains(&rest) {
            // Refused; a 404 only where the act does not apply to this file (deleting a
            // submitted file), which the client's own form then says too.
            let not_here = answer == StatusCode::NOT_FOUND && client.get(&path).await.status == StatusCode::NOT_FOUND;
            assert!(answer == StatusCode::FORBIDDEN || not_here, "{scope}: {method} {path} ({answer})");
        } else if CLIENT_ONLY.contains(&rest) || (*method != "GET" && !acts) {
            // Refused, unless the route does not apply to a submitted file at all (a draft's
            // form: 404 to the client too). The client is asked only what changes nothing.
            let clients = ask(client, method, &path).await;
            let not_here = answer == StatusCode::NOT_FOUND && clients == StatusCode::NOT_FOUND;
            assert!(answer == StatusCode::FORBIDDEN || not_here, "{scope}: {method} {path} ({answer})");
        } else {
            let clients = ask(client, method, &path).await;
            assert_eq!(answer, clients, "{scope}: {method} {path} answers as it does to the client");
        }
        asked += 1;
    }
    asked
}

async fn the_allowed_cells_follow_the_consent_scope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut client, id) = submitted(&app, "client.scope").await;
    let (mut rep, _) = app.registered("mara.scope").await;
    let (mut admin, _) = app.staff("admin.scope", "administrator").await;
    let number = verified_representative(&app, &mut rep, &mut admin, "Mara Scope").await;
    let appoint = |scope: &'static str| {
        [
            ("representative", number.clone()),
            ("application", id.clone()),
            ("scope", scope.to_owned()),
            ("correspondence", "client".to_owned()),
            ("signed_name", "Sam Scope".to_owned()),
        ]
    };
    for (scope, acts) in [("read", false), ("act", true)] {
        client.get("/account/representatives").await;
        let form = appoint(scope);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            client.submit("/account/representatives", &form).await.location(),
            "/account/representatives?m=appointed"
        );
        let asked = every_route_follows_the_scope(&mut rep, &mut client, &id, acts).await;
        assert!(asked >= 15, "the walk covers the file's own routes ({asked})");
        let page = client.get("/account/representatives").await;
        let consent = between(&page.body, "action=\"/account/representatives/", "/revoke\"").to_owned();
        client.submit(&format!("/account/representatives/{consent}/revoke"), &[]).await;
    }
}

async fn the_representative_row_of_the_route_matrix(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut client, id) = submitted(&app, "client.matrix").await;
    let (mut rep, rep_person) = app.registered("mara.matrix").await;
    let (mut admin, _) = app.staff("admin.matrix", "administrator").await;
    let number = verified_representative(&app, &mut rep, &mut admin, "Mara Matrix").await;
    let (mut stranger, _) = app.registered("stranger.matrix").await;
    let asked = every_route_is_not_found(&mut stranger, &id, "a stranger").await;
    assert!(asked >= 35, "the walk covers the file's routes ({asked})");
    client.get("/account/representatives").await;
    let appoint = [
        ("representative", number.as_str()),
        ("application", ""),
        ("scope", "act"),
        ("correspondence", "both"),
        ("signed_name", "Max Matrix"),
    ];
    assert_eq!(
        client.submit("/account/representatives", &appoint).await.location(),
        "/account/representatives?m=appointed"
    );
    let (mut assistant, assistant_person) = app.registered("ari.matrix").await;
    rep.get("/representative").await;
    assert_eq!(
        rep.submit("/representative/assistants", &[("assistant", "ari.matrix")]).await.location(),
        "/representative?m=assistant-added"
    );
    let file = format!("/applications/{id}");
    assert_eq!(rep.get(&file).await.status, StatusCode::OK);
    assert_eq!(assistant.get(&file).await.status, StatusCode::OK);
    // The assistant, removed, signs in again: every route is "not found".
    let page = rep.get("/representative").await;
    let delegate = between(&page.body, "action=\"/representative/assistants/", "/remove\"").to_owned();
    rep.submit(&format!("/representative/assistants/{delegate}/remove"), &[]).await;
    let mut assistant = app.sign_in(&assistant_person).await;
    every_route_is_not_found(&mut assistant, &id, "a removed assistant").await;
    // Suspended: every route "not found"; reinstated, the consent reaches the file again.
    let queue = admin.get("/office/representatives").await;
    let account = between(&queue.body, "action=\"/office/representatives/", "/decision").to_owned();
    let decide = |d: &'static str| [("decision", d), ("reason", "Licence lapsed")];
    admin.get("/office/representatives").await;
    assert_eq!(
        admin.submit(&format!("/office/representatives/{account}/decision"), &decide("suspend")).await.location(),
        "/office/representatives?m=suspended"
    );
    every_route_is_not_found(&mut rep, &id, "a suspended representative").await;
    admin.get("/office/representatives").await;
    assert_eq!(
        admin.submit(&format!("/office/representatives/{account}/decision"), &decide("reinstate")).await.location(),
        "/office/representatives?m=verified"
    );
    let mut rep = app.sign_in(&rep_person).await;
    assert_eq!(rep.get(&file).await.status, StatusCode::OK);
    // Revoked: every route "not found" on the very next requests.
    let page = client.get("/account/representatives").await;
    let consent = between(&page.body, "action=\"/account/representatives/", "/revoke\"").to_owned();
    client.submit(&format!("/account/representatives/{consent}/revoke"), &[]).await;
    every_route_is_not_found(&mut rep, &id, "a representative after revocation").await;
}

on_both_databases!(the_representative_row_of_the_route_matrix, the_allowed_cells_follow_the_consent_scope);
