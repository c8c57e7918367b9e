//! Paying, signing and submitting once; the confirmation, the email and the PDF receipt; the
//! status page; withdrawing; linking a file made on paper.

use reqwest::StatusCode;

use crate::apply::{fill_visitor_visa, start};
use crate::helpers::{Backend, Browser, TestApp, between, pdf};
use crate::on_both_databases;

const CARD: &[(&str, &str)] =
    &[("card_number", "4242 4242 4242 4242"), ("card_expiry", "12/35"), ("card_name", "Marie Curie")];

/// Fills, documents and pays a visitor-visa draft; returns the browser and the draft's path.
pub async fn ready_draft(app: &TestApp, user: &str) -> (Browser, String) {
    let (b, _, draft) = ready_draft_of(app, user).await;
    (b, draft)
}

/// [`ready_draft`], with the person who made it (to sign in again later).
pub async fn ready_draft_of(app: &TestApp, user: &str) -> (Browser, crate::helpers::Person, String) {
    let (mut b, person) = app.registered(user).await;
    let draft = start(&mut b, "visitor-visa").await;
    fill_visitor_visa(&mut b, &draft).await;
    for item in ["passport:principal", "photo:principal", "funds_proof:principal", "invitation:principal"] {
        let path = format!("{draft}/documents/{item}");
        b.get(&path).await;
        let r = b.upload(&path, &format!("{item}.pdf").replace(':', "-"), &pdf(100)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{item}: {}", r.body);
    }
    (b, person, draft)
}

pub async fn pay(b: &mut Browser, draft: &str) {
    b.get(&format!("{draft}/submit")).await;
    let r = b.submit(&format!("{draft}/pay"), CARD).await;
    assert_eq!(r.location(), format!("{draft}/submit?m=paid"), "{}", r.body);
}

pub async fn submit(b: &mut Browser, draft: &str) -> String {
    let page = b.get(&format!("{draft}/submit")).await;
    let key = between(&page.body, "name=\"submit_key\" value=\"", "\"").to_owned();
    let r = b
        .submit(
            &format!("{draft}/submit"),
            &[("agree", "yes"), ("declaration_name", "Marie Curie"), ("submit_key", &key)],
        )
        .await;
    assert_eq!(r.location(), format!("{draft}/submitted"), "{}", r.body);
    let page = b.get(&format!("{draft}/submitted")).await;
    between(&page.body, "class=\"big-number\"><strong>", "<").to_owned()
}

async fn a_complete_draft_is_paid_signed_and_submitted_exactly_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("submitter").await;
    let draft = start(&mut b, "visitor-visa").await;
    // Nothing can be submitted before it is complete, documented and paid.
    let review = b.get(&format!("{draft}/submit")).await;
    assert!(review.body.contains("Some things are still missing") && review.body.contains("document still to upload"));
    let key = between(&review.body, "name=\"submit_key\" value=\"", "\"").to_owned();
    let r = b
        .submit(&format!("{draft}/submit"), &[("agree", "yes"), ("declaration_name", "M C"), ("submit_key", &key)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["Answer every section", "Upload every required document", "valid card number"] {
        assert!(r.body.contains(msg), "{msg}");
    }
    drop(b);
    let (mut b, draft) = ready_draft(&app, "submitter2").await;
    // Payment: a bad card, a declined card, then the demo card.
    b.get(&format!("{draft}/submit")).await;
    let r = b
        .submit(&format!("{draft}/pay"), &[("card_number", "1234"), ("card_expiry", "01/20"), ("card_name", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("valid card number") && r.body.contains("must not have expired"));
    let declined = [("card_number", "4000 0000 0000 0002"), ("card_expiry", "12/35"), ("card_name", "Marie Curie")];
    let r = b.submit(&format!("{draft}/pay"), &declined).await;
    assert!(r.body.contains("The card was declined"));
    pay(&mut b, &draft).await;
    let review = b.get(&format!("{draft}/submit?m=paid")).await;
    assert!(review.body.contains("Your payment was accepted") && review.body.contains("DEMO-"));
    // Not a bare "4242": the page's random ids and CSRF token may hold those digits.
    let shown = ["4242 4242", "42424242", " 4242<", " 4242 ", "*4242", "•4242", "• 4242"];
    assert!(shown.iter().all(|c| !review.body.contains(c)), "no card number is shown or kept");
    // Without the declaration: refused.
    let key = between(&review.body, "name=\"submit_key\" value=\"", "\"").to_owned();
    let r = b.submit(&format!("{draft}/submit"), &[("declaration_name", ""), ("submit_key", &key)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Tick the box") && r.body.contains("Type your full name"));
    // A double click: the same form sent twice at once makes one application.
    let fields = [("agree", "yes"), ("declaration_name", "Marie Curie"), ("submit_key", key.as_str())];
    let mut twin = Browser::new(b.base());
    twin.cookies = b.cookies.clone();
    twin.csrf = b.csrf.clone();
    let path = format!("{draft}/submit");
    let (r1, r2) = tokio::join!(b.submit(&path, &fields), twin.submit(&path, &fields));
    assert_eq!(r1.location(), format!("{draft}/submitted"));
    assert_eq!(r2.location(), format!("{draft}/submitted"));
    // And a later retry too.
    let r3 = b.submit(&path, &fields).await;
    assert_eq!(r3.location(), format!("{draft}/submitted"));
    let page = b.get(&format!("{draft}/submitted")).await;
    let number = between(&page.body, "class=\"big-number\"><strong>", "<").to_owned();
    assert!(
        number.len() == 10 && number.starts_with('V') && number[1..].chars().all(|c| c.is_ascii_digit()),
        "{number}"
    );
    let home = b.get("/home").await;
    assert_eq!(home.body.matches(&number).count(), 1);
    assert_eq!(home.body.matches("<td><a href=\"/applications/").count(), 1, "one application, not two");
    // The email says something happened and where, without personal data.
    let mail = app.smtp.wait_for("submitter2@example.com", 1).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("Your application was submitted"));
    assert!(!mail.body().contains("Curie"));
    // The status page.
    let status = b.get(&draft).await;
    for text in [
        "Submitted",
        "Review of eligibility",
        "Not started",
        "Not applicable",
        "Draft started",
        "Fee paid",
        "Application submitted",
    ] {
        assert!(status.body.contains(text), "{text} missing on the status page");
    }
    // A submitted file can no longer be edited.
    assert_eq!(b.get(&format!("{draft}/sections/personal")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.get(&format!("{draft}/documents/passport:principal")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.submit(&format!("{draft}/delete"), &[]).await.status, StatusCode::NOT_FOUND);
}

/// "Check your answers": every answer in words with a "Change" link that comes back here; then
/// the declaration, then the payment, sent as one form; nothing is charged when the
/// declaration is missing.
async fn answers_are_checked_then_the_declaration_signed_then_the_fee_paid(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, draft) = ready_draft(&app, "checker").await;
    let review = b.get(&format!("{draft}/submit")).await;
    let body = &review.body;
    for text in [
        "Check your answers and submit",
        "Curie",
        "25\u{a0}April 1990",
        "France",
        "$5,000.50",
        "passport-principal.pdf",
    ] {
        assert!(body.contains(text), "{text} not on the review page");
    }
    let change = format!("href=\"{draft}/sections/trip?back=check#funds\"");
    assert!(body.contains(&change), "a Change link to the question");
    // The order of the real services: answers, declaration, payment.
    let (answers, declaration, payment) =
        (body.find("Passport number"), body.find("id=\"declaration\""), body.find("id=\"card_number\""));
    assert!(
        answers < declaration && declaration < payment && answers.is_some(),
        "{answers:?} {declaration:?} {payment:?}"
    );
    // Change, save: back to the review, the new answer shown.
    b.get(&format!("{draft}/sections/trip?back=check")).await;
    let trip = [
        ("purpose", "family"),
        ("arrival", "2031-06-01"),
        ("departure", "2031-06-20"),
        ("funds", "6500"),
        ("host_name", "Irène"),
    ];
    let r = b.submit(&format!("{draft}/sections/trip?back=check"), &trip).await;
    assert_eq!(r.location(), format!("{draft}/submit"), "{}", r.body);
    let review = b.get(&format!("{draft}/submit")).await;
    assert!(review.body.contains("$6,500.00"));
    // Declaration missing: refused, and the card is not charged.
    let key = between(&review.body, "name=\"submit_key\" value=\"", "\"").to_owned();
    let mut form = vec![("declaration_name", "Marie Curie"), ("submit_key", key.as_str())];
    form.extend_from_slice(CARD);
    let r = b.submit(&format!("{draft}/submit"), &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Tick the box") && r.body.contains("value=\"Marie Curie\""), "the name typed is kept");
    assert!(!r.body.contains("DEMO-") && r.body.contains("id=\"card_number\""), "nothing was charged");
    form.push(("agree", "yes"));
    // A double click on "Pay and submit": one payment, one application.
    let mut twin = Browser::new(b.base());
    twin.cookies = b.cookies.clone();
    twin.csrf = b.csrf.clone();
    let path = format!("{draft}/submit");
    let (r1, r2) = tokio::join!(b.submit(&path, &form), twin.submit(&path, &form));
    for r in [r1, r2] {
        assert_eq!(r.location(), format!("{draft}/submitted"), "{}", r.body);
    }
    let status = b.get(&draft).await;
    assert!(status.body.contains("Application submitted"));
    assert_eq!(status.body.matches("Fee paid").count(), 1, "paid once: {}", between(&status.body, "<main", "</main>"));
}

async fn the_receipt_is_a_pdf_in_the_applicants_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, draft) = ready_draft(&app, "receipt.reader").await;
    pay(&mut b, &draft).await;
    let number = submit(&mut b, &draft).await;
    let bytes = crate::documents::reqwest_bytes(&mut b, &format!("{draft}/receipt.pdf")).await;
    assert!(bytes.starts_with(b"%PDF-"));
    let text = portail_letters::extract_text(&bytes).unwrap();
    for expected in [number.as_str(), "Receipt of submission", "Visitor visa", "Marie Curie", "DEMO-", "$185.00"] {
        assert!(text.contains(expected), "{expected:?} not in the receipt:\n{text}");
    }
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(pdf(100)))
    };
    assert!(text.replace(['\n', ' '], "").contains(&sha), "each document's SHA-256 is on the receipt");
    b.get("/lang/fr?next=/home").await;
    let fr =
        portail_letters::extract_text(&crate::documents::reqwest_bytes(&mut b, &format!("{draft}/receipt.pdf")).await)
            .unwrap();
    assert!(fr.contains("Reçu de soumission") && fr.contains("Visa de visiteur") && fr.contains("185,00"), "{fr}");
    // Looked at as a reader would: long labels and hashes wrap, nothing prints over anything.
    for (lang, path) in [("fr", "/lang/fr?next=/home"), ("en", "/lang/en?next=/home")] {
        b.get(path).await;
        let bytes = crate::documents::reqwest_bytes(&mut b, &format!("{draft}/receipt.pdf")).await;
        let words = crate::pdf_layout::words(&bytes, &format!("receipt-{lang}-{backend:?}"));
        assert!(words.len() > 100, "{} words", words.len());
        let faults = crate::pdf_layout::faults(&words);
        assert!(faults.is_empty(), "{lang}: {faults:#?}");
        let line: String = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        assert!(line.contains("(Marie Curie)"), "each document names its person: {line}");
        if lang == "fr" {
            assert!(line.contains("5 000,50 $") || line.contains("5\u{a0}000,50\u{a0}$"), "French amounts: {line}");
        }
    }
}

async fn withdrawing_asks_to_confirm_then_stops_the_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, draft) = ready_draft(&app, "withdrawer").await;
    pay(&mut b, &draft).await;
    submit(&mut b, &draft).await;
    let page = b.get(&format!("{draft}/withdraw")).await;
    assert!(page.body.contains("Withdraw your application?"));
    let r = b.submit(&format!("{draft}/withdraw"), &[("reason", "Plans changed")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Tick the box to confirm"));
    let r = b.submit(&format!("{draft}/withdraw"), &[("reason", "Plans changed"), ("confirm", "yes")]).await;
    assert_eq!(r.location(), format!("{draft}?m=withdrawn"));
    let status = b.get(&r.location()).await;
    assert!(status.body.contains("Your application was withdrawn") && status.body.contains("Withdrawn"));
    assert!(!status.body.contains("/withdraw\""), "no second withdrawal");
    let mail = app.smtp.wait_for("withdrawer@example.com", 2).await;
    assert_eq!(mail.header("Subject").as_deref(), Some("Your application was withdrawn"));
    assert_eq!(b.get(&format!("{draft}/withdraw")).await.status, StatusCode::NOT_FOUND);
}

async fn another_persons_file_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, draft) = ready_draft(&app, "file.owner").await;
    pay(&mut b, &draft).await;
    submit(&mut b, &draft).await;
    let (mut other, _) = app.registered("file.peeker").await;
    other.get("/home").await;
    for path in [
        draft.clone(),
        format!("{draft}/submitted"),
        format!("{draft}/receipt.pdf"),
        format!("{draft}/withdraw"),
        format!("{draft}/submit"),
    ] {
        assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in [format!("{draft}/withdraw"), format!("{draft}/pay"), format!("{draft}/submit")] {
        let r = other.submit(&path, &[("confirm", "yes"), ("card_number", "4242424242424242")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert!(b.get(&draft).await.body.contains("Submitted"), "untouched");
}

async fn a_paper_file_is_linked_with_all_three_details_and_linking_locks_after_five_misses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let birth = chrono::NaiveDate::from_ymd_opt(1985, 3, 15).unwrap();
    let received = app.clock.now() - chrono::Duration::days(40);
    app.store().create_paper_file("V100000001", "visitor-visa", "11112222", birth, "received", received).await.unwrap();
    let (mut b, person) = app.registered("paper.person").await;
    b.get("/applications/link").await;
    let r = b.submit("/applications/link", &[("number", "V1"), ("uci", "12"), ("date_of_birth", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("one letter and nine digits") && r.body.contains("8 or 10 digits"));
    for left in (0..5).rev() {
        let r = b
            .submit(
                "/applications/link",
                &[("number", "V100000001"), ("uci", "1111-2223"), ("date_of_birth", "1985-03-15")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(&format!("({left} tries left)")), "{left}");
    }
    let right = [("number", "v100000001"), ("uci", "1111-2222"), ("date_of_birth", "1985-03-15")];
    let r = b.submit("/applications/link", &right).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "locked even with the right details");
    app.advance(chrono::Duration::hours(24));
    // The lock passes: the real person, signed in again, links the file.
    let mut c = app.sign_in(&person).await;
    c.get("/applications/link").await;
    let r = c.submit("/applications/link", &right).await;
    assert!(r.location().ends_with("?m=linked"), "{}", r.body);
    let status = c.get(&r.location()).await;
    assert!(
        status.body.contains("V100000001")
            && status.body.contains("Received")
            && status.body.contains("Application received on paper")
    );
    assert!(status.body.contains("1111-2222"), "the paper file's UCI becomes the person's");
    assert!(c.get("/home").await.body.contains("V100000001"));
    // A file links once.
    let (mut d, _) = app.registered("paper.person3").await;
    d.get("/applications/link").await;
    assert_eq!(d.submit("/applications/link", &right).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_databases!(
    answers_are_checked_then_the_declaration_signed_then_the_fee_paid,
    a_complete_draft_is_paid_signed_and_submitted_exactly_once,
    the_receipt_is_a_pdf_in_the_applicants_language,
    withdrawing_asks_to_confirm_then_stops_the_file,
    another_persons_file_is_not_found,
    a_paper_file_is_linked_with_all_three_details_and_linking_locks_after_five_misses,
);
