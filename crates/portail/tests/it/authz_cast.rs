//! The people and records the authorization table is walked with: two applicants, Alice and Bob,
//! each with a submitted file (a document, a request for documents, a letter), a draft, a
//! PR-portal file, a second session and API tokens; a representative Alice appointed and a
//! verified one nobody appointed; an officer and an administrator; a visitor half signed in (as
//! Alice, the second factor owed), one finishing set-up, one signed out.

use reqwest::StatusCode;
use serde_json::json;

use crate::api::{Api, make_token};
use crate::helpers::{Browser, TestApp, between};
use crate::pr_confirm::{mailed_code, moved_by_officer};
use crate::representatives::verified_representative;
use crate::requests::request_documents;
use crate::submit::{pay, ready_draft_of, submit};

/// What one applicant owns, by id.
pub struct Owned {
    pub file: String,
    pub doc: String,
    pub request: String,
    pub letter: String,
    pub draft: String,
    pub pr: String,
    pub session: String,
    pub token: String,
}

/// Everyone who asks, in the order they ask (Alice last: what she may do, she does), and the ids
/// they ask about.
pub struct Cast {
    pub visitors: Vec<(&'static str, Browser)>,
    pub tokens: Vec<(&'static str, Api)>,
    pub alice: Owned,
    pub bob: Owned,
    /// Alice's consent to her representative.
    pub consent: String,
    /// A representative's account, as the administrators' review names it.
    pub rep_account: String,
}

/// An applicant with a submitted file that an officer asked documents for and wrote a letter
/// about, a draft and a PR-portal file opened with the mailed code, an API token that reads and
/// writes, and a second session.
async fn applicant(app: &TestApp, name: &str, officer: &mut Browser) -> (Browser, Owned, Api) {
    let (mut b, person, draft) = ready_draft_of(app, name).await;
    pay(&mut b, &draft).await;
    submit(&mut b, &draft).await;
    let file = draft.trim_start_matches("/applications/").to_owned();
    let link = request_documents(app, officer, &mut b, &file).await;
    let request = link.rsplit('/').next().unwrap_or_default().to_owned();
    let page = officer.get(&format!("/office/files/{file}")).await;
    let doc = between(&page.body, &format!("/office/files/{file}/documents/"), "\"").to_owned();
    let version = between(&page.body, "name=\"version\" value=\"", "\"").to_owned();
    let sent = officer
        .submit(&format!("/office/files/{file}/letters"), &[("kind", "biometrics"), ("version", &version)])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let letter = between(&b.get("/inbox").await.body, "href=\"/inbox/", "\"").to_owned();
    let api = Api::new(app, &make_token(&mut b, "all", true, true).await);
    let made = api.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await;
    let draft = made.json["id"].as_str().unwrap_or_default().to_owned();
    let (pr, _) = moved_by_officer(app, name).await;
    let code = mailed_code(app, &person.email).await;
    b.get("/pr/redeem").await;
    assert_eq!(b.submit("/pr/redeem", &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    app.sign_in(&person).await;
    let account = b.get("/account").await;
    let elsewhere =
        account.body.split("<tr>").find(|row| row.contains("/account/sessions/") && !row.contains("(this one)"));
    let session = between(elsewhere.unwrap_or_default(), "action=\"/account/sessions/", "/end\"").to_owned();
    let token = between(&b.get("/account/tokens").await.body, "action=\"/account/tokens/", "/revoke\"").to_owned();
    b.get("/home").await;
    let owned = Owned { file, doc, request, letter, draft, pr: pr.to_string(), session, token };
    let ids = [("doc", &owned.doc), ("letter", &owned.letter), ("draft", &owned.draft), ("session", &owned.session)];
    for (what, id) in ids {
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{name}'s {what}: {id:?}");
    }
    (b, owned, api)
}

/// A registered person with a verified representative profile.
async fn representative(app: &TestApp, username: &str, name: &str, admin: &mut Browser) -> (Browser, String) {
    let (mut b, _) = app.registered(username).await;
    let number = verified_representative(app, &mut b, admin, name).await;
    (b, number)
}

pub async fn assemble(app: &TestApp) -> Cast {
    let (mut officer, _) = app.staff("officer.table", "officer").await;
    let (mut admin, _) = app.staff("admin.table", "administrator").await;
    let (mut alice, a, alice_api) = applicant(app, "alice.table", &mut officer).await;
    let (mut bob, b, bob_api) = applicant(app, "bob.table", &mut officer).await;
    let (mut rep, number) = representative(app, "mara.table", "Mara Table", &mut admin).await;
    let (mut rep0, _) = representative(app, "rex.zero", "Rex Zero", &mut admin).await;
    alice.get("/account/representatives").await;
    let appoint = [
        ("representative", number.as_str()),
        ("application", ""),
        ("scope", "act"),
        ("correspondence", "both"),
        ("signed_name", "Alice Table"),
    ];
    let r = alice.submit("/account/representatives", &appoint).await;
    assert_eq!(r.location(), "/account/representatives?m=appointed", "{}", r.body);
    let page = alice.get("/account/representatives").await;
    let consent = between(&page.body, "action=\"/account/representatives/", "/revoke\"").to_owned();
    let queue = admin.get("/office/representatives").await;
    let rep_account = between(&queue.body, "action=\"/office/representatives/", "/decision").to_owned();
    let alice_reader = Api::new(app, &make_token(&mut alice, "read", true, false).await);
    let alice_writer = Api::new(app, &make_token(&mut alice, "write", false, true).await);
    let rep_api = Api::new(app, &make_token(&mut rep, "all", true, true).await);
    let officer_api = Api::new(app, &make_token(&mut officer, "all", true, true).await);
    let tokens = vec![
        ("none", Api::new(app, "")),
        ("bob", bob_api),
        ("rep", rep_api),
        ("officer", officer_api),
        ("a.read", alice_reader),
        ("a.write", alice_writer),
        ("alice", alice_api),
    ];
    let mut half = app.client();
    half.get("/sign-in").await;
    half.submit("/sign-in", &[("username", "alice.table"), ("password", crate::helpers::PASSWORD)]).await;
    half.get("/sign-in/verify").await;
    let mut setup = app.client();
    setup.get("/register").await;
    let fields = [
        ("username", "setup.table"),
        ("email", "setup.table@example.com"),
        ("password", crate::helpers::PASSWORD),
        ("password_confirm", crate::helpers::PASSWORD),
    ];
    setup.submit("/register", &fields).await;
    setup.get("/register/confirm-email").await;
    let mut anon = app.client();
    anon.get("/sign-in").await;
    for b in [&mut bob, &mut rep, &mut rep0, &mut officer, &mut admin, &mut alice] {
        b.get("/home").await;
    }
    let visitors = vec![
        ("anon", anon),
        ("half", half),
        ("setup", setup),
        ("bob", bob),
        ("rep0", rep0),
        ("rep", rep),
        ("officer", officer),
        ("admin", admin),
        ("alice", alice),
    ];
    Cast { visitors, tokens, alice: a, bob: b, consent, rep_account }
}
