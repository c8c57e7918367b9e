//! The back office: queues, files, decisions with letters and emails, optimistic versioning,
//! internal notes kept from applicants, re-authentication for documents, and the audit chain.

use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, TestApp, between};
use crate::on_both_databases;
use crate::submit::{pay, ready_draft, submit};

/// An applicant with a submitted visitor visa; returns (applicant, file id, number).
async fn submitted(app: &TestApp, user: &str) -> (Browser, String, String) {
    let (mut b, draft) = ready_draft(app, user).await;
    pay(&mut b, &draft).await;
    let number = submit(&mut b, &draft).await;
    let id = draft.trim_start_matches("/applications/").to_owned();
    (b, id, number)
}

fn version(body: &str) -> String {
    between(body, "name=\"version\" value=\"", "\"").to_owned()
}

async fn decide(o: &mut Browser, id: &str, action: &str, reasons: &str) -> crate::helpers::Page {
    let page = o.get(&format!("/office/files/{id}")).await;
    let v = version(&page.body);
    let form = [("action", action), ("version", &v), ("reasons", reasons), ("confirm", "yes")];
    o.submit(&format!("/office/files/{id}/decide"), &form).await
}

async fn an_officer_works_a_file_from_the_queue_to_approval(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, number) = submitted(&app, "applicant.one").await;
    let (mut o, _) = app.staff("officer.one", "officer").await;
    // The queue, its filters and search.
    let queue = o.get("/office").await;
    assert!(queue.body.contains(&number) && queue.body.contains("Marie Curie"));
    assert!(o.get(&format!("/office?q={}", number.to_lowercase())).await.body.contains(&number));
    assert!(o.get("/office?q=curie").await.body.contains(&number), "search by name");
    assert!(!o.get("/office?q=nobody").await.body.contains(&number));
    assert!(!o.get("/office?stage=approved").await.body.contains(&number));
    assert!(o.get("/office?type=visitor-visa&stage=submitted").await.body.contains(&number));
    assert!(!o.get("/office?older_than_days=3").await.body.contains(&number), "age filter");
    assert!(o.get("/office?step=eligibility&state=not_started").await.body.contains(&number), "step filter");
    assert!(!o.get("/office?step=eligibility&state=done").await.body.contains(&number));
    // Take the file and read it.
    o.get(&format!("/office/files/{id}")).await;
    assert_eq!(o.submit(&format!("/office/files/{id}/take"), &[]).await.status, StatusCode::SEE_OTHER);
    assert!(o.get("/office?mine=yes").await.body.contains(&number));
    let file = o.get(&format!("/office/files/{id}")).await;
    for text in ["Marie", "Irène Joliot-Curie", "France", "Release this file", "Acknowledge receipt"] {
        assert!(
            file.body.contains(text) || file.body.contains(&text.replace('è', "&#232;")),
            "{text} missing on the file page"
        );
    }
    // Headings speak of the applicant, not to them.
    assert!(file.body.contains("About the applicant") && file.body.contains("The visit"), "officer's headings");
    assert!(!file.body.contains("About you") && !file.body.contains("Your visit"), "no applicant's headings");
    // The person got a UCI at submission; it finds the file too.
    let uci = between(&file.body, "Unique client identifier (UCI)</dt><dd>", "<").to_owned();
    assert!(uci.len() == 9 && uci.as_bytes()[4] == b'-', "{uci}");
    assert!(o.get(&format!("/office?q={uci}")).await.body.contains(&number));
    assert!(applicant.get(&format!("/applications/{id}")).await.body.contains(&uci), "the applicant sees their UCI");
    let doc = between(&file.body, "href=\"/office/files/", "\"").to_owned();
    let d = o.get(&format!("/office/files/{doc}")).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.header("content-type"), "application/pdf");
    // A step, then the acknowledgement with its letter and email.
    let v = version(&file.body);
    let r = o
        .submit(
            &format!("/office/files/{id}/steps"),
            &[("step", "biometrics"), ("state", "waiting_on_you"), ("version", &v)],
        )
        .await;
    assert_eq!(r.location(), format!("/office/files/{id}?m=step"));
    let r = decide(&mut o, &id, "acknowledge", "").await;
    assert_eq!(r.location(), format!("/office/files/{id}?m=acknowledge"), "{}", r.body);
    let notice = o.get(&r.location()).await;
    assert!(notice.body.contains("Receipt acknowledged: the acknowledgement letter was sent to the applicant."));
    let mail = app.smtp.wait_for("applicant.one@example.com", 2).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("You have a new letter"));
    assert!(!mail.body().contains(&number) && !mail.body().contains("Curie"), "no personal data in the email");
    // The applicant: a badge, the inbox, the letter in their language, then read.
    let home = applicant.get("/home").await;
    assert!(home.body.contains("class=\"badge\">1"), "unread badge");
    let status = applicant.get(&format!("/applications/{id}")).await;
    assert!(status.body.contains("Received") && status.body.contains("Waiting on you"));
    let inbox = applicant.get("/inbox").await;
    assert!(inbox.body.contains("Acknowledgement of receipt") && inbox.body.contains("New"));
    let link = between(&inbox.body, "<td><a href=\"", "\"").to_owned();
    let pdf = crate::documents::reqwest_bytes(&mut applicant, &link).await;
    let text = portail_letters::extract_text(&pdf).unwrap();
    assert!(text.contains(&number) && text.contains("Dear Marie Curie") && text.contains("Visitor visa"), "{text}");
    assert!(!applicant.get("/home").await.body.contains("class=\"badge\""), "read now");
    // Processing, then approval.
    assert_eq!(decide(&mut o, &id, "start", "").await.status, StatusCode::SEE_OTHER);
    assert_eq!(decide(&mut o, &id, "approve", "").await.status, StatusCode::SEE_OTHER);
    let status = applicant.get(&format!("/applications/{id}")).await;
    assert!(status.body.contains("Approved") && status.body.contains("Application approved"));
    assert!(applicant.get("/inbox").await.body.contains("Your application is approved"));
}

