//! Maintenance windows over HTTP, on both databases: an administrator schedules one, every page
//! of the parts it covers shows the notice ahead (English and French), the people with a deadline
//! inside it are emailed; while it runs every write route of the route table (pages and API) is
//! refused with a 503 and `Retry-After` and every read still answers; sign-in keeps working;
//! ended, writes work again. Bad windows are refused with a message each, nothing recorded. And
//! an outage around a deadline moves it by the outage's length, once.

use chrono::Duration;
use portail_web::ROUTES;
use reqwest::StatusCode;
use serde_json::json;

use crate::api::{Api, make_token};
use crate::helpers::{Backend, Browser, TestApp, between, concrete, outbox_of_kind, pdf};
use crate::on_both_databases;
use crate::requests::{request_documents, submitted};

/// Times as the form sends them (`datetime-local`, UTC), `hours` from the app's now.
fn at(app: &TestApp, hours: i64) -> String {
    (app.clock.now() + Duration::hours(hours)).format("%Y-%m-%dT%H:%M").to_string()
}

async fn schedule(admin: &mut Browser, fields: &[(&str, &str)]) -> crate::helpers::Page {
    admin.get("/office/maintenance").await;
    admin.submit("/office/maintenance", fields).await
}

fn window<'a>(starts: &'a str, ends: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("starts_at", starts),
        ("ends_at", ends),
        ("part_account", "on"),
        ("part_pr", "on"),
        ("part_office", "on"),
        ("part_api", "on"),
        ("message_en", "Database upgrade"),
        ("message_fr", "Mise à niveau de la base de données"),
    ]
}

