//! The fixes that came with the operations layer, over HTTP on both databases: files managed in
//! the PR portal are read-only here for messages and answers too; the message form's limits;
//! url-encoded forms that a browser never sends; "username taken" told only so often.

use reqwest::StatusCode;
use serde_json::json;

use crate::api::{Api, make_token, ready_draft, submit};
use crate::helpers::{Backend, PASSWORD, TestApp, pdf};
use crate::on_both_databases;

async fn a_file_managed_in_the_pr_portal_takes_no_messages_or_answers_here(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("moved.owner").await;
    let api = Api::new(&app, &make_token(&mut marie, "rw", true, true).await);
    // Only a permanent-residence file moves to the PR portal: an Express Entry file of Marie's.
    let owner = app.store().account_by_username("moved.owner").await.unwrap().unwrap().id;
    let files = crate::pr::seed_files(&app, 1, "express-entry", (2026, 4, 1), "secure").await;
    crate::pr::give_files_to(&app, &files, owner).await;
    let id = files[0].to_string();
    let (mut officer, _) = app.staff("moved.officer", "officer").await;
    let office = Api::new(&app, &make_token(&mut officer, "rw", true, true).await);
    let version = office.get(&format!("/api/v1/office/files/{id}")).await.json["version"].as_i64().unwrap();
    let asked = office
        .post(&format!("/api/v1/office/files/{id}/requests"), json!({"items": ["A letter"], "version": version}))
        .await;
    assert_eq!(asked.status, StatusCode::NO_CONTENT);
    officer.get(&format!("/office/files/{id}/pr")).await;
    let moved = officer.submit(&format!("/office/files/{id}/pr/invite"), &[]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);

    let r =
        api.post(&format!("/api/v1/applications/{id}/messages"), json!({"subject": "Hi", "body": "Still here?"})).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "managed-in-pr-portal"));
    let rid = api.get(&format!("/api/v1/applications/{id}/requests")).await.json[0]["id"].as_str().unwrap().to_owned();
    let r = api.upload(&format!("/api/v1/applications/{id}/requests/{rid}/items/0"), "a.pdf", pdf(1)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json);
    let r = api.post(&format!("/api/v1/applications/{id}/requests/{rid}/extension"), json!({"reason": "Travel"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // The pages say the same: the thread and the request are read-only.
    marie.get(&format!("/applications/{id}/messages")).await;
    let r = marie
        .submit_multipart(&format!("/applications/{id}/messages"), &[("subject", "Hi"), ("body", "x")], None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("managed in the PR portal"), "{}", r.body);
    let page = marie.get(&format!("/applications/{id}/requests/{rid}")).await;
    assert!(!page.body.contains("type=\"file\""), "no upload offered on a moved file");
    // Reading still works.
    assert_eq!(api.get(&format!("/api/v1/applications/{id}/messages")).await.json, json!([]));
}

async fn only_a_permanent_residence_file_moves_to_the_pr_portal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("visitor.owner").await;
    let api = Api::new(&app, &make_token(&mut marie, "rw", true, true).await);
    let id = ready_draft(&api).await;
    submit(&api, &id, "k").await;
    let (mut officer, _) = app.staff("visitor.officer", "officer").await;
    let file = officer.get(&format!("/office/files/{id}")).await;
    assert!(!file.body.contains(&format!("/office/files/{id}/pr")), "no PR link on a visitor visa");
    assert_eq!(officer.get(&format!("/office/files/{id}/pr")).await.status, StatusCode::NOT_FOUND);
    officer.get(&format!("/office/files/{id}")).await;
    let r = officer.submit(&format!("/office/files/{id}/pr/invite"), &[]).await;
    // The operation refuses (office-pr-not-eligible) and the page it would show does not exist.
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!app.smtp.all().await.iter().any(|m| m.body().contains("Your invite code: ")), "no code mailed");
    let portal = api.get(&format!("/api/v1/applications/{id}")).await;
    assert_eq!(portal.json["portal"], json!("secure"), "{}", portal.json);
}

async fn a_retried_start_makes_one_draft(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("retry.start").await;
    // The page: a double click (or a resend after a timeout) sends the same form twice.
    marie.get("/apply/visitor-visa").await;
    let key =
        crate::helpers::between(&marie.get("/apply/visitor-visa").await.body, "name=\"draft_key\" value=\"", "\"")
            .to_owned();
    let form = [("type", "visitor-visa"), ("draft_key", key.as_str())];
    let first = marie.submit("/applications", &form).await.location();
    let second = marie.submit("/applications", &form).await.location();
    assert!(first.starts_with("/applications/") && first == second, "{first} / {second}");
    // The API: the same Idempotency-Key answers the same draft, 201 then 200.
    let api = Api::new(&app, &make_token(&mut marie, "rw", true, true).await);
    let body = json!({"type_id": "study-permit"});
    let a = api.post_keyed("/api/v1/drafts", "start-1", body.clone()).await;
    let b = api.post_keyed("/api/v1/drafts", "start-1", body).await;
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::OK), "{} {}", a.json, b.json);
    assert_eq!(a.json["id"], b.json["id"]);
    let other_type = api.post_keyed("/api/v1/drafts", "start-1", json!({"type_id": "open-work-permit"})).await;
    assert_eq!((other_type.status, other_type.code()), (StatusCode::CONFLICT, "conflict"), "{}", other_type.json);
    let drafts = api.get("/api/v1/applications").await.json;
    assert_eq!(drafts["items"].as_array().map(Vec::len), Some(2), "one visitor visa, one study permit: {drafts}");
    // Another person's same key is theirs alone.
    let (mut sam, _) = app.registered("retry.other").await;
    let theirs = Api::new(&app, &make_token(&mut sam, "rw", true, true).await);
    let c = theirs.post_keyed("/api/v1/drafts", "start-1", json!({"type_id": "study-permit"})).await;
    assert_eq!(c.status, StatusCode::CREATED);
    assert_ne!(c.json["id"], a.json["id"]);
}

