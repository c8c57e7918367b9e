//! The JSON API over HTTP, on both databases: tokens made on the account page, every route used
//! as an applicant's and an officer's software would, other people's ids, scopes, revoked and
//! expired tokens, and hostile bodies — a JSON error with a stable code, never a 500.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, Browser, TestApp, between, pdf};
use crate::on_both_databases;

/// Makes a token on the account page of a signed-in browser.
pub async fn make_token(b: &mut Browser, name: &str, read: bool, write: bool) -> String {
    b.get("/account/tokens").await;
    let mut fields = vec![("name", name), ("days", "30")];
    if read {
        fields.push(("read", "yes"));
    }
    if write {
        fields.push(("write", "yes"));
    }
    let r = b.submit("/account/tokens", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let shown = between(&r.body, "id=\"token-secret\"", "</code>");
    shown.split_once('>').map(|(_, token)| token.to_owned()).expect("the token is shown once")
}

pub struct Api {
    base: String,
    token: String,
    http: reqwest::Client,
    pub lang: &'static str,
}

pub struct Answer {
    pub status: StatusCode,
    pub json: Value,
    pub bytes: Vec<u8>,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
}

impl Api {
    pub fn new(app: &TestApp, token: &str) -> Api {
        Api { base: app.base.clone(), token: token.to_owned(), http: reqwest::Client::new(), lang: "en" }
    }

    /// `POST path` with an `Idempotency-Key`.
    pub async fn post_keyed(&self, path: &str, key: &str, body: Value) -> Answer {
        let req = self.http.post(format!("{}{path}", self.base)).header("idempotency-key", key).json(&body);
        self.send(req).await
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let res = req.bearer_auth(&self.token).header("accept-language", self.lang).send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = res.bytes().await.unwrap().to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(status != StatusCode::INTERNAL_SERVER_ERROR, "500: {json}");
        if status.is_client_error() {
            assert!(json["error"]["code"].is_string() && json["error"]["message"].is_string(), "JSON error: {json}");
        }
        Answer { status, json, bytes, headers }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.http.delete(format!("{}{path}", self.base))).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(self.http.put(format!("{}{path}", self.base)).json(&body)).await
    }

    pub async fn upload(&self, path: &str, name: &str, bytes: Vec<u8>) -> Answer {
        self.send(self.http.put(format!("{}{path}", self.base)).header("x-file-name", name).body(bytes)).await
    }

    /// [`Api::raw`] with a fresh `Idempotency-Key`.
    pub async fn keyed_raw(&self, method: reqwest::Method, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let req = self.http.request(method, format!("{}{path}", self.base));
        let key = uuid::Uuid::new_v4().to_string();
        self.send(req.header("content-type", content_type).header("idempotency-key", key).body(body)).await
    }

    pub async fn raw(&self, method: reqwest::Method, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let req =
            self.http.request(method, format!("{}{path}", self.base)).header("content-type", content_type).body(body);
        self.send(req).await
    }
}

const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "personal",
        &[
            ("family_name", "Curie"),
            ("given_names", "Marie"),
            ("date_of_birth", "1990-04-25"),
            ("sex", "f"),
            ("country_of_birth", "PL"),
            ("citizenship", "FR"),
            ("marital_status", "married"),
        ],
    ),
    ("passport", &[("number", "AB123456"), ("issued_by", "FR"), ("issued_on", "2025-01-01"), ("expiry", "2035-01-01")]),
    ("contact", &[("phone", "+33 1 23 45 67 89"), ("address", "1 rue Pierre, Paris"), ("residence", "FR")]),
    (
        "trip",
        &[
            ("purpose", "family"),
            ("arrival", "2031-06-01"),
            ("departure", "2031-06-20"),
            ("funds", "5 000,50"),
            ("host_name", "Irène Joliot-Curie"),
        ],
    ),
    ("background", &[("refused_before", "no"), ("criminal", "no")]),
];

/// A visitor-visa draft made, filled, documented and paid through the API; its id.
pub async fn ready_draft(api: &Api) -> String {
    ready_draft_with(api, &pdf(50)).await
}