async fn two_officers_acting_at_once_cannot_both_win(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, id, _) = submitted(&app, "applicant.two").await;
    let (mut a, _) = app.staff("officer.a", "officer").await;
    let (mut b, _) = app.staff("officer.b", "administrator").await;
    let va = version(&a.get(&format!("/office/files/{id}")).await.body);
    let vb = version(&b.get(&format!("/office/files/{id}")).await.body);
    assert_eq!(va, vb);
    let r = a.submit(&format!("/office/files/{id}/decide"), &[("action", "acknowledge"), ("version", &va)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = b
        .submit(
            &format!("/office/files/{id}/decide"),
            &[("action", "return"), ("version", &vb), ("reasons", "Missing pages"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Someone changed this file"));
    let r = b
        .submit(&format!("/office/files/{id}/steps"), &[("step", "medical"), ("state", "done"), ("version", &vb)])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a stale step change loses too");
}

async fn actions_that_do_not_fit_are_refused_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, _) = submitted(&app, "applicant.three").await;
    let (mut o, _) = app.staff("officer.three", "officer").await;
    // A decision that ends the file is asked once more; unconfirmed, nothing happens.
    let page = o.get(&format!("/office/files/{id}")).await;
    let v = version(&page.body);
    let unconfirmed = [("action", "return"), ("version", v.as_str()), ("reasons", "Pages 3–4 missing")];
    let r = o.submit(&format!("/office/files/{id}/decide"), &unconfirmed).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Return this application as incomplete?") && r.body.contains("cannot be undone"));
    assert!(r.body.contains("name=\"confirm\" value=\"yes\"") && r.body.contains("Pages 3–4 missing"));
    let r = decide(&mut o, &id, "approve", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("does not fit the file"));
    let r = decide(&mut o, &id, "return", "   ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Write the reasons"));
    let r = decide(&mut o, &id, "teleport", "").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(applicant.get(&format!("/applications/{id}")).await.body.contains("Submitted"), "nothing changed");
    assert!(applicant.get("/inbox").await.body.contains("no messages or letters yet"));
    // A forged form (no token) does nothing either.
    let r = o
        .post_raw(
            &format!("/office/files/{id}/decide"),
            "application/x-www-form-urlencoded",
            "action=acknowledge&version=1",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn notes_never_reach_the_applicant_and_applicants_never_reach_the_office(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, _) = submitted(&app, "applicant.four").await;
    let (mut o, _) = app.staff("officer.four", "officer").await;
    o.get(&format!("/office/files/{id}")).await;
    let r =
        o.submit(&format!("/office/files/{id}/notes"), &[("body", "INTERNAL-ONLY possible misrepresentation")]).await;
    assert_eq!(r.location(), format!("/office/files/{id}?m=noted"));
    assert!(o.get(&format!("/office/files/{id}")).await.body.contains("INTERNAL-ONLY"));
    decide(&mut o, &id, "acknowledge", "").await;
    let status = applicant.get(&format!("/applications/{id}")).await;
    assert!(!status.body.contains("INTERNAL-ONLY"));
    let inbox = applicant.get("/inbox").await;
    let link = between(&inbox.body, "<td><a href=\"", "\"").to_owned();
    let letter = portail_letters::extract_text(&crate::documents::reqwest_bytes(&mut applicant, &link).await).unwrap();
    assert!(!letter.contains("INTERNAL-ONLY"));
    let receipt = crate::documents::reqwest_bytes(&mut applicant, &format!("/applications/{id}/receipt.pdf")).await;
    assert!(!portail_letters::extract_text(&receipt).unwrap().contains("INTERNAL-ONLY"));
    for path in ["/office".to_owned(), format!("/office/files/{id}")] {
        assert_eq!(applicant.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Another applicant cannot read the letter.
    let (mut other, _) = app.registered("applicant.other").await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
}

async fn documents_need_a_recent_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, id, _) = submitted(&app, "applicant.five").await;
    let (mut o, officer) = app.staff("officer.five", "officer").await;
    let file = o.get(&format!("/office/files/{id}")).await;
    let doc = format!("/office/files/{}", between(&file.body, "href=\"/office/files/", "\""));
    let shown = o.get(&doc).await;
    assert_eq!(shown.status, StatusCode::OK, "signed in just now");
    assert_eq!(shown.header("content-disposition"), "inline", "a plain PDF opens in the browser");
    assert!(shown.header("content-security-policy").starts_with("sandbox"));
    app.advance(chrono::Duration::minutes(16));
    o.get("/office").await; // still active, but the sign-in is old
    let r = o.get(&doc).await;
    assert!(r.location().starts_with("/account/reauth?next="), "{}", r.location());
    let page = o.get(&r.location()).await;
    assert!(page.body.contains(&format!("name=\"next\" value=\"{doc}\"")), "the way back is kept");
    let code = app.fresh_code(&officer);
    let r = o.submit("/account/reauth", &[("password", "not the password"), ("code", &code), ("next", &doc)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.advance(chrono::Duration::seconds(20));
    let code = app.fresh_code(&officer);
    let r = o.submit("/account/reauth", &[("password", &officer.password), ("code", &code), ("next", &doc)]).await;
    assert_eq!(r.location(), doc, "back to the document");
    assert_eq!(o.get(&doc).await.status, StatusCode::OK);
    // Only back-office paths are accepted as the way back.
    let r = o.get("/account/reauth?next=https%3A%2F%2Fevil.example").await;
    assert!(r.body.contains("name=\"next\" value=\"/account/mfa\""));
}

async fn a_pdf_with_scripts_is_downloaded_never_opened_in_the_officers_browser(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut marie, _) = app.registered("scripted.pdf").await;
    let api = crate::api::Api::new(&app, &crate::api::make_token(&mut marie, "rw", true, true).await);
    let scripted = crate::helpers::pdf_with("/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ", 10);
    let id = crate::api::ready_draft_with(&api, &scripted).await;
    crate::api::submit(&api, &id, "k").await;
    let (mut o, _) = app.staff("officer.scripted", "officer").await;
    let file = o.get(&format!("/office/files/{id}")).await;
    let doc = format!("/office/files/{}", between(&file.body, "href=\"/office/files/", "\""));
    let r = o.get(&doc).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-disposition").starts_with("attachment; filename=\"scan.pdf\""), "{:?}", r.headers);
    assert_eq!(r.header("content-type"), "application/pdf");
    // The same bytes the applicant sent, kept whole: only the way it is opened differs.
    let bytes = crate::documents::reqwest_bytes(&mut o, &doc).await;
    assert_eq!(bytes, scripted);
}

async fn the_audit_log_chains_every_read_and_change_and_names_an_edited_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, _) = submitted(&app, "applicant.six").await;
    let (mut o, _) = app.staff("officer.seven", "officer").await;
    decide(&mut o, &id, "acknowledge", "").await;
    applicant.get(&format!("/applications/{id}")).await;
    let store = app.store();
    let entries = match store.verify_audit().await.unwrap() {
        portail_store::audit::Verification::Intact { entries } => entries,
        broken => panic!("{broken:?}"),
    };
    assert!(entries >= 4, "submit, officer view, acknowledge, applicant view: {entries}");
    let file = crate::helpers::office_file(store, &id).await;
    let rows = store.audit_of(&file).await.unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for a in ["draft_saved", "document_uploaded", "submitted", "file_viewed", "acknowledge"] {
        assert!(actions.contains(&a), "{a} not audited: {actions:?}");
    }
    assert!(
        rows.iter().any(|r| r.actor == "officer:officer.seven")
            && rows.iter().any(|r| r.actor == "applicant:applicant.six")
    );
    // Someone edits an entry in the database: verification names it.
    let target = rows.last().unwrap().seq;
    edit_audit_row(&app.database_url, target).await;
    assert_eq!(store.verify_audit().await.unwrap(), portail_store::audit::Verification::Broken { seq: target });
}