async fn the_message_form_has_its_limits_and_stores_nothing_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("message.limits").await;
    let api = Api::new(&app, &make_token(&mut marie, "rw", true, true).await);
    let id = ready_draft(&api).await;
    submit(&api, &id, "k").await;
    let path = format!("/applications/{id}/messages");
    marie.get(&path).await;
    let r = marie.submit_multipart(&path, &[("subject", "Hi"), ("body", "a\u{0}b")], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "NUL is refused");
    let r = marie.submit_multipart(&path, &[("subject", "Hi"), ("body", "bell \u{7} rings")], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "control characters are refused");
    let r = marie.submit_multipart(&path, &[("subject", "Hi"), ("subject", "Again"), ("body", "x")], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a field twice is refused");
    // Two files: refused, and neither is stored.
    let boundary = "----portailtwofiles";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n", marie.csrf).into_bytes();
    for part in [("subject", "Two"), ("body", "Two files")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n", part.0, part.1)
                .as_bytes(),
        );
    }
    for name in ["a.pdf", "b.pdf"] {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
        body.extend(pdf(5));
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    let r = marie.post_raw(&path, &format!("multipart/form-data; boundary={boundary}"), body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("one file at a time"), "{}", r.body);
    // A body past the cap (one attachment and the text) is cut with a 413.
    marie.get(&path).await;
    let big = pdf(12 << 20);
    let r = marie.submit_multipart(&path, &[("subject", "Big"), ("body", "x")], Some(("big.pdf", &big))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.get(&format!("/api/v1/applications/{id}/messages")).await.json, json!([]), "nothing was stored");
    let docs = api.get(&format!("/api/v1/applications/{id}/documents")).await.json;
    assert!(docs.as_array().unwrap().iter().all(|d| !d["item_key"].as_str().unwrap().starts_with("message:")));
    // A good one goes through, once, whatever the retries.
    marie.get(&path).await;
    let key = crate::helpers::between(&marie.get(&path).await.body, "name=\"message_key\" value=\"", "\"").to_owned();
    for _ in 0..2 {
        let r =
            marie.submit_multipart(&path, &[("message_key", &key), ("subject", "Hi"), ("body", "Hello")], None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    assert_eq!(api.get(&format!("/api/v1/applications/{id}/messages")).await.json.as_array().unwrap().len(), 1);
}

async fn forms_refuse_what_a_browser_never_sends(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.get("/sign-in").await;
    let form = "application/x-www-form-urlencoded";
    let twice = format!("csrf={}&username=a.person&username=b.person&password=x", b.csrf);
    assert_eq!(b.post_raw("/sign-in", form, twice).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = format!("csrf={}&username=%FF%FEabc&password=x", b.csrf);
    assert_eq!(b.post_raw("/sign-in", form, bad).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_taken_username_is_told_only_so_often_per_address(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.registered("taken.name").await;
    let mut b = app.client();
    b.get("/register").await;
    let fields = [
        ("username", "taken.name"),
        ("email", "t@example.com"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let mut statuses = vec![];
    for _ in 0..22 {
        let r = b.submit("/register", &fields).await;
        statuses.push(r.status);
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(!r.header("retry-after").is_empty());
            break;
        }
        assert!(r.body.contains("not available"), "{}", r.status);
    }
    let told = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let free = usize::try_from(portail_domain::throttle::PER_ADDRESS.free_failures).unwrap();
    assert_eq!(told, free + 1, "the free answers, then a wait: {statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

/// Registering and enrolling an authenticator are in the audit log, each with its change.
async fn account_set_up_is_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.registered("audited.person").await;
    let actions: Vec<String> =
        crate::helpers::audit_actions(&app, "account:audited.person").await.into_iter().map(|(a, _)| a).collect();
    let registered = actions.iter().position(|a| a == "account_registered");
    let enrolled = actions.iter().position(|a| a == "mfa_enrolled");
    assert!(registered.is_some() && enrolled.is_some() && registered < enrolled, "{actions:?}");
}

on_both_databases!(
    account_set_up_is_audited,
    a_file_managed_in_the_pr_portal_takes_no_messages_or_answers_here,
    only_a_permanent_residence_file_moves_to_the_pr_portal,
    a_retried_start_makes_one_draft,
    the_message_form_has_its_limits_and_stores_nothing_refused,
    forms_refuse_what_a_browser_never_sends,
    a_taken_username_is_told_only_so_often_per_address,
);
