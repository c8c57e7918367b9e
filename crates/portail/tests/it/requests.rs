//! Document requests end to end: the officer asks, the applicant is told, answers with uploads
//! or asks for more time; reminders go out once each; overdue requests show in the queue.

use chrono::Duration;
use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, TestApp, between, pdf};
use crate::on_both_databases;
use crate::submit::{pay, ready_draft, submit};

pub async fn submitted(app: &TestApp, user: &str) -> (Browser, String) {
    let (mut b, draft) = ready_draft(app, user).await;
    pay(&mut b, &draft).await;
    submit(&mut b, &draft).await;
    (b, draft.trim_start_matches("/applications/").to_owned())
}

/// The officer asks for the passport again and a free item; returns the request's path.
pub async fn request_documents(app: &TestApp, o: &mut Browser, applicant: &mut Browser, id: &str) -> String {
    let page = o.get(&format!("/office/files/{id}")).await;
    let version = between(&page.body, "name=\"version\" value=\"", "\"").to_owned();
    let r = o
        .submit(
            &format!("/office/files/{id}/requests"),
            &[
                ("version", &version),
                ("item", "passport:principal"),
                ("free", "Bank statements for the last 6 months"),
                ("days", "30"),
                ("note", "Please send clearer copies."),
            ],
        )
        .await;
    assert_eq!(r.location(), format!("/office/files/{id}?m=requested"), "{}", r.body);
    let status = applicant.get(&format!("/applications/{id}")).await;
    assert!(status.body.contains("Requests for documents") && status.body.contains("Waiting on you"));
    let link = format!(
        "/applications/{id}/requests/{}",
        between(&status.body, &format!("/applications/{id}/requests/"), "\"")
    );
    let _ = app;
    link
}

async fn an_officer_asks_for_documents_and_the_applicant_answers_with_uploads(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id) = submitted(&app, "asked.one").await;
    let (mut o, _) = app.staff("asker.one", "officer").await;
    let link = request_documents(&app, &mut o, &mut applicant, &id).await;
    // The email says a letter is waiting; the letter lists what is asked and by when.
    let mail = app.smtp.wait_for("asked.one@example.com", 2).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("You have a new letter"));
    let inbox = applicant.get("/inbox").await;
    let letter = between(&inbox.body, "<td><a href=\"", "\"").to_owned();
    let text = portail_letters::extract_text(&crate::documents::reqwest_bytes(&mut applicant, &letter).await).unwrap();
    let deadline = (app.clock.now() + Duration::days(30)).format("%Y-%m-%d").to_string();
    for expected in [
        "Request for documents",
        "Bank statements for the last 6 months",
        "Passport",
        deadline.as_str(),
        "clearer copies",
    ] {
        assert!(text.contains(expected), "{expected:?} not in the letter:\n{text}");
    }
    // The request page: items, the deadline with days left; the answer needs every item.
    let page = applicant.get(&link).await;
    assert!(
        page.body.contains("Bank statements") && page.body.contains("30 days left")
            || page.body.contains("29 days left")
    );
    let r = applicant.submit(&format!("{link}/answer"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Upload a file for each item"));
    for i in 0..2 {
        applicant.get(&link).await;
        let r = applicant.upload(&format!("{link}/items/{i}"), &format!("answer-{i}.pdf"), &pdf(50)).await;
        assert_eq!(r.location(), format!("{link}?m=uploaded"), "{}", r.body);
    }
    applicant.get(&link).await;
    let r = applicant.submit(&format!("{link}/answer"), &[]).await;
    assert_eq!(r.location(), format!("{link}?m=answered"));
    // Once answered, nothing more can be added to it.
    applicant.get(&link).await;
    assert_eq!(applicant.upload(&format!("{link}/items/0"), "late.pdf", &pdf(5)).await.status, StatusCode::NOT_FOUND);
    // The officer sees the answer and its files.
    let file = o.get(&format!("/office/files/{id}")).await;
    assert!(
        file.body.contains("Answered")
            && file.body.contains("answer-1.pdf")
            && file.body.contains("Requested documents sent")
    );
    // Nobody else reaches the request.
    let (mut other, _) = app.registered("asked.other").await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.upload(&format!("{link}/items/0"), "x.pdf", &pdf(1)).await.status, StatusCode::NOT_FOUND);
}