/// Writes that a window never holds (sign-in and out, the session, ending one's sessions, the
/// administrators' maintenance page).
fn always_open(path: &str) -> bool {
    [
        "/sign-in",
        "/sign-out",
        "/session/keep-alive",
        "/account/reauth",
        "/account/sessions/",
        "/office/maintenance",
        "/office/incidents",
        "/lang",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// Every route of the page table asked once by `b`: writes 503 with `Retry-After` (except the
/// always-open ones), reads never 503. Returns how many writes were refused.
async fn every_write_is_held(b: &mut Browser) -> usize {
    let mut held = 0;
    for (method, pattern, _) in ROUTES {
        let path = concrete(pattern);
        let r = match *method {
            "GET" => b.get(&path).await,
            _ if always_open(&path) => continue,
            _ => b.submit(&path, &[("reason", "x")]).await,
        };
        if *method == "GET" {
            assert_ne!(r.status, StatusCode::SERVICE_UNAVAILABLE, "a read stays open: {path}");
            continue;
        }
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{method} {path}");
        assert!(r.headers.get("retry-after").is_some(), "Retry-After on {path}");
        // (The walk's GET /lang/fr switched the page language: the page says it in French then.)
        let says = r.body.contains("Nothing was saved") || r.body.contains("Rien n&#39;a été enregistré");
        assert!(says, "the 503 page says so: {path} {}", r.body);
        held += 1;
    }
    held
}

async fn a_window_holds_every_write_and_no_read(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, _) = submitted(&app, "ana.window").await;
    let (mut admin, admin_person) = app.staff("admin.window", "administrator").await;
    let token = make_token(&mut applicant, "sync", true, true).await;
    let (_, person) = app.registered("sam.window").await;
    let api = Api::new(&app, &token);
    let (starts, ends) = (at(&app, 2), at(&app, 5));
    let r = schedule(&mut admin, &window(&starts, &ends)).await;
    assert_eq!(r.location(), "/office/maintenance?m=scheduled", "{}", r.body);
    // Ahead: the notice on every part, in both languages; the API says it in a header.
    let home = applicant.get("/home").await;
    assert!(home.body.contains("Scheduled maintenance:") && home.body.contains("Database upgrade"), "{}", home.body);
    assert!(home.body.contains(&format!("from {} to", starts.replace('T', " "))));
    assert!(!home.body.contains("class=\"read-only\""), "forms work before the window");
    assert!(applicant.get("/pr").await.body.contains("Database upgrade"));
    assert!(admin.get("/office").await.body.contains("Database upgrade"));
    applicant.get("/lang/fr?next=/home").await;
    let fr = applicant.get("/home").await;
    assert!(fr.body.contains("Maintenance prévue\u{a0}:") && fr.body.contains("Mise à niveau de la base de données"));
    assert!(fr.body.contains(" h "), "French times: {}", between(&fr.body, "Maintenance prévue", "</p>"));
    applicant.get("/lang/en?next=/home").await;
    let listed = api.get("/api/v1/applications").await;
    assert!(listed.headers.get("portail-maintenance").is_some(), "the API announces it");
    // Running: every write held, every read served; sign-in still works.
    app.advance(Duration::hours(2));
    // (Two hours later the applicant's session has timed out: Sam signs in, which still works.)
    let mut applicant = app.sign_in(&person).await;
    assert_eq!(applicant.get("/home").await.status, StatusCode::OK, "sign-in works during the window");
    let home = applicant.get("/apply").await;
    assert!(home.body.contains("Maintenance in progress:") && home.body.contains("class=\"read-only\" disabled"));
    let held = every_write_is_held(&mut applicant).await;
    assert!(held >= 60, "the walk covers the write routes ({held})");
    for (method, path, _) in portail_web::api::api_routes() {
        let path = concrete(path);
        let a = match method {
            "GET" => api.get(&path).await,
            "DELETE" => api.delete(&path).await,
            "PUT" if path.contains("/documents/") || path.ends_with("/photo") => {
                api.upload(&path, "x.pdf", pdf(1)).await
            }
            "PUT" => api.put(&path, json!({})).await,
            _ => api.post(&path, json!({})).await,
        };
        if method == "GET" {
            assert_ne!(a.status, StatusCode::SERVICE_UNAVAILABLE, "API read {path}");
        } else {
            assert_eq!((a.status, a.code()), (StatusCode::SERVICE_UNAVAILABLE, "maintenance"), "API {method} {path}");
            assert!(a.headers.get("retry-after").is_some());
        }
    }
    // Ended by the administrator (signed in again; the page stays usable): writes work again;
    // ending it twice changes nothing.
    let mut admin = app.sign_in(&admin_person).await;
    assert!(!admin.get("/office/maintenance").await.body.contains("class=\"read-only\""));
    let list = admin.get("/office/maintenance").await;
    let end = format!("/office/maintenance/{}/end", between(&list.body, "action=\"/office/maintenance/", "/end\""));
    assert_eq!(admin.submit(&end, &[]).await.location(), "/office/maintenance?m=ended");
    let twice = admin.submit(&end, &[]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("already over"));
    assert!(!applicant.get("/home").await.body.contains("Database upgrade"), "the notice is gone");
    assert_eq!(api.post("/api/v1/drafts", json!({"type_id": "visitor-visa"})).await.status, StatusCode::CREATED);
}

async fn bad_windows_are_refused_with_a_message_each(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut admin, _) = app.staff("admin.bad", "administrator").await;
    let (later, sooner, past) = (at(&app, 6), at(&app, 3), at(&app, -2));
    let backwards = schedule(&mut admin, &window(&later, &sooner)).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.body.contains("The end must come after the start."));
    assert!(backwards.body.contains("value=\"Database upgrade\"") || backwards.body.contains(">Database upgrade<"));
    let old = schedule(&mut admin, &window(&past, &sooner)).await;
    assert!(old.body.contains("The start is in the past"), "{}", old.body);
    let mut one_language = window(&sooner, &later);
    one_language.retain(|(k, _)| *k != "message_fr");
    let r = schedule(&mut admin, &one_language).await;
    assert!(r.body.contains("Write the message in this language too."));
    let mut nothing = window(&sooner, &later);
    nothing.retain(|(k, _)| !k.starts_with("part_"));
    assert!(schedule(&mut admin, &nothing).await.body.contains("Choose at least one part"));
    let garbled = schedule(&mut admin, &window("tomorrow", &later)).await;
    assert!(garbled.body.contains("Enter a date and time"));
    assert!(admin.get("/office/maintenance").await.body.contains("No maintenance window has been scheduled."));
    // One sound window, then one overlapping it on a shared part.
    assert_eq!(schedule(&mut admin, &window(&sooner, &later)).await.status, StatusCode::SEE_OTHER);
    let (inside, after) = (at(&app, 4), at(&app, 8));
    let clash = schedule(&mut admin, &window(&inside, &after)).await;
    assert!(clash.body.contains("Another window already covers"));
    let mut fr = window(&inside, &after);
    fr.retain(|(k, _)| !k.starts_with("part_"));
    fr.push(("part_api", "on"));
    admin.get("/lang/fr?next=/office/maintenance").await;
    let r = schedule(&mut admin, &fr).await;
    assert!(r.body.contains("Une autre période vise déjà"), "in the person's language");
    let windows = app.store().windows(10).await.unwrap();
    assert_eq!(windows.len(), 1, "nothing recorded but the sound window");
    // Officers and applicants do not reach the page.
    let (mut officer, _) = app.staff("officer.bad", "officer").await;
    assert_eq!(officer.get("/office/maintenance").await.status, StatusCode::NOT_FOUND);
}