/// [`ready_draft`], each document being `document`.
pub async fn ready_draft_with(api: &Api, document: &[u8]) -> String {
    let r = api.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let id = r.json["id"].as_str().unwrap().to_owned();
    for (section, fields) in SECTIONS {
        let answers: serde_json::Map<String, Value> = fields.iter().map(|(k, v)| ((*k).into(), json!(v))).collect();
        let r = api.put(&format!("/api/v1/drafts/{id}/sections/{section}"), json!({ "answers": answers })).await;
        assert_eq!(r.status, StatusCode::OK, "{section}: {}", r.json);
    }
    let list = api.get(&format!("/api/v1/drafts/{id}/checklist")).await;
    for item in list.json.as_array().unwrap().iter().filter(|i| i["required"] == json!(true)) {
        let key = item["key"].as_str().unwrap();
        let r = api
            .upload(
                &format!("/api/v1/drafts/{id}/documents/{}", urlencoding::encode(key)),
                "scan.pdf",
                document.to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{key}: {}", r.json);
    }
    let card = json!({"card_number": "4242 4242 4242 4242", "card_expiry": "12/35", "card_name": "Marie Curie"});
    assert_eq!(api.post(&format!("/api/v1/drafts/{id}/payment"), card).await.status, StatusCode::NO_CONTENT);
    id
}

pub async fn submit(api: &Api, id: &str, key: &str) -> Answer {
    let body = json!({"declaration_name": "Marie Curie", "agree": true});
    let req =
        api.http.post(format!("{}/api/v1/drafts/{id}/submission", api.base)).header("idempotency-key", key).json(&body);
    api.send(req).await
}

async fn an_application_goes_from_draft_to_decision_through_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("api.marie").await;
    let api = Api::new(&app, &make_token(&mut marie, "My software", true, true).await);
    let id = ready_draft(&api).await;
    let draft = api.get(&format!("/api/v1/drafts/{id}")).await;
    assert!(draft.json["sections"].as_array().unwrap().iter().all(|s| s["complete"] == json!(true)), "{}", draft.json);
    let fee = api.get(&format!("/api/v1/drafts/{id}/fee")).await;
    assert_eq!(fee.json["paid"], json!(true), "{}", fee.json);

    // Submitted once: a retry with the same key answers the same number and makes nothing new.
    let first = submit(&api, &id, "submit-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    let again = submit(&api, &id, "submit-1").await;
    assert_eq!((again.status, again.json["replay"].clone()), (StatusCode::OK, json!(true)));
    assert_eq!(again.json["number"], first.json["number"]);
    assert_eq!(app.store().count_outbox_kind("application_submitted").await.unwrap(), 1);

    let list = api.get("/api/v1/applications?limit=1").await;
    assert_eq!(list.json["items"][0]["id"], json!(id));
    assert_eq!(list.json["items"][0]["stage"], json!("submitted"));
    let one = api.get(&format!("/api/v1/applications/{id}")).await;
    assert!(one.json["steps"].as_array().unwrap().len() >= 4, "{}", one.json);
    let timeline = api.get(&format!("/api/v1/applications/{id}/timeline")).await;
    assert!(timeline.json.as_array().unwrap().iter().any(|e| e["kind"] == json!("submitted")));
    let docs = api.get(&format!("/api/v1/applications/{id}/documents")).await;
    let doc = &docs.json[0];
    let bytes = api.get(&format!("/api/v1/applications/{id}/documents/{}", doc["id"].as_str().unwrap())).await;
    use sha2::Digest;
    assert_eq!(hex::encode(sha2::Sha256::digest(&bytes.bytes)), doc["sha256"].as_str().unwrap(), "downloads as kept");

    // A message sent twice with one key is one message.
    for _ in 0..2 {
        let req = api
            .http
            .post(format!("{}/api/v1/applications/{id}/messages", app.base))
            .header("idempotency-key", "msg-1")
            .json(&json!({"subject": "My passport", "body": "It was renewed."}));
        assert_eq!(api.send(req).await.status, StatusCode::CREATED);
    }
    assert_eq!(api.get(&format!("/api/v1/applications/{id}/messages")).await.json.as_array().unwrap().len(), 1);

    // An officer's software: the queue, the file, a decision (a stale version is refused).
    let (mut officer, _) = app.staff("api.officer", "officer").await;
    let office = Api::new(&app, &make_token(&mut officer, "Office tools", true, true).await);
    let queue = office.get("/api/v1/office/queue").await;
    assert!(queue.json["items"].as_array().unwrap().iter().any(|f| f["id"] == json!(id)), "{}", queue.json);
    let file = office.get(&format!("/api/v1/office/files/{id}")).await;
    let version = file.json["version"].as_i64().unwrap();
    assert!(file.json["decisions"].as_array().unwrap().contains(&json!("acknowledge")));
    let stale = office
        .post(&format!("/api/v1/office/files/{id}/decisions"), json!({"action": "acknowledge", "version": version - 1}))
        .await;
    assert_eq!((stale.status, stale.code()), (StatusCode::CONFLICT, "conflict"));
    let ok = office
        .post(&format!("/api/v1/office/files/{id}/decisions"), json!({"action": "acknowledge", "version": version}))
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.json);
    let file = office.get(&format!("/api/v1/office/files/{id}")).await;
    let version = file.json["version"].as_i64().unwrap();
    let asked = office
        .post(
            &format!("/api/v1/office/files/{id}/requests"),
            json!({"items": ["Bank statements"], "days": 10, "version": version}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::NO_CONTENT, "{}", asked.json);
    let version = office.get(&format!("/api/v1/office/files/{id}")).await.json["version"].as_i64().unwrap();
    let letter = office
        .post(&format!("/api/v1/office/files/{id}/letters"), json!({"kind": "biometrics", "version": version}))
        .await;
    assert_eq!(letter.status, StatusCode::NO_CONTENT, "{}", letter.json);

    // The applicant answers the request and reads the letters.
    let requests = api.get(&format!("/api/v1/applications/{id}/requests")).await;
    let rid = requests.json[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(requests.json[0]["items"], json!(["Bank statements"]));
    let early = api.post(&format!("/api/v1/applications/{id}/requests/{rid}/answer"), json!({})).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "every item needs its file: {}", early.json);
    let up = api.upload(&format!("/api/v1/applications/{id}/requests/{rid}/items/0"), "bank.pdf", pdf(10)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.json);
    assert_eq!(
        api.post(&format!("/api/v1/applications/{id}/requests/{rid}/answer"), json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    let late =
        api.post(&format!("/api/v1/applications/{id}/requests/{rid}/extension"), json!({"reason": "Travel"})).await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "conflict"), "answered: no more time");
    let letters = api.get("/api/v1/letters").await;
    let kinds: Vec<&str> = letters.json.as_array().unwrap().iter().filter_map(|l| l["kind"].as_str()).collect();
    assert!(
        kinds.contains(&"aor") && kinds.contains(&"document_request") && kinds.contains(&"biometrics"),
        "{kinds:?}"
    );
    let pdf_of = api.get(&format!("/api/v1/letters/{}/pdf", letters.json[0]["id"].as_str().unwrap())).await;
    assert!(pdf_of.bytes.starts_with(b"%PDF"));
    assert_eq!(api.get("/api/v1/pr/files").await.json, json!([]));

    // Every use of a token is audited, under the person it acts for: five reads, five entries more.
    let count = || async {
        match app.store().verify_audit().await.unwrap() {
            portail_store::audit::Verification::Intact { entries } => entries,
            broken => panic!("{broken:?}"),
        }
    };
    let before = count().await;
    for _ in 0..5 {
        api.get("/api/v1/letters").await;
    }
    assert_eq!(count().await, before + 5, "one audit entry per request, committed before the answer");
    let audited = crate::helpers::office_file(app.store(), &id).await;
    let actions: Vec<String> = app.store().audit_of(&audited).await.unwrap().into_iter().map(|r| r.action).collect();
    for a in ["submitted", "document_uploaded", "message_sent", "acknowledge", "request_answered", "file_viewed"] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited: {actions:?}");
    }
}

