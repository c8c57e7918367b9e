//! The JSON API's PR-portal tasks, withdrawal, draft deletion and the work queue's pages, on
//! both databases: the same
//! checks as the pages (each refusal names its field), the review state after, other people's
//! files out of reach, and the token's scope enforced.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::api::{Api, make_token, ready_draft, submit};
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use crate::pr_confirm::{jpeg, mailed_code, moved_by_officer, png};

fn fields(r: &crate::api::Answer) -> Vec<String> {
    let list = r.json["error"]["fields"].as_array().cloned().unwrap_or_default();
    list.iter().filter_map(|f| f["field"].as_str().map(str::to_owned)).collect()
}

async fn pr_tasks_are_done_through_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, person) = app.registered("api.pr").await;
    let (id, _officer) = moved_by_officer(&app, "api.pr").await;
    let code = mailed_code(&app, &person.email).await;
    owner.get("/pr/redeem").await;
    assert_eq!(owner.submit("/pr/redeem", &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    let api = Api::new(&app, &make_token(&mut owner, "pr", true, true).await);
    let reader = Api::new(&app, &make_token(&mut owner, "pr-read", true, false).await);
    let (mut stranger_b, _) = app.registered("api.pr.stranger").await;
    let stranger = Api::new(&app, &make_token(&mut stranger_b, "s", true, true).await);

    let files = api.get("/api/v1/pr/files").await;
    assert_eq!(files.json.as_array().map(Vec::len), Some(1), "{}", files.json);
    let states = |v: &serde_json::Value| -> Vec<String> {
        v["tasks"].as_array().unwrap().iter().map(|t| t["state"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(states(&files.json[0]), ["todo", "todo", "todo"]);

    let path = format!("/api/v1/pr/files/{id}/presence");
    let r = reader.post(&path, json!({"presence": "outside"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a read-only token: {}", r.json);
    let r = stranger.post(&path, json!({"presence": "outside"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "someone else's file");
    let tomorrow = (app.clock.now() + Duration::days(1)).format("%Y-%m-%d").to_string();
    let r = api.post(&path, json!({"presence": "in_canada", "entered_on": tomorrow})).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["entered_on".to_owned()]));
    let r = api.post(&path, json!({"presence": "in_canada", "entered_on": "2026-09-14"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.json);
    let r = api.post(&path, json!({"presence": "outside"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no change while it waits for review: {}", r.json);

    let path = format!("/api/v1/pr/files/{id}/address");
    let address = |postal: &str| {
        json!({"details_confirmed": "yes", "address_line": "12 Rue Sainte-Catherine", "city": "Montréal",
            "province": "QC", "postal_code": postal})
    };
    let r = api.post(&path, address("12345")).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["postal_code".to_owned()]));
    assert_eq!(api.post(&path, address("h2x1y4")).await.status, StatusCode::NO_CONTENT);

    let path = format!("/api/v1/pr/files/{id}/photo");
    let r = api.upload(&path, "me.png", png(700, 900)).await;
    assert_eq!((r.status, fields(&r)[0].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "file"), "{}", r.json);
    let r = api.upload(&path, "me.jpg", vec![0xff; 5 << 20]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.json);
    let r = stranger.upload(&path, "me.jpg", jpeg(700, 900)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = reader.upload(&path, "me.jpg", jpeg(700, 900)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a read-only token, refused before the body: {}", r.json);
    let r = api.upload(&path, "me.jpg", jpeg(700, 900)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.json);

    let file = api.get(&format!("/api/v1/pr/files/{id}")).await;
    assert_eq!(states(&file.json), ["submitted", "submitted", "submitted"], "{}", file.json);
    let r = api.post(&format!("/api/v1/applications/{id}/withdrawal"), json!({"confirm": true})).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "managed-in-pr-portal"), "not withdrawn here");
}

async fn withdrawing_and_deleting_drafts_through_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("api.withdraw").await;
    let api = Api::new(&app, &make_token(&mut b, "w", true, true).await);
    let reader = Api::new(&app, &make_token(&mut b, "r", true, false).await);
    let (mut other_b, _) = app.registered("api.withdraw.other").await;
    let other = Api::new(&app, &make_token(&mut other_b, "o", true, true).await);

    let draft =
        api.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await.json["id"].as_str().unwrap().to_owned();
    assert_eq!(other.delete(&format!("/api/v1/drafts/{draft}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(reader.delete(&format!("/api/v1/drafts/{draft}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.delete(&format!("/api/v1/drafts/{draft}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&format!("/api/v1/drafts/{draft}")).await.status, StatusCode::NOT_FOUND, "gone");
    assert_eq!(api.delete(&format!("/api/v1/drafts/{draft}")).await.status, StatusCode::NOT_FOUND, "once");

    let id = ready_draft(&api).await;
    assert_eq!(submit(&api, &id, "w-1").await.status, StatusCode::CREATED);
    assert_eq!(api.delete(&format!("/api/v1/drafts/{id}")).await.status, StatusCode::NOT_FOUND, "not a draft");
    let path = format!("/api/v1/applications/{id}/withdrawal");
    let r = api.post(&path, json!({"reason": "plans changed", "confirm": false})).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["confirm".to_owned()]));
    assert_eq!(other.post(&path, json!({"confirm": true})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(reader.post(&path, json!({"confirm": true})).await.status, StatusCode::FORBIDDEN);
    let r = api.post(&path, json!({"reason": "plans changed", "confirm": true})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.json);
    assert_eq!(api.get(&format!("/api/v1/applications/{id}")).await.json["stage"], json!("withdrawn"));
    let timeline = api.get(&format!("/api/v1/applications/{id}/timeline")).await;
    assert!(timeline.json.to_string().contains("plans changed"), "{}", timeline.json);
    assert_eq!(api.post(&path, json!({"confirm": true})).await.status, StatusCode::NOT_FOUND, "once");
}

/// The work queue by pages: every file once, oldest first, files submitted at the same moment
/// kept apart by id; a made-up cursor and a bad limit are 400s.
async fn the_work_queue_pages_by_cursor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut seeded = crate::pr::seed_files(&app, 5, "express-entry", (2026, 3, 1), "secure").await;
    seeded.extend(crate::pr::seed_files(&app, 3, "express-entry", (2026, 2, 1), "secure").await);
    let (mut officer, _) = app.staff("api.pager", "officer").await;
    let office = Api::new(&app, &make_token(&mut officer, "pages", true, false).await);
    let whole = office.get("/api/v1/office/queue?limit=200").await;
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect()
    };
    let all = ids(&whole.json);
    assert_eq!(all.len(), 8, "{}", whole.json);
    assert!(whole.json["next_cursor"].is_null());
    let dates: Vec<&str> =
        whole.json["items"].as_array().unwrap().iter().map(|f| f["submitted_at"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first: {dates:?}");
    let (mut walked, mut cursor, mut pages) = (vec![], String::new(), 0);
    loop {
        let path = if cursor.is_empty() {
            "/api/v1/office/queue?limit=3".to_owned()
        } else {
            format!("/api/v1/office/queue?limit=3&cursor={cursor}")
        };
        let page = office.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.json);
        walked.extend(ids(&page.json));
        pages += 1;
        match page.json["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!((walked, pages), (all, 3), "three pages, each file once, in order");
    let r = office.get(&format!("/api/v1/office/queue?cursor={}", uuid::Uuid::new_v4())).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "bad-cursor"));
    let r = office.get("/api/v1/office/queue?limit=0").await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "bad-query"));
}

on_both_databases!(
    pr_tasks_are_done_through_the_api,
    withdrawing_and_deleting_drafts_through_the_api,
    the_work_queue_pages_by_cursor,
);