async fn people_with_a_deadline_inside_are_told_and_reminders_wait(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id) = submitted(&app, "dee.deadline").await;
    let (mut officer, _) = app.staff("officer.deadline", "officer").await;
    officer.submit(&format!("/office/files/{id}/take"), &[]).await;
    request_documents(&app, &mut officer, &mut applicant, &id).await;
    let (mut admin, _) = app.staff("admin.deadline", "administrator").await;
    // The request is due in 30 days: a window around day 30 reaches its holder, not others.
    let (starts, ends) = (at(&app, 29 * 24), at(&app, 31 * 24));
    assert_eq!(schedule(&mut admin, &window(&starts, &ends)).await.status, StatusCode::SEE_OTHER);
    let mails = outbox_of_kind(&app, "maintenance_ahead").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].0, "dee.deadline@example.com");
    assert_eq!(mails[0].1, "Scheduled maintenance during one of your deadlines", "no personal data");
    // Reminders wait while a window of the secure account runs.
    app.advance(Duration::hours(29 * 24 + 1));
    let now = app.clock.now();
    assert_eq!(app.running.as_ref().unwrap().state.app.send_due_reminders(now).await.unwrap(), 0);
    app.advance(Duration::hours(2 * 24));
    let after = app.clock.now();
    assert!(app.running.as_ref().unwrap().state.app.send_due_reminders(after).await.unwrap() > 0, "then they go");
}

/// An outage recorded around a request's deadline moves it by the outage's length, once; the
/// applicant reads why on the request page, the timeline and the audit say it; a second end of
/// the same outage changes nothing.
async fn a_deadline_inside_an_outage_moves_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id) = submitted(&app, "oli.outage").await;
    let (mut officer, _) = app.staff("officer.outage", "officer").await;
    officer.submit(&format!("/office/files/{id}/take"), &[]).await;
    let request = request_documents(&app, &mut officer, &mut applicant, &id).await;
    let store = app.store();
    let before = store.movable_deadlines(chrono::DateTime::UNIX_EPOCH).await.unwrap();
    assert_eq!(before.len(), 1);
    let deadline = before[0].deadline;
    let rec = portail_store::Record::audit("operator:test", "outage_started", "outage", "");
    let outage = uuid::Uuid::new_v4();
    assert!(store.start_outage(outage, deadline - Duration::hours(2), "power", None, &rec).await.unwrap());
    assert!(
        !store.start_outage(uuid::Uuid::new_v4(), deadline, "again", None, &rec).await.unwrap(),
        "one open at a time"
    );
    let ended = store.end_outage(deadline + Duration::hours(1), None, &rec).await.unwrap().unwrap();
    assert_eq!(ended.id, outage);
    assert!(
        store.end_outage(deadline + Duration::hours(2), None, &rec).await.unwrap().is_none(),
        "ended twice: nothing"
    );
    let ops = &app.running.as_ref().unwrap().state.app;
    // (The server's own minute job may have moved it first: either way it moves once.)
    assert!(ops.move_deadlines_for_outages(app.clock.now()).await.unwrap() <= 1);
    assert_eq!(ops.move_deadlines_for_outages(app.clock.now()).await.unwrap(), 0, "once");
    let after = store.movable_deadlines(chrono::DateTime::UNIX_EPOCH).await.unwrap();
    assert_eq!(after[0].deadline, deadline + Duration::hours(3));
    assert_eq!(after[0].moved_for, vec![outage]);
    let page = applicant.get(&request).await;
    assert!(page.body.contains("Extended by 3 hours because of the service interruption on"), "{}", page.body);
    applicant.get(&format!("/lang/fr?next={request}")).await;
    assert!(applicant.get(&request).await.body.contains("Prolongée de 3 heures en raison de l&#39;interruption"));
    let history = applicant.get(&format!("/applications/{id}/history")).await;
    assert!(history.body.contains("Une échéance a été prolongée"), "on the timeline");
    let actions = crate::helpers::audit_actions(&app, &format!("request:{}", after[0].id)).await;
    assert!(actions.iter().any(|(a, _)| a == "deadline_moved"), "{actions:?}");
}