async fn nobody_reaches_what_is_not_theirs_and_tokens_do_only_their_scopes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("api.owner").await;
    let owner = Api::new(&app, &make_token(&mut marie, "rw", true, true).await);
    let id = ready_draft(&owner).await;
    let number = submit(&owner, &id, "k").await.json["number"].clone();
    assert!(number.is_string());
    let docs = owner.get(&format!("/api/v1/applications/{id}/documents")).await;
    let doc = docs.json[0]["id"].as_str().unwrap().to_owned();
    let (mut other, _) = app.registered("api.stranger").await;
    let stranger = Api::new(&app, &make_token(&mut other, "rw", true, true).await);
    for path in [
        format!("/api/v1/applications/{id}"),
        format!("/api/v1/applications/{id}/timeline"),
        format!("/api/v1/applications/{id}/documents"),
        format!("/api/v1/applications/{id}/documents/{doc}"),
        format!("/api/v1/applications/{id}/messages"),
        format!("/api/v1/applications/{id}/requests"),
        format!("/api/v1/drafts/{id}"),
        format!("/api/v1/pr/files/{id}"),
        format!("/api/v1/office/files/{id}"),
        "/api/v1/office/queue".to_owned(),
    ] {
        let r = stranger.get(&path).await;
        assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not-found"), "{path}");
    }
    let r = stranger.post(&format!("/api/v1/applications/{id}/messages"), json!({"subject": "x", "body": "y"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get("/api/v1/applications").await.json["items"], json!([]));

    // A read-only token reads but changes nothing; a write-only one changes but reads nothing.
    let reader = Api::new(&app, &make_token(&mut marie, "ro", true, false).await);
    assert_eq!(reader.get(&format!("/api/v1/applications/{id}")).await.status, StatusCode::OK);
    let r = reader.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "insufficient-scope"));
    let r = reader.post(&format!("/api/v1/applications/{id}/messages"), json!({"subject": "x", "body": "y"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let writer = Api::new(&app, &make_token(&mut marie, "wo", false, true).await);
    assert_eq!(writer.get(&format!("/api/v1/applications/{id}")).await.code(), "insufficient-scope");
    // Drafts too: read with the read scope, changed (and submitted) only with the write scope.
    let draft =
        owner.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await.json["id"].as_str().unwrap().to_owned();
    assert_eq!(reader.get(&format!("/api/v1/drafts/{draft}")).await.status, StatusCode::OK);
    assert_eq!(reader.get(&format!("/api/v1/drafts/{draft}/fee")).await.status, StatusCode::OK);
    assert_eq!(writer.get(&format!("/api/v1/drafts/{draft}")).await.code(), "insufficient-scope");
    assert_eq!(writer.get(&format!("/api/v1/drafts/{draft}/checklist")).await.code(), "insufficient-scope");
    assert_eq!(submit(&reader, &id, "k").await.code(), "insufficient-scope", "a replayed submission is a write too");
    assert_eq!(submit(&reader, &draft, "k2").await.code(), "insufficient-scope");

    // Revoked at once; an expired token, a made-up one, none at all, or a session cookie: 401.
    let page = marie.get("/account/tokens").await;
    let revoke = between(&page.body, "action=\"/account/tokens/", "/revoke\"").to_owned();
    marie.submit(&format!("/account/tokens/{revoke}/revoke"), &[]).await;
    let revoked_ones = [&owner, &reader, &writer];
    let still: Vec<bool> = futures_util::future::join_all(revoked_ones.iter().map(|a| a.get("/api/v1/applications")))
        .await
        .iter()
        .map(|r| r.status == StatusCode::UNAUTHORIZED)
        .collect();
    assert_eq!(still.iter().filter(|x| **x).count(), 1, "exactly the revoked token stops");
    let made_up = Api::new(&app, "ptl_0000000000000000000000000000000000000000000000000000000000000000");
    let r = made_up.get("/api/v1/applications").await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert!(r.headers.get("www-authenticate").is_some());
    let cookie_only = marie.get("/api/v1/applications").await;
    assert_eq!(cookie_only.status, StatusCode::UNAUTHORIZED, "cookies are not accepted on the API");
    // Making a token needs a sign-in of the last five minutes; nothing is made before it.
    app.advance(Duration::minutes(6));
    other.get("/account/tokens").await;
    let r = other.submit("/account/tokens", &[("name", "late"), ("read", "yes"), ("days", "30")]).await;
    assert_eq!(r.location(), "/account/reauth?next=%2Faccount%2Ftokens");
    assert!(!other.get("/account/tokens").await.body.contains("late"));
    app.advance(Duration::days(31));
    assert_eq!(stranger.get("/api/v1/applications").await.status, StatusCode::UNAUTHORIZED, "expired");
}

async fn hostile_requests_get_a_json_error_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("api.hostile").await;
    let mut api = Api::new(&app, &make_token(&mut b, "rw", true, true).await);
    let post = reqwest::Method::POST;
    let r = api.raw(post.clone(), "/api/v1/drafts", "application/json", b"{\"type_id\": ".to_vec()).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "malformed-json"));
    let r = api.post("/api/v1/drafts", json!({"type_id": 42})).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid-body"));
    let r = api.post("/api/v1/drafts", json!({"type_id": "visitor-visa", "admin": true})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused");
    let r = api.post("/api/v1/drafts", json!({})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "missing fields are refused");
    let r = api.raw(post.clone(), "/api/v1/drafts", "text/plain", b"type_id=visitor-visa".to_vec()).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"));
    let big = format!("{{\"type_id\": \"{}\"}}", "a".repeat(2 << 20));
    let r = api.raw(post.clone(), "/api/v1/drafts", "application/json", big.into_bytes()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = api.post("/api/v1/drafts", json!({"type_id": "no-such-type"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/api/v1/applications").await.json["items"], json!([]), "nothing was made");
    assert_eq!(api.get("/api/v1/applications/not-a-uuid").await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/api/v1/no/such/route").await.code(), "not-found");
    let r = api.raw(reqwest::Method::DELETE, "/api/v1/applications", "application/json", vec![]).await;
    assert_eq!((r.status, r.code()), (StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed"));
    assert_eq!(api.get("/api/v1/applications?limit=0").await.code(), "bad-query");
    assert_eq!(api.get(&format!("/api/v1/applications?cursor={}", uuid::Uuid::new_v4())).await.code(), "bad-cursor");
    // A section with a wrong answer: the field and its stable code, in French when asked.
    let id =
        api.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await.json["id"].as_str().unwrap().to_owned();
    api.lang = "fr-CA";
    let r = api
        .put(&format!("/api/v1/drafts/{id}/sections/personal"), json!({"answers": {"date_of_birth": "2999-01-01"}}))
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"));
    let fields = r.json["error"]["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["field"] == json!("date_of_birth")), "{}", r.json);
    assert!(r.json["error"]["message"].as_str().unwrap().contains("valeurs"), "{}", r.json);
    // Uploads: a file that is not a document, and one over the size cap.
    let r = api
        .upload(&format!("/api/v1/drafts/{id}/documents/passport:principal"), "x.pdf", b"MZ not a pdf".to_vec())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    let r =
        api.upload(&format!("/api/v1/drafts/{id}/documents/passport:principal"), "x.pdf", vec![b'%'; 11 << 20]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.json);
    assert_eq!(
        r.headers.get("connection").map(|v| v.as_bytes()),
        Some(&b"close"[..]),
        "the rest of the body is unread"
    );
    let r = api.upload(&format!("/api/v1/drafts/{id}/documents/not-an-item"), "x.pdf", pdf(1)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&format!("/api/v1/applications/{id}/documents")).await.json, json!([]), "nothing stored");
    let r = submit(&api, &id, "").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "an empty idempotency key: {}", r.json);
    let r = submit(&api, &id, "k").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "incomplete: {}", r.json);
}

async fn each_token_is_rate_limited(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.web.api_per_second = 1).await;
    let (mut b, _) = app.registered("api.busy").await;
    let api = Api::new(&app, &make_token(&mut b, "busy", true, false).await);
    let mut limited = None;
    for _ in 0..6 {
        let r = api.get("/api/v1/applications").await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("a burst past the limit is refused");
    assert_eq!(r.code(), "too-many-requests");
    assert!(r.headers.get("retry-after").is_some());
    // Another token is not slowed by this one.
    let other = Api::new(&app, &make_token(&mut b, "other", true, false).await);
    assert_eq!(other.get("/api/v1/applications").await.status, StatusCode::OK);
}

async fn the_openapi_document_describes_every_route(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let doc: Value = reqwest::get(format!("{}/api/v1/openapi.json", app.base)).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let documented: std::collections::BTreeSet<(String, String)> =
        portail_web::api::documented_routes().into_iter().collect();
    let served: std::collections::BTreeSet<(String, String)> =
        portail_web::api::api_routes().into_iter().map(|(m, p, _)| (m.to_owned(), p.to_owned())).collect();
    assert_eq!(documented, served, "the document and the router list the same routes");
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}

/// A changed or reset password and "sign out everywhere" end the API tokens too: whoever held
/// the account meanwhile keeps nothing.
async fn recovering_an_account_ends_its_tokens(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, person) = app.registered("api.recover").await;
    let api = Api::new(&app, &make_token(&mut b, "t", true, false).await);
    assert_eq!(api.get("/api/v1/applications").await.status, StatusCode::OK);
    b.get("/account").await;
    let new_password = "a brand new passphrase for this";
    let r = b
        .submit(
            "/account/password",
            &[("current_password", &person.password), ("password", new_password), ("password_confirm", new_password)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        api.get("/api/v1/applications").await.status,
        StatusCode::UNAUTHORIZED,
        "ended with the password change"
    );
    let api = Api::new(&app, &make_token(&mut b, "t2", true, false).await);
    b.get("/account").await;
    b.submit("/account/sessions/end-all", &[]).await;
    assert_eq!(
        api.get("/api/v1/applications").await.status,
        StatusCode::UNAUTHORIZED,
        "ended with sign out everywhere"
    );
}

on_both_databases!(
    recovering_an_account_ends_its_tokens,
    an_application_goes_from_draft_to_decision_through_the_api,
    nobody_reaches_what_is_not_theirs_and_tokens_do_only_their_scopes,
    hostile_requests_get_a_json_error_and_nothing_is_written,
    each_token_is_rate_limited,
    the_openapi_document_describes_every_route,
);