async fn edit_audit_row(url: &str, seq: i64) {
    let sql = sqlx::AssertSqlSafe(format!("UPDATE audit_log SET detail = 'tampered' WHERE seq = {seq}"));
    if url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
}

async fn letters_are_written_in_the_applicants_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, number) = submitted(&app, "applicant.french").await;
    // The header's language button (a form) sets the account's language, which letters follow.
    applicant.get("/home").await;
    assert_eq!(applicant.submit("/lang", &[("lang", "fr"), ("next", "/home")]).await.location(), "/home");
    let (mut o, _) = app.staff("officer.eight", "officer").await;
    decide(&mut o, &id, "acknowledge", "").await;
    decide(&mut o, &id, "start", "").await;
    let r = decide(&mut o, &id, "refuse", "Les fonds démontrés sont insuffisants.").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let inbox = applicant.get("/inbox").await;
    assert!(
        inbox.body.contains("Décision concernant votre demande") || inbox.body.contains("D&#233;cision"),
        "{}",
        inbox.body
    );
    let link = between(&inbox.body, "<td><a href=\"", "\"").to_owned();
    let text = portail_letters::extract_text(&crate::documents::reqwest_bytes(&mut applicant, &link).await).unwrap();
    for expected in [number.as_str(), "Visa de visiteur", "refusée", "Les fonds démontrés sont insuffisants."] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let mail = app.smtp.wait_for("applicant.french@example.com", 3).await;
    assert_eq!(mail.header("Subject").map(|s| s.contains("lettre") || s.contains("=?utf-8?")), Some(true));
}