/// An invite code whose expiry falls inside an outage is extended by the outage's length, once;
/// the owner's secure account says so beside the code's dates.
async fn an_invite_code_inside_an_outage_is_extended(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, _) = app.registered("pia.invite").await;
    let store = app.store().clone();
    let owner_id = store.account_by_username("pia.invite").await.unwrap().unwrap().id;
    let files = crate::pr::seed_files(&app, 1, "express-entry", (2026, 3, 1), "pr").await;
    crate::pr::give_files_to(&app, &files, owner_id).await;
    let expires = app.clock.now() + Duration::days(10);
    let q = "INSERT INTO invites (id, application_id, code_hash, issued_to, created_at, expires_at) \
             VALUES ($1, $2, 'test-hash', $3, $4, $5)";
    let invite = uuid::Uuid::new_v4();
    if app.database_url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        let b = sqlx::query(q).bind(invite).bind(files[0]).bind(owner_id.0).bind(app.clock.now()).bind(expires);
        b.execute(&mut c).await.unwrap();
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        let b = sqlx::query(q).bind(invite).bind(files[0]).bind(owner_id.0).bind(app.clock.now()).bind(expires);
        b.execute(&mut c).await.unwrap();
    }
    let rec = portail_store::Record::audit("operator:test", "outage_started", "outage", "");
    let outage = uuid::Uuid::new_v4();
    assert!(store.start_outage(outage, expires - Duration::hours(1), "power", None, &rec).await.unwrap());
    store.end_outage(expires + Duration::hours(1), None, &rec).await.unwrap().unwrap();
    let ops = &app.running.as_ref().unwrap().state.app;
    assert!(ops.move_deadlines_for_outages(app.clock.now()).await.unwrap() <= 1);
    assert_eq!(ops.move_deadlines_for_outages(app.clock.now()).await.unwrap(), 0, "once");
    let after = store.movable_invites(chrono::DateTime::UNIX_EPOCH).await.unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!((after[0].deadline, after[0].moved_for.clone()), (expires + Duration::hours(2), vec![outage]));
    let home = owner.get("/home").await;
    let says = format!(
        "Extended by 2 hours because of the service interruption on {}",
        (expires - Duration::hours(1)).format("%Y-%m-%d")
    );
    assert!(home.body.contains(&says), "{}", home.body);

    // A window over the code's new expiry: its holder is told ahead.
    let (mut admin, _) = app.staff("admin.invite", "administrator").await;
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M").to_string();
    let (starts, ends) = (fmt(expires + Duration::hours(1)), fmt(expires + Duration::hours(3)));
    let mut fields = window(&starts, &ends);
    fields.retain(|(k, _)| !k.starts_with("part_") || *k == "part_pr");
    assert_eq!(schedule(&mut admin, &fields).await.status, StatusCode::SEE_OTHER);
    let told = outbox_of_kind(&app, "maintenance_ahead").await;
    assert_eq!(told.iter().filter(|(to, _)| to == "pia.invite@example.com").count(), 1, "{told:?}");
}

on_both_databases!(
    a_window_holds_every_write_and_no_read,
    bad_windows_are_refused_with_a_message_each,
    people_with_a_deadline_inside_are_told_and_reminders_wait,
    a_deadline_inside_an_outage_moves_once,
    an_invite_code_inside_an_outage_is_extended,
);