async fn reminders_go_out_once_each_and_late_requests_show_as_overdue(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id) = submitted(&app, "reminded.one").await;
    let (mut o, officer) = app.staff("asker.two", "officer").await;
    let link = request_documents(&app, &mut o, &mut applicant, &id).await;
    let st = &app.running.as_ref().unwrap().state;
    // Each step moves the app's clock (its mail worker reads the same clock).
    let run_at = |days: i64| {
        app.advance(Duration::days(days));
        st.app.send_due_reminders(app.clock.now())
    };
    assert_eq!(run_at(10).await.unwrap(), 0, "nothing due yet");
    assert_eq!(run_at(6).await.unwrap(), 1, "14 days before");
    assert_eq!(run_at(0).await.unwrap(), 0, "once, even when run again");
    assert_eq!(run_at(8).await.unwrap(), 1, "7 days before");
    assert_eq!(run_at(5).await.unwrap(), 1, "2 days before");
    assert_eq!(run_at(2).await.unwrap(), 1, "missed");
    assert_eq!(run_at(1).await.unwrap(), 0);
    // Confirmation, submission, request letter, then four reminders: seven mails in all.
    app.smtp.wait_for("reminded.one@example.com", 6).await;
    let subjects: Vec<String> = app
        .smtp
        .all()
        .await
        .iter()
        .filter(|m| m.to.iter().any(|t| t == "reminded.one@example.com"))
        .filter_map(|m| m.header("Subject"))
        .collect();
    assert_eq!(subjects.len(), 7, "{subjects:?}");
    assert_eq!(subjects.iter().filter(|s| *s == "A deadline is coming up").count(), 3, "{subjects:?}");
    assert_eq!(subjects.iter().filter(|s| *s == "A deadline has passed").count(), 1, "{subjects:?}");
    // Overdue: in the officer's queue.
    let mut o = app.sign_in(&officer).await;
    assert!(o.get("/office").await.body.contains("Overdue"));
    let _ = link;
}

async fn more_time_is_asked_once_before_the_deadline_and_granted_by_an_officer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id) = submitted(&app, "slow.one").await;
    let (mut o, _) = app.staff("asker.three", "officer").await;
    let link = request_documents(&app, &mut o, &mut applicant, &id).await;
    applicant.get(&link).await;
    let r = applicant.submit(&format!("{link}/extension"), &[("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = applicant
        .submit(&format!("{link}/extension"), &[("reason", "The bank needs three weeks to send statements.")])
        .await;
    assert_eq!(r.location(), format!("{link}?m=extension"));
    applicant.get(&link).await;
    let r = applicant.submit(&format!("{link}/extension"), &[("reason", "Again")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "once only");
    let file = o.get(&format!("/office/files/{id}")).await;
    assert!(file.body.contains("three weeks"));
    let rid = link.rsplit('/').next().unwrap();
    let r = o.submit(&format!("/office/files/{id}/requests/{rid}/extension"), &[("grant", "yes")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = applicant.get(&link).await;
    let new_deadline = (app.clock.now() + Duration::days(60)).format("%Y-%m-%d").to_string();
    assert!(page.body.contains(&new_deadline) && page.body.contains("More time was granted"), "{}", page.body);
    let r = o.submit(&format!("/office/files/{id}/requests/{rid}/extension"), &[("grant", "yes")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "decided once");
}

async fn a_worker_killed_between_sending_and_marking_loses_no_mail(backend: Backend) {
    use portail::mailer::{Mailer, Transport};
    let app = TestApp::spawn(backend).await;
    let store = app.store().clone();
    let sink = crate::smtp::SmtpSink::start().await;
    let clock = portail_app::clock::Clock::default();
    let cfg = portail::config::MailConfig {
        mode: portail::config::MailMode::Smtp,
        smtp_port: sink.port,
        ..Default::default()
    };
    let mailer = Mailer {
        store: store.clone(),
        transport: Transport::from_config(&cfg, std::path::Path::new("unused")).unwrap(),
        from: cfg.from.clone(),
        from_name_fr: "Agence d’immigration de démonstration".into(),
        domain: "agency.example".into(),
        clock: clock.clone(),
        poll: std::time::Duration::from_millis(50),
    };
    let mail = portail_store::NewMail {
        kind: "test",
        to: "crash@example.com".into(),
        subject: "S".into(),
        body: "B".into(),
        lang: portail_domain::language::Lang::En,
    };
    // The test's own outbox row (the app's worker is running too: give it a different clock).
    store.enqueue_mail(&mail, clock.now() + Duration::days(365)).await.unwrap();
    let now = clock.now() + Duration::days(365);
    // A worker claims the mail, sends it, and dies before marking it sent.
    let claimed = store.claim_due_mail(now, now + Duration::minutes(2), 10).await.unwrap();
    let ours: Vec<_> = claimed.into_iter().filter(|m| m.to_address == "crash@example.com").collect();
    assert_eq!(ours.len(), 1);
    mailer.deliver(&ours[0]).await.unwrap();
    // Its lease runs out; another run sends it again, with the same Message-ID.
    assert_eq!(mailer.run_once(now + Duration::minutes(1)).await.unwrap(), 0, "still leased");
    assert!(mailer.run_once(now + Duration::minutes(3)).await.unwrap() >= 1);
    let first = sink.wait_for("crash@example.com", 0).await;
    let second = sink.wait_for("crash@example.com", 1).await;
    assert_eq!(first.header("Message-ID"), second.header("Message-ID"), "a duplicate is recognisable as the same mail");
    assert_eq!(mailer.run_once(now + Duration::minutes(10)).await.unwrap(), 0, "and then it is done");
}

on_both_databases!(
    an_officer_asks_for_documents_and_the_applicant_answers_with_uploads,
    reminders_go_out_once_each_and_late_requests_show_as_overdue,
    more_time_is_asked_once_before_the_deadline_and_granted_by_an_officer,
    a_worker_killed_between_sending_and_marking_loses_no_mail,
);