async fn officers_send_instruction_letters_and_messages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, number) = submitted(&app, "letters.one").await;
    let (mut o, _) = app.staff("letters.officer", "officer").await;
    let send = |kind: &'static str, text: &'static str, date: String| (kind, text, date);
    for (kind, text, date, expect) in [
        (send("biometrics", "", String::new()), StatusCode::SEE_OTHER),
        (send("interview", "", String::new()), StatusCode::UNPROCESSABLE_ENTITY),
        (
            send("interview", "", (app.clock.now() + chrono::Duration::days(20)).format("%Y-%m-%d").to_string()),
            StatusCode::SEE_OTHER,
        ),
        (send("message", "", String::new()), StatusCode::UNPROCESSABLE_ENTITY),
        (send("message", "Your file is being reviewed by a senior officer.", String::new()), StatusCode::SEE_OTHER),
        (send("teleport", "", String::new()), StatusCode::BAD_REQUEST),
    ]
    .map(|((k, t, d), e)| (k, t, d, e))
    {
        let page = o.get(&format!("/office/files/{id}")).await;
        let v = version(&page.body);
        let r = o
            .submit(
                &format!("/office/files/{id}/letters"),
                &[("kind", kind), ("version", &v), ("text", text), ("date", &date)],
            )
            .await;
        assert_eq!(r.status, expect, "{kind} {date:?}: {}", r.status);
    }
    let status = applicant.get(&format!("/applications/{id}")).await;
    assert!(status.body.contains("Biometrics") && status.body.contains("Waiting on you"));
    let inbox = applicant.get("/inbox").await;
    for title in ["Biometrics instruction letter", "Interview notice", "Message from the agency"] {
        assert!(inbox.body.contains(title), "{title}");
    }
    let link = between(&inbox.body, "<td><a href=\"", "\"").to_owned();
    let text = portail_letters::extract_text(&crate::documents::reqwest_bytes(&mut applicant, &link).await).unwrap();
    assert!(text.contains("senior officer") && text.contains(&number), "{text}");
}

