//! The public status page on both databases: each part's state from real checks (a Sign-In
//! Partner whose discovery document cannot be fetched is shown interrupted), an incident an
//! administrator starts, updates and ends in both languages (refused with a message each when a
//! language is missing, when one is open already, when none is), shown on `/status`, in
//! `/status.json` and in the Atom feed, counted in the 90-day history — and the page still
//! answering from the last state read when the database is gone, saying so.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, Browser, TestApp};
use crate::on_both_databases;

async fn check(app: &TestApp) {
    portail_web::status::check(&app.running.as_ref().unwrap().state).await;
}

async fn status_json(b: &mut Browser) -> Value {
    let r = b.get("/status.json").await;
    assert_eq!(r.status, StatusCode::OK);
    serde_json::from_str(&r.body).unwrap()
}

fn state_of(v: &Value, part: &str) -> String {
    let parts = v["parts"].as_array().unwrap();
    let p = parts.iter().find(|p| p["id"] == part).unwrap_or_else(|| panic!("{part} in {v}"));
    p["state"].as_str().unwrap().to_owned()
}

async fn incidents_and_status(backend: Backend) {
    let partner = json!({
        "name_en": "Maple Bank", "name_fr": "Banque Érable", "logo_text_en": "MB", "logo_text_fr": "BÉ",
        // Nothing listens there: its discovery document cannot be fetched.
        "issuer": "http://127.0.0.1:9/", "client_id": "portail", "client_secret": "s3cret",
    });
    let app = TestApp::spawn_with(backend, |c| {
        c.web.partners.insert("maple".into(), serde_json::from_value(partner).unwrap());
    })
    .await;
    let mut visitor = app.client();
    let page = visitor.get("/status").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Secure account") && page.body.contains("Email delivery"), "{}", page.body);
    assert!(page.body.contains("Sign-in with Maple Bank"));
    assert!(page.body.contains("No incident in the last 90 days."));
    let v = status_json(&mut visitor).await;
    for part in ["account", "pr", "api", "uploads", "email"] {
        assert_eq!(state_of(&v, part), "operational", "{part}: {v}");
    }
    assert_eq!(state_of(&v, "partner:maple"), "interrupted", "{v}");
    assert_eq!(v["overall"], "interrupted");
    assert_eq!(v["stale"], false);
    assert!(visitor.get("/sign-in").await.body.contains("href=\"/status\""), "the sign-in page links to it");

    // An administrator starts an incident: both languages or nothing.
    let (mut admin, _) = app.staff("admin.status", "administrator").await;
    admin.get("/office/incidents").await;
    let refused = admin.submit("/office/incidents", &[("message_en", "Uploads fail"), ("message_fr", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Write the update in this language too."), "{}", refused.body);
    assert!(refused.body.contains("Uploads fail"), "what was typed is kept");
    check(&app).await;
    assert_eq!(status_json(&mut visitor).await["incidents"], json!([]), "nothing recorded");
    let hostile = "Uploads <b>fail</b> & retry";
    let started = admin
        .submit("/office/incidents", &[("message_en", hostile), ("message_fr", "Les téléversements échouent")])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let again = admin.submit("/office/incidents", &[("message_en", "Again"), ("message_fr", "Encore")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("An incident is already open"), "{}", again.body);

    let page = visitor.get("/status").await;
    assert!(page.body.contains("Service interruption since"), "{}", page.body);
    assert!(page.body.contains("Uploads &#60;b&#62;fail&#60;/b&#62; &#38; retry"), "escaped: {}", page.body);
    assert!(page.body.contains("Some parts of the service are interrupted."));
    let v = status_json(&mut visitor).await;
    assert_eq!(state_of(&v, "account"), "interrupted");
    let incident = v["incidents"][0].clone();
    assert!(incident["ended_at"].is_null());
    assert_eq!(incident["updates"][0]["message_en"], hostile);
    let id = incident["id"].as_str().unwrap().to_owned();

    let posted = admin
        .submit(
            &format!("/office/incidents/{id}/updates"),
            &[("message_en", "Fixed soon"), ("message_fr", "Bientôt réglé")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let feed = visitor.get("/status.atom?lang=fr").await;
    assert_eq!(feed.header("content-type"), "application/atom+xml; charset=utf-8");
    assert!(feed.body.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"), "{}", feed.body);
    assert!(feed.body.contains("Bientôt réglé") && feed.body.contains("Les téléversements échouent"));
    assert_eq!(feed.body.matches("<entry>").count(), 2, "{}", feed.body);
    let feed = visitor.get("/status.atom?lang=en").await;
    assert!(
        feed.body.contains("Uploads &#60;b&#62;fail&#60;/b&#62; &#38; retry"),
        "escaped in the feed: {}",
        feed.body
    );

    let half = admin.submit("/office/incidents/end", &[("message_en", "Resolved"), ("message_fr", "")]).await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY, "a last update in one language only");
    let ended = admin.submit("/office/incidents/end", &[("message_en", ""), ("message_fr", "")]).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    let twice = admin.submit("/office/incidents/end", &[]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("No incident is open: nothing was changed."), "{}", twice.body);
    check(&app).await;

    // Ended: in the past incidents, the checks made during it counted as down.
    visitor.get("/lang/fr").await;
    let page = visitor.get("/status").await;
    assert!(page.body.contains("Interruption du service du"), "{}", page.body);
    assert!(page.body.contains("Bientôt réglé"));
    assert!(page.body.contains("jours avec une interruption"), "{}", page.body);
    let v = status_json(&mut visitor).await;
    assert_eq!(state_of(&v, "account"), "operational");
    let account = v["parts"].as_array().unwrap().iter().find(|p| p["id"] == "account").unwrap().clone();
    let uptime = account["uptime_90_days"].as_f64().unwrap();
    assert!(uptime < 100.0 && uptime > 0.0, "{account}");
    assert_eq!(v["incidents"][0]["updates"].as_array().unwrap().len(), 2);

    // A window begun since the last check shows at once (the schedule is in memory).
    let ends = (app.clock.now() + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M").to_string();
    admin.get("/office/maintenance").await;
    let window = [
        ("start_now", "now"),
        ("ends_at", ends.as_str()),
        ("part_pr", "on"),
        ("message_en", "Upgrade"),
        ("message_fr", "Mise à niveau"),
    ];
    assert_eq!(admin.submit("/office/maintenance", &window).await.status, StatusCode::SEE_OTHER);
    let v = status_json(&mut visitor).await;
    assert_eq!((state_of(&v, "pr").as_str(), state_of(&v, "account").as_str()), ("maintenance", "operational"));
    assert_eq!(v["maintenance"][0]["message_fr"], "Mise à niveau");

    // The database goes away: the page still answers, from the last state read, and says so.
    app.store().close().await;
    check(&app).await;
    let page = visitor.get("/status").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Nous ne pouvons pas joindre nos registres pour le moment."), "{}", page.body);
    assert!(page.body.contains("Bientôt réglé"), "the incidents as last read");
    let v = status_json(&mut visitor).await;
    assert_eq!(v["stale"], true);
    assert_eq!(state_of(&v, "account"), "interrupted");
    assert_eq!(state_of(&v, "email"), "interrupted");
    assert_eq!(v["incidents"].as_array().unwrap().len(), 1);
    let signed_in = admin.get("/status").await;
    assert_eq!(signed_in.status, StatusCode::OK, "a signed-in visitor too");
}

async fn decide(o: &mut Browser, id: &str, action: &str) {
    let page = o.get(&format!("/office/files/{id}")).await;
    let v = crate::helpers::between(&page.body, "name=\"version\" value=\"", "\"").to_owned();
    let r = o
        .submit(&format!("/office/files/{id}/decide"), &[("action", action), ("version", &v), ("confirm", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{action} {id}: {}", r.body);
}

/// Processing times from real decisions: five visitor-visa files decided after 11, 11, 11, 31 and
/// 31 days give "8 in 10 within 31 days, half within 11", from 5 files; a sixth file, waiting,
/// says how long it has waited beside them; too few decided files publish nothing.
async fn processing_times_come_from_decisions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.running.as_ref().unwrap().state;
    let mut files = vec![];
    for n in 0..6 {
        let (mut b, person, draft) = crate::submit::ready_draft_of(&app, &format!("ana.times{n}")).await;
        crate::submit::pay(&mut b, &draft).await;
        crate::submit::submit(&mut b, &draft).await;
        files.push((person, draft.trim_start_matches("/applications/").to_owned()));
    }
    let (_, officer) = app.staff("officer.times", "officer").await;
    let mut decided = 0;
    for (days, count) in [(10, 3), (20, 2)] {
        app.advance(chrono::Duration::days(days));
        let mut o = app.sign_in(&officer).await;
        for (_, id) in &files[decided..decided + count] {
            for action in ["acknowledge", "start", "approve"] {
                decide(&mut o, id, action).await;
            }
        }
        decided += count;
        if decided == 3 {
            assert_eq!(state.app.compute_processing_times(app.clock.now()).await.unwrap(), 0, "3 files: too few");
        }
    }
    assert_eq!(state.app.compute_processing_times(app.clock.now()).await.unwrap(), 1);
    let mut visitor = app.client();
    let page = visitor.get("/processing-times").await;
    assert_eq!(page.status, StatusCode::OK);
    let row = crate::helpers::between(&page.body, "Visitor visa</th>", "</tr>");
    assert_eq!(row, "<td>31 days</td><td>11 days</td><td>5</td>", "{}", page.body);
    assert!(page.body.contains("Not enough decided files yet"), "the other programs");
    visitor.get("/lang/fr").await;
    let page = visitor.get("/processing-times").await;
    assert!(page.body.contains("<td>31 jours</td><td>11 jours</td>"), "{}", page.body);

    // The sixth file waits: its page says how long files like it take, and how long it waited.
    let (owner, waiting) = &files[5];
    let mut b = app.sign_in(owner).await;
    let page = b.get(&format!("/applications/{waiting}")).await;
    assert!(
        page.body.contains(
            "Most applications like yours (8 in 10) are decided within 31 days; yours was submitted 30 days ago."
        ),
        "{}",
        page.body
    );
    // A decided file does not.
    let (owner, first) = &files[0];
    let mut b = app.sign_in(owner).await;
    assert!(!b.get(&format!("/applications/{first}")).await.body.contains("Most applications like yours"));
}

on_both_databases!(incidents_and_status, processing_times_come_from_decisions);
