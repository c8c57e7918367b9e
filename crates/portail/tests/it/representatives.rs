//! Representatives end to end: a person becomes a paid representative, an administrator
//! verifies them, a client appoints them for one file; the representative sees the file on the
//! dashboard and its deadline on the agenda, answers a document request by upload (attributed to
//! them), cannot sign or submit, and is refused on the very next request after the client
//! revokes. Then the representative row of the authorization matrix on both databases.

use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, TestApp, audit_actors, between, pdf};
use crate::on_both_databases;
use crate::requests::{request_documents, submitted};

/// Becomes a paid representative and is verified by an administrator; returns the number.
pub async fn verified_representative(app: &TestApp, rep: &mut Browser, admin: &mut Browser, name: &str) -> String {
    rep.get("/representative").await;
    let fields = [
        ("kind", "consultant"),
        ("full_name", name),
        ("membership", "R533421"),
        ("business_name", "Cabinet Tremblay"),
        ("business_address", "1 rue Principale, Montréal QC"),
        ("declared", "yes"),
    ];
    // Bad input first: a clear message per field, nothing recorded.
    let bad = rep.submit("/representative", &[("kind", "consultant"), ("full_name", name)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Write your membership number") && bad.body.contains("Tick the declaration"));
    let r = rep.submit("/representative", &fields).await;
    assert_eq!(r.location(), "/representative?m=requested", "{}", r.body);
    let page = rep.get("/representative").await;
    assert!(page.body.contains("Waiting for verification") && page.body.contains("cannot act for clients now"));
    let number = between(&page.body, "id=\"rep-number\">", "<").to_owned();
    // A second profile is refused.
    assert_eq!(rep.submit("/representative", &fields).await.status, StatusCode::CONFLICT);
    // While waiting, no dashboard.
    assert_eq!(rep.get("/representative/clients").await.status, StatusCode::CONFLICT);
    let queue = admin.get("/office/representatives").await;
    assert!(queue.body.contains(name) && queue.body.contains("R533421"), "{}", queue.body);
    let account = between(&queue.body, "action=\"/office/representatives/", "/decision").to_owned();
    let refuse = admin.submit(&format!("/office/representatives/{account}/decision"), &[("decision", "refuse")]).await;
    assert_eq!(refuse.status, StatusCode::UNPROCESSABLE_ENTITY, "a refusal needs a reason");
    // No verification without the proof of membership; the administrator opens it first.
    let early = admin.submit(&format!("/office/representatives/{account}/decision"), &[("decision", "verify")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    rep.get("/representative").await;
    let (boundary, body) = crate::helpers::multipart(&[("csrf", "forged")], Some(("licence.pdf", &pdf(8))));
    let forged =
        rep.post_raw("/representative/proof", &format!("multipart/form-data; boundary={boundary}"), body).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "the upload's CSRF token is checked first");
    let r = rep.upload("/representative/proof", "licence.pdf", &pdf(8)).await;
    assert_eq!(r.location(), "/representative?m=proof", "{}", r.body);
    assert!(rep.get("/representative").await.body.contains("licence.pdf"));
    let queue = admin.get("/office/representatives").await;
    assert!(queue.body.contains(&format!("/office/representatives/{account}/proof")));
    let proof = admin.get(&format!("/office/representatives/{account}/proof")).await;
    assert_eq!(proof.status, StatusCode::OK);
    assert_eq!(proof.header("content-type"), "application/pdf");
    assert_eq!(rep.get(&format!("/office/representatives/{account}/proof")).await.status, StatusCode::NOT_FOUND);
    let r = admin.submit(&format!("/office/representatives/{account}/decision"), &[("decision", "verify")]).await;
    assert_eq!(r.location(), "/office/representatives?m=verified", "{}", r.body);
    let mail = app.smtp.wait_for(&format!("{}@example.com", name.to_lowercase().replace(' ', ".")), 1).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("Your representative profile was reviewed"));
    assert!(rep.get("/representative").await.body.contains("Verified"));
    number
}

async fn a_client_appoints_a_representative_who_answers_a_request_until_revoked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut client, id) = submitted(&app, "client.one").await;
    let (mut rep, _) = app.registered("rita.tremblay").await;
    let (mut admin, _) = app.staff("admin.reps", "administrator").await;
    let (mut officer, _) = app.staff("officer.reps", "officer").await;
    let number = verified_representative(&app, &mut rep, &mut admin, "Rita Tremblay").await;
    // Before any consent the representative does not reach the file.
    assert_eq!(rep.get(&format!("/applications/{id}")).await.status, StatusCode::NOT_FOUND);
    // The client appoints her for this one file, signing with a typed name.
    client.get("/account/representatives").await;
    let unsigned = [("representative", number.as_str()), ("application", id.as_str()), ("scope", "act")];
    let r = client.submit("/account/representatives", &unsigned).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Type your full name") && r.body.contains("Choose who receives the emails"));
    let appoint = [
        ("representative", number.as_str()),
        ("application", id.as_str()),
        ("scope", "act"),
        ("correspondence", "both"),
        ("signed_name", "Claire Client"),
    ];
    let r = client.submit("/account/representatives", &appoint).await;
    assert_eq!(r.location(), "/account/representatives?m=appointed", "{}", r.body);
    assert_eq!(client.submit("/account/representatives", &appoint).await.status, StatusCode::CONFLICT);
    // The officer asks for documents; the letter's mail reaches both client and representative.
    let link = request_documents(&app, &mut officer, &mut client, &id).await;
    let rep_mail = app.smtp.wait_for("rita.tremblay@example.com", 3).await;
    assert_eq!(rep_mail.header("Subject").as_deref(), Some("You have a new letter"));
    assert!(rep_mail.body().contains(&format!("/applications/{id}")), "the representative's link goes to the file");
    // The dashboard and the agenda show the file and its deadline.
    let clients = rep.get("/representative/clients").await;
    assert_eq!(clients.status, StatusCode::OK);
    let row = between(&clients.body, "id=\"client-files\"", "</table>");
    let deadline = (app.clock.now() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string();
    assert!(row.contains("Claire Client") && row.contains(&deadline) && row.contains("documents requested"), "{row}");
    let agenda = rep.get("/representative/agenda").await;
    assert!(between(&agenda.body, "id=\"agenda\"", "</table>").contains(&deadline));
    // Her firm's software reads the same through the API, as the consent allows.
    let api = crate::api::Api::new(&app, &crate::api::make_token(&mut rep, "firm sync", true, true).await);
    let listed = api.get("/api/v1/clients").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.json);
    assert_eq!(listed.json["items"][0]["id"], id.as_str());
    assert_eq!(listed.json["items"][0]["can_act"], true);
    assert!(listed.json["items"][0]["next_deadline"].as_str().unwrap().starts_with(&deadline));
    let due = api.get("/api/v1/clients/deadlines").await;
    assert_eq!(due.json["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(api.get(&format!("/api/v1/applications/{id}")).await.status, StatusCode::OK);
    let withdraw = api
        .post(&format!("/api/v1/applications/{id}/withdrawal"), serde_json::json!({"reason": "x", "confirm": true}))
        .await;
    assert_eq!((withdraw.status, withdraw.code()), (StatusCode::FORBIDDEN, "client-only"));
    let not_rep = crate::api::Api::new(&app, &crate::api::make_token(&mut client, "mine", true, false).await);
    assert_eq!(not_rep.get("/api/v1/clients").await.status, StatusCode::CONFLICT);
    // Reminders follow the correspondence: 14 days before, both client and representative.
    // (The reminder job runs at a later instant; the people's sessions stay where they are.)
    let st = &app.running.as_ref().unwrap().state;
    assert_eq!(st.app.send_due_reminders(app.clock.now() + chrono::Duration::days(16)).await.unwrap(), 1);
    let reminders = crate::helpers::outbox_of_kind(&app, "request_reminder").await;
    let to: Vec<&str> = reminders.iter().map(|(to, _)| to.as_str()).collect();
    assert_eq!(to, ["client.one@example.com", "rita.tremblay@example.com"]);
    // She answers the request by upload.
    for i in 0..2 {
        rep.get(&link).await;
        let r = rep.upload(&format!("{link}/items/{i}"), &format!("rep-{i}.pdf"), &pdf(20)).await;
        assert_eq!(r.location(), format!("{link}?m=uploaded"), "{}", r.body);
    }
    rep.get(&link).await;
    assert_eq!(rep.submit(&format!("{link}/answer"), &[]).await.location(), format!("{link}?m=answered"));
    let file = officer.get(&format!("/office/files/{id}")).await;
    assert!(file.body.contains("by the representative, Rita Tremblay"), "officer sees who answered");
    assert!(file.body.contains("Rita Tremblay (") && file.body.contains("class=\"representative\""));
    let history = client.get(&format!("/applications/{id}/history")).await;
    assert!(history.body.contains("Your representative, Rita Tremblay"));
    let audit = audit_actors(&app, &id).await;
    assert!(audit.iter().any(|(who, what)| who == "representative:rita.tremblay" && what == "request_answered"));
    let told = app.smtp.wait_for("client.one@example.com", 3).await;
    assert_eq!(told.header("Subject").as_deref(), Some("Your representative acted on your application"));
    // Only the client withdraws: the representative is told why she cannot.
    rep.get(&format!("/applications/{id}/withdraw")).await;
    let r = rep.submit(&format!("/applications/{id}/withdraw"), &[("confirm", "yes"), ("reason", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Only the applicant can do this"));
    // The client revokes: the very next request of the representative is refused.
    let page = client.get("/account/representatives").await;
    let consent = between(&page.body, "action=\"/account/representatives/", "/revoke\"").to_owned();
    let r = client.submit(&format!("/account/representatives/{consent}/revoke"), &[]).await;
    assert_eq!(r.location(), "/account/representatives?m=revoked");
    assert_eq!(rep.get(&format!("/applications/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(rep.get(&link).await.status, StatusCode::NOT_FOUND);
    let clients = rep.get("/representative/clients").await;
    assert!(!clients.body.contains("Claire Client"));
    assert_eq!(api.get(&format!("/api/v1/applications/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/api/v1/clients").await.json["items"], serde_json::json!([]));
}

async fn a_representative_asks_and_learns_nothing_until_the_client_accepts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut client, id) = submitted(&app, "client.two").await;
    let (mut rep, _) = app.registered("rene.roy").await;
    let (mut admin, _) = app.staff("admin.two", "administrator").await;
    verified_representative(&app, &mut rep, &mut admin, "Rene Roy").await;
    let number = crate::helpers::office_file(app.store(), &id).await.app.number.expect("a submitted file's number");
    // A wrong email and the right one answer the same.
    rep.get("/representative").await;
    let ask = |email: &'static str| {
        [
            ("client_email", email),
            ("application_number", number.as_str()),
            ("scope", "read"),
            ("correspondence", "client"),
        ]
    };
    let wrong = rep.submit("/representative/requests", &ask("nobody@example.com")).await;
    let right = rep.submit("/representative/requests", &ask("client.two@example.com")).await;
    assert_eq!((wrong.status, wrong.location()), (right.status, right.location()));
    assert_eq!(right.location(), "/representative?m=asked");
    // Nothing is shared before the client accepts.
    assert_eq!(rep.get(&format!("/applications/{id}")).await.status, StatusCode::NOT_FOUND);
    let mail = app.smtp.wait_for("client.two@example.com", 2).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("A representative asks to act for you"));
    let page = client.get("/account/representatives").await;
    assert!(page.body.contains("Rene Roy"));
    let consent = between(&page.body, "action=\"/account/representatives/", "/answer\"").to_owned();
    let r = client.submit(&format!("/account/representatives/{consent}/answer"), &[("answer", "accept")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "accepting needs the typed signature");
    let r = client
        .submit(
            &format!("/account/representatives/{consent}/answer"),
            &[("answer", "accept"), ("signed_name", "Chloe Two")],
        )
        .await;
    assert_eq!(r.location(), "/account/representatives?m=accepted");
    // Read-only consent: she reads, and may not write to the agency.
    assert_eq!(rep.get(&format!("/applications/{id}")).await.status, StatusCode::OK);
    rep.get(&format!("/applications/{id}/messages")).await;
    let w = rep
        .submit_multipart(&format!("/applications/{id}/messages"), &[("subject", "Hi"), ("body", "Hello")], None)
        .await;
    assert_eq!(w.status, StatusCode::FORBIDDEN, "{}", w.body);
    // Suspension stops every act on the next request.
    let queue = admin.get("/office/representatives").await;
    let account = between(&queue.body, "action=\"/office/representatives/", "/decision").to_owned();
    let r = admin
        .submit(
            &format!("/office/representatives/{account}/decision"),
            &[("decision", "suspend"), ("reason", "Licence lapsed")],
        )
        .await;
    assert_eq!(r.location(), "/office/representatives?m=suspended");
    assert_eq!(rep.get(&format!("/applications/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(rep.get("/representative/clients").await.status, StatusCode::CONFLICT);
    assert!(rep.get("/representative").await.body.contains("Licence lapsed"));
    // The client never needed to share anything else; applicants reach no staff page.
    assert_eq!(rep.get("/office/representatives").await.status, StatusCode::NOT_FOUND);
}

/// The feed's events as a real iCalendar parser reads them: (UID, DTSTART) pairs.
async fn feed_events(b: &mut Browser, url: &str) -> Option<Vec<(String, String)>> {
    use icalendar::{Calendar, CalendarComponent, Component};
    let path = &url[url.find("/calendar.ics").expect("a feed address")..];
    let r = b.get(path).await;
    if r.status != StatusCode::OK {
        return None;
    }
    assert!(r.header("content-type").starts_with("text/calendar"));
    let cal: Calendar = r.body.parse().expect("a valid iCalendar feed");
    let events = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some((
                e.get_uid().unwrap_or_default().to_owned(),
                e.property_value("DTSTART").unwrap_or_default().to_owned(),
            )),
            _ => None,
        })
        .collect();
    Some(events)
}

async fn deadlines_reach_calendars_at_secret_revocable_addresses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut client, id) = submitted(&app, "client.cal").await;
    let (mut rep, _) = app.registered("ruth.cal").await;
    let (mut admin, _) = app.staff("admin.cal", "administrator").await;
    let (mut officer, _) = app.staff("officer.cal", "officer").await;
    let number = verified_representative(&app, &mut rep, &mut admin, "Ruth Cal").await;
    client.get("/account/representatives").await;
    let appoint = [
        ("representative", number.as_str()),
        ("application", ""),
        ("scope", "read"),
        ("correspondence", "client"),
        ("signed_name", "Carl Client"),
    ];
    assert_eq!(
        client.submit("/account/representatives", &appoint).await.location(),
        "/account/representatives?m=appointed"
    );
    request_documents(&app, &mut officer, &mut client, &id).await;
    let expected_date = (app.clock.now() + chrono::Duration::days(30)).format("%Y%m%d").to_string();
    // Both make a feed address; each feed holds the file's deadline once, with the same UID.
    let mut feeds = vec![];
    for b in [&mut client, &mut rep] {
        b.get("/account/calendar").await;
        let made = b.submit("/account/calendar", &[]).await;
        let url = between(&made.body, "id=\"calendar-url\" class=\"secret\">", "<").to_owned();
        let events = feed_events(b, &url).await.expect("the feed answers");
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].1, expected_date);
        feeds.push((url, events[0].0.clone()));
    }
    assert_eq!(feeds[0].1, feeds[1].1, "the same deadline keeps the same event id");
    assert!(feeds[0].1.starts_with("request-"));
    // A refresh gives the same event, not a second one.
    assert_eq!(feed_events(&mut client, &feeds[0].0).await.unwrap().len(), 1);
    // Replacing the address stops the old one; turning it off stops the new one.
    client.get("/account/calendar").await;
    let replaced = client.submit("/account/calendar", &[]).await;
    let new_url = between(&replaced.body, "id=\"calendar-url\" class=\"secret\">", "<").to_owned();
    assert!(feed_events(&mut client, &feeds[0].0).await.is_none());
    assert!(feed_events(&mut client, &new_url).await.is_some());
    client.get("/account/calendar").await;
    assert_eq!(client.submit("/account/calendar/remove", &[]).await.location(), "/account/calendar");
    assert!(feed_events(&mut client, &new_url).await.is_none());
    assert!(app.client().get("/calendar.ics?key=cal_guess").await.status == StatusCode::NOT_FOUND);
    // When the client revokes, the representative's feed no longer holds the deadline.
    let page = client.get("/account/representatives").await;
    let consent = between(&page.body, "action=\"/account/representatives/", "/revoke\"").to_owned();
    client.submit(&format!("/account/representatives/{consent}/revoke"), &[]).await;
    assert_eq!(feed_events(&mut rep, &feeds[1].0).await.unwrap().len(), 0);
}

async fn assistants_act_under_their_representative_until_removed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut client, id) = submitted(&app, "client.three").await;
    let (mut rep, _) = app.registered("rosa.firm").await;
    let (mut admin, _) = app.staff("admin.three", "administrator").await;
    let (mut officer, _) = app.staff("officer.three", "officer").await;
    let number = verified_representative(&app, &mut rep, &mut admin, "Rosa Firm").await;
    client.get("/account/representatives").await;
    let appoint = [
        ("representative", number.as_str()),
        ("application", ""),
        ("scope", "act"),
        ("correspondence", "representative"),
        ("signed_name", "Cleo Three"),
    ];
    assert_eq!(
        client.submit("/account/representatives", &appoint).await.location(),
        "/account/representatives?m=appointed"
    );
    // The representative adds an assistant who has an account of their own.
    let (mut assistant, amy) = app.registered("amy.assist").await;
    rep.get("/representative").await;
    let unknown = rep.submit("/representative/assistants", &[("assistant", "nobody.here")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = rep.submit("/representative/assistants", &[("assistant", "amy.assist")]).await;
    assert_eq!(r.location(), "/representative?m=assistant-added", "{}", r.body);
    let again = rep.submit("/representative/assistants", &[("assistant", "amy.assist@example.com")]).await;
    assert!(again.body.contains("already assists a representative"));
    // The assistant sees the representative's clients and acts on their files.
    let page = assistant.get("/representative").await;
    assert!(page.body.contains("You act as an assistant of") && page.body.contains("Rosa Firm"));
    assert!(assistant.get("/representative/clients").await.body.contains("Cleo Three"));
    let link = request_documents(&app, &mut officer, &mut client, &id).await;
    for i in 0..2 {
        assistant.get(&link).await;
        let r = assistant.upload(&format!("{link}/items/{i}"), "by-assistant.pdf", &pdf(10)).await;
        assert_eq!(r.location(), format!("{link}?m=uploaded"), "{}", r.body);
    }
    assistant.get(&link).await;
    assert_eq!(assistant.submit(&format!("{link}/answer"), &[]).await.location(), format!("{link}?m=answered"));
    let audit = audit_actors(&app, &id).await;
    let by = format!("assistant:amy.assist for {number}");
    assert!(audit.iter().any(|(who, what)| *who == by && what == "request_answered"), "{audit:?}");
    let file = officer.get(&format!("/office/files/{id}")).await;
    assert!(file.body.contains("by the representative, Rosa Firm"));
    // An assistant cannot add assistants.
    assert_eq!(
        assistant.submit("/representative/assistants", &[("assistant", "client.three")]).await.status,
        StatusCode::CONFLICT
    );
    // Removed: their session ends at once; signed in again, they reach no client file.
    let page = rep.get("/representative").await;
    let remove = between(&page.body, "action=\"/representative/assistants/", "/remove\"").to_owned();
    let r = rep.submit(&format!("/representative/assistants/{remove}/remove"), &[]).await;
    assert_eq!(r.location(), "/representative?m=assistant-removed");
    assert!(assistant.get(&format!("/applications/{id}")).await.location().starts_with("/sign-in"));
    let mut again = app.sign_in(&amy).await;
    assert_eq!(again.get(&format!("/applications/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(again.get("/representative/clients").await.status, StatusCode::CONFLICT);
}

on_both_databases!(
    assistants_act_under_their_representative_until_removed,
    a_client_appoints_a_representative_who_answers_a_request_until_revoked,
    a_representative_asks_and_learns_nothing_until_the_client_accepts,
    deadlines_reach_calendars_at_secret_revocable_addresses,
);