async fn the_applicant_reads_and_downloads_the_full_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, number) = submitted(&app, "history.one").await;
    let (mut o, _) = app.staff("history.officer", "officer").await;
    o.get(&format!("/office/files/{id}")).await;
    o.submit(&format!("/office/files/{id}/notes"), &[("body", "INTERNAL-NOTE-XYZ")]).await;
    o.get(&format!("/office/files/{id}")).await;
    let shared = [("body", "Your file was checked against <b>your</b> passport."), ("on_file", "1")];
    o.submit(&format!("/office/files/{id}/notes"), &shared).await;
    let office_page = o.get(&format!("/office/files/{id}")).await;
    assert_eq!(office_page.body.matches("— part of the file").count(), 1, "one note marked as on file");
    decide(&mut o, &id, "acknowledge", "").await;
    let page = applicant.get(&format!("/applications/{id}/history")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in ["Application submitted", "Receipt acknowledged", "Officer no.", "You", "Acknowledgement of receipt"] {
        assert!(page.body.contains(text), "{text} missing from the history");
    }
    // Each event once, with who did it.
    let rows: Vec<&str> = between(&page.body, "<tbody>", "</tbody>").split("<tr>").skip(1).collect();
    let acknowledged: Vec<&&str> = rows.iter().filter(|r| r.contains("Receipt acknowledged")).collect();
    assert_eq!(acknowledged.len(), 1, "{rows:#?}");
    assert!(acknowledged[0].contains("Officer no."), "{acknowledged:?}");
    assert_eq!(rows.iter().filter(|r| r.contains("Application submitted")).count(), 1, "{rows:#?}");
    assert!(rows.iter().all(|r| !r.contains("<td></td></tr>")), "no line without who: {rows:#?}");
    let noted: Vec<&&str> = rows.iter().filter(|r| r.contains("Note on your file")).collect();
    assert_eq!(noted.len(), 1, "{rows:#?}");
    assert!(
        noted[0].contains("against &#60;b&#62;your&#60;/b&#62; passport") && noted[0].contains("Officer no."),
        "{noted:?}"
    );
    assert!(
        !page.body.contains("history.officer") && !page.body.contains("INTERNAL-NOTE-XYZ"),
        "no officer names, no internal notes"
    );
    let pdf = crate::documents::reqwest_bytes(&mut applicant, &format!("/applications/{id}/history.pdf")).await;
    let text = portail_letters::extract_text(&pdf).unwrap();
    assert!(text.contains(&number) && text.contains("Receipt acknowledged") && text.contains("Officer no."), "{text}");
    assert!(!text.contains("INTERNAL-NOTE-XYZ") && text.contains("Note on your file"), "{text}");
    let (mut other, _) = app.registered("history.other").await;
    assert_eq!(other.get(&format!("/applications/{id}/history")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/applications/{id}/history.pdf")).await.status, StatusCode::NOT_FOUND);
}

async fn applicants_write_to_the_agency_and_read_replies_in_one_thread(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id, _) = submitted(&app, "writer.one").await;
    let thread = format!("/applications/{id}/messages");
    applicant.get(&thread).await;
    let r = applicant.submit_multipart(&thread, &[("subject", ""), ("body", "")], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Write a subject") && r.body.contains("Write a message"));
    let bad = [("subject", "Bad file"), ("body", "See attached")];
    let r = applicant.submit_multipart(&thread, &bad, Some(("page.pdf", b"<html>not a pdf</html>"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is not a PDF, JPEG or PNG"));
    let fields = [("subject", "Change of address"), ("body", "I moved to 2 rue Pierre.\nThank you.")];
    let r = applicant.submit_multipart(&thread, &fields, Some(("lease.pdf", &crate::helpers::pdf(20)))).await;
    assert_eq!(r.location(), format!("{thread}?m=sent"), "{}", r.body);
    let page = applicant.get(&thread).await;
    assert!(page.body.contains("Attachment") && page.body.contains("lease.pdf"));
    let r = applicant.submit_multipart(&thread, &fields, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the attachment is optional");
    // A forged post (no token) writes nothing.
    let (boundary, forged) = crate::helpers::multipart(&[("subject", "forged"), ("body", "x")], None);
    let r = applicant.post_raw(&thread, &format!("multipart/form-data; boundary={boundary}"), forged).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (mut o, _) = app.staff("replier.one", "officer").await;
    let file = o.get(&format!("/office/files/{id}")).await;
    assert!(
        file.body.contains("Change of address")
            && file.body.contains("2 rue Pierre")
            && file.body.contains("lease.pdf")
    );
    assert!(!file.body.contains("forged"));
    let r = o
        .submit(
            &format!("/office/files/{id}/messages"),
            &[("subject", "Re: Change of address"), ("body", "Noted, thank you.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mail = app.smtp.wait_for("writer.one@example.com", 2).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("You have a new message"));
    let home = applicant.get("/home").await;
    assert!(home.body.contains("class=\"badge\">1"), "badge");
    // The inbox lists what the badge counts: the agency's message, new, linking to it.
    let inbox = applicant.get("/inbox").await;
    let row = between(&inbox.body, "<tr class=\"unread\">", "</tr>");
    assert!(row.contains("Re: Change of address") && row.contains("Message"), "{}", inbox.body);
    assert!(row.contains(&format!("href=\"{thread}#message-")), "{row}");
    assert!(!inbox.body.contains("Noted, thank you."), "the list shows subjects, not bodies");
    let page = applicant.get(&thread).await;
    assert!(page.body.contains("Noted, thank you.") && page.body.contains("The agency"));
    assert!(!applicant.get("/home").await.body.contains("class=\"badge\""), "read once the thread is open");
    let (mut other, _) = app.registered("writer.other").await;
    assert_eq!(other.get(&thread).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.submit_multipart(&thread, &[("subject", "x"), ("body", "y")], None).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn administrators_create_staff_accounts_that_enrol_mfa_at_first_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut admin, _) = app.staff("the.admin", "administrator").await;
    let (mut officer, _) = app.staff("plain.officer", "officer").await;
    assert_eq!(officer.get("/office/staff").await.status, StatusCode::NOT_FOUND, "officers cannot manage staff");
    let page = admin.get("/office/staff").await;
    assert!(page.body.contains("plain.officer") && page.body.contains("Administrator"));
    let r = admin.submit("/office/staff", &[("username", "x"), ("email", "nope"), ("role", "applicant")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .submit("/office/staff", &[("username", "new.officer"), ("email", "new@agency.example"), ("role", "officer")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let password = between(&r.body, "id=\"temporary-password\">", "<").to_owned();
    assert_eq!(password.len(), 24);
    let mut b = app.client();
    b.get("/sign-in").await;
    let r = b.submit("/sign-in", &[("username", "new.officer"), ("password", &password)]).await;
    assert_eq!(r.location(), "/mfa/enrol", "MFA first");
    assert_ne!(b.get("/office").await.status, StatusCode::OK, "no back office before MFA");
}

on_both_databases!(
    an_officer_works_a_file_from_the_queue_to_approval,
    two_officers_acting_at_once_cannot_both_win,
    actions_that_do_not_fit_are_refused_and_change_nothing,
    notes_never_reach_the_applicant_and_applicants_never_reach_the_office,
    documents_need_a_recent_sign_in,
    a_pdf_with_scripts_is_downloaded_never_opened_in_the_officers_browser,
    the_audit_log_chains_every_read_and_change_and_names_an_edited_entry,
    letters_are_written_in_the_applicants_language,
    officers_send_instruction_letters_and_messages,
    the_applicant_reads_and_downloads_the_full_history,
    applicants_write_to_the_agency_and_read_replies_in_one_thread,
    administrators_create_staff_accounts_that_enrol_mfa_at_first_sign_in,
);
