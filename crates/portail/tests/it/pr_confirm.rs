//! PR confirmation end to end: an officer moves a file by hand; its owner redeems the code;
//! presence, address and photo are checked (each bad input with its message) and reviewed (sent
//! back with a reason, then accepted); the eCOPR is issued, downloaded and read; the card is
//! mailed; live updates arrive as server-sent events; strangers see nothing. And the other way
//! in: a new PR-portal account made with a code and the file's date of birth.

use chrono::Duration;
use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{Backend, Browser, PASSWORD, TestApp, between};
use crate::on_both_databases;
use crate::pr::{give_files_to, seed_files};

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 200, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload_photo(b: &mut Browser, id: Uuid, bytes: Vec<u8>) -> crate::helpers::Page {
    b.upload(&format!("/pr/files/{id}/photo"), "me.jpg", &bytes).await
}

/// The invite code in the latest invitation mailed to `email`.
pub async fn mailed_code(app: &TestApp, email: &str) -> String {
    for _ in 0..200 {
        let mails: Vec<_> = app.smtp.all().await.into_iter().filter(|m| m.to.iter().any(|t| t == email)).collect();
        if let Some(m) = mails.iter().rev().find(|m| m.body().contains("Your invite code: ")) {
            return between(&m.body(), "Your invite code: ", "\n").trim().to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no invitation mailed to {email}");
}

pub async fn moved_by_officer(app: &TestApp, owner: &str) -> (Uuid, Browser) {
    let owner_id = app.store().account_by_username(owner).await.unwrap().unwrap().id;
    let files = seed_files(app, 1, "express-entry", (2026, 4, 1), "secure").await;
    give_files_to(app, &files, owner_id).await;
    let (mut officer, _) = app.staff(&format!("officer-{owner}"), "officer").await;
    let page = officer.get(&format!("/office/files/{}/pr", files[0])).await;
    assert!(page.body.contains("managed in the secure account"), "{}", page.body);
    let r = officer.submit(&format!("/office/files/{}/pr/invite", files[0]), &[]).await;
    assert_eq!(r.location(), format!("/office/files/{}/pr?m=code-sent", files[0]));
    (files[0], officer)
}

async fn review(officer: &mut Browser, id: Uuid, task: &str, decision: &str, note: &str) -> crate::helpers::Page {
    officer.get(&format!("/office/files/{id}/pr")).await;
    officer.submit(&format!("/office/files/{id}/pr/review/{task}"), &[("decision", decision), ("note", note)]).await
}

async fn pr_confirmation_end_to_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, person) = app.registered("pat").await;
    let (id, mut officer) = moved_by_officer(&app, "pat").await;
    let code = mailed_code(&app, &person.email).await;
    owner.get("/pr/redeem").await;
    assert_eq!(owner.submit("/pr/redeem", &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    let home = owner.get("/pr").await;
    assert!(home.body.contains("/static/pr.css") && home.body.contains("0 of 5 steps done"), "{}", home.body);
    let file = owner.get(&format!("/pr/files/{id}")).await;
    assert_eq!(file.body.matches(">To do<").count(), 3, "three tasks to do");

    // Live updates: the stream says "changed" after an officer acts.
    let mut events = reqwest::Client::new()
        .get(format!("{}/pr/files/{id}/events", app.base))
        .header("cookie", owner.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");

    // Presence: each bad input says what is wrong, nothing is kept.
    owner.get(&format!("/pr/files/{id}/presence")).await;
    let path = format!("/pr/files/{id}/presence");
    let r = owner.submit(&path, &[]).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Choose whether you are in Canada"));
    let r = owner.submit(&path, &[("presence", "in_canada"), ("entered_on", "")]).await;
    assert!(r.body.contains("Give the date you entered Canada"));
    let tomorrow = (app.clock.now() + Duration::days(1)).format("%Y-%m-%d").to_string();
    let r = owner.submit(&path, &[("presence", "in_canada"), ("entered_on", &tomorrow)]).await;
    assert!(r.body.contains("cannot be in the future"));
    let not_a_day =
        [("presence", "in_canada"), ("entered_on-day", "31"), ("entered_on-month", "9"), ("entered_on-year", "2026")];
    let r = owner.submit(&path, &not_a_day).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"31\"") && r.body.contains("value=\"2026\""), "the boxes keep what was typed");
    let boxes =
        [("presence", "in_canada"), ("entered_on-day", "14"), ("entered_on-month", "9"), ("entered_on-year", "2026")];
    let r = owner.submit(&path, &boxes).await;
    assert_eq!(r.location(), format!("/pr/files/{id}?m=sent"));
    let r = owner.submit(&path, &[("presence", "outside")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no change while it waits for review");

    // Address.
    let path = format!("/pr/files/{id}/address");
    let page = owner.get(&path).await;
    assert!(page.body.contains("Ana Silva") && page.body.contains("1980-01-02"), "details to confirm");
    let good = [("details_confirmed", "yes"), ("address_line", "12 Rue Sainte-Catherine"), ("city", "Montréal")];
    let with = |province: &'static str, postal: &'static str| {
        let mut f = good.to_vec();
        f.push(("province", province));
        f.push(("postal_code", postal));
        f
    };
    let r = owner.submit(&path, &with("QC", "12345")).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Give a Canadian postal code"));
    assert!(r.body.contains("value=\"yes\" checked>"), "the ticked box stays ticked after an unrelated refusal");
    let r = owner.submit(&path, &with("ON", "H2X 1Y4")).await;
    assert!(r.body.contains("not in the province"));
    let r = owner
        .submit(&path, &[("address_line", "x"), ("city", "y"), ("province", "QC"), ("postal_code", "h2x1y4")])
        .await;
    assert!(r.body.contains("Confirm that the details are right"));
    assert!(r.body.contains("value=\"h2x1y4\""), "what was typed is kept");
    let r = owner.submit(&path, &with("QC", "h2x1y4")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Photo: each failed check has its message.
    owner.get(&format!("/pr/files/{id}/photo")).await;
    for (bytes, message) in [
        (png(700, 900), "must be a JPEG"),
        (jpeg(300, 400), "at least 420 pixels wide"),
        (jpeg(700, 700), "proportions of a 35 × 45 mm photo"),
        (vec![0xFF; 4 * 1024 * 1024 + 4096], "4 MB or less"),
    ] {
        let r = upload_photo(&mut owner, id, bytes).await;
        assert!(r.status.is_client_error(), "{message}");
        assert!(r.body.contains(message), "{message}: {}", r.body);
        owner.get(&format!("/pr/files/{id}/photo")).await;
    }
    let token = std::mem::replace(&mut owner.csrf, "forged".into());
    let r = upload_photo(&mut owner, id, jpeg(700, 900)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the photo form checks its CSRF token");
    owner.csrf = token;
    let r = upload_photo(&mut owner, id, jpeg(700, 900)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The officer: nothing to issue yet; sends the presence back with a reason.
    let r = officer.submit(&format!("/office/files/{id}/pr/ecopr"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = review(&mut officer, id, "presence", "return", "").await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Give the reason"));
    let r = review(&mut officer, id, "presence", "return", "Your entry stamp says 2026-09-15.").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut changed = false;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, events.chunk()).await {
        if String::from_utf8_lossy(&chunk).contains("event: changed") {
            changed = true;
            break;
        }
    }
    assert!(changed, "a live update arrived");
    let file = owner.get(&format!("/pr/files/{id}")).await;
    assert!(file.body.contains("Sent back") && file.body.contains("Your entry stamp says 2026-09-15."));
    owner.get(&format!("/pr/files/{id}/presence")).await;
    let r = owner
        .submit(&format!("/pr/files/{id}/presence"), &[("presence", "in_canada"), ("entered_on", "2026-09-15")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // What the person sent counts as done; what waits for the officer is said.
    let file = owner.get(&format!("/pr/files/{id}")).await;
    assert!(
        file.body.contains("3 of 5 steps done — 3 steps wait for an officer’s review"),
        "{}",
        crate::helpers::between(&file.body, "<main", "</main>")
    );
    for task in ["presence", "address", "photo"] {
        assert_eq!(review(&mut officer, id, task, "accept", "").await.status, StatusCode::SEE_OTHER, "{task}");
    }
    let photo = officer.get(&format!("/office/files/{id}/pr/photo")).await;
    assert_eq!(photo.header("content-type"), "image/jpeg");
    let r = officer.submit(&format!("/office/files/{id}/pr/ecopr"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = officer.submit(&format!("/office/files/{id}/pr/ecopr"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "issued once");

    // The person downloads the eCOPR and reads it.
    let pdf = crate::documents::reqwest_bytes(&mut owner, &format!("/pr/files/{id}/ecopr.pdf")).await;
    let text = portail_letters::extract_text(&pdf).unwrap();
    for expected in ["Confirmation of Permanent Residence", "Ana Silva", "2026-09-15", "H2X 1Y4", "1980-01-02"] {
        assert!(text.contains(expected), "eCOPR shows {expected}: {text}");
    }
    assert!(owner.get(&format!("/pr/files/{id}")).await.body.contains("Being made"));
    assert_eq!(officer.submit(&format!("/office/files/{id}/pr/card"), &[]).await.status, StatusCode::SEE_OTHER);
    let file = owner.get(&format!("/pr/files/{id}")).await;
    assert!(file.body.contains("5 of 5 steps done") && file.body.contains("Mailed to you"), "{}", file.body);

    // The secure account's history of the file tells the PR portal's part too, each event once.
    let history = owner.get(&format!("/applications/{id}/history")).await;
    assert_eq!(history.status, StatusCode::OK);
    for event in [
        "Moved to the PR portal",
        "Opened in the PR portal",
        "Mailing address accepted",
        "Confirmation of Permanent Residence issued",
        "PR card mailed",
    ] {
        assert_eq!(history.body.matches(event).count(), 1, "{event} once in {}", history.body);
    }

    // Strangers see nothing of it.
    let (mut stranger, _) = app.registered("stranger").await;
    for path in [format!("/pr/files/{id}"), format!("/pr/files/{id}/ecopr.pdf"), format!("/pr/files/{id}/events")] {
        assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(stranger.get("/pr").await.status, StatusCode::FORBIDDEN);
}

async fn pr_account_with_a_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, person) = app.registered("olga").await;
    let (id, _) = moved_by_officer(&app, "olga").await;
    let code = mailed_code(&app, &person.email).await;
    let mut b = app.client();
    b.get("/pr/start").await;
    let mut fields = vec![
        ("code", code.as_str()),
        ("date_of_birth", "1999-01-01"),
        ("username", "olga-pr"),
        ("email", "olga.pr@example.com"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let r = b.submit("/pr/start", &fields).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("This code is not right, or the date of birth"),
        "{}",
        r.body
    );
    assert!(app.store().account_by_username("olga-pr").await.unwrap().is_none(), "nothing written");
    // The page's three boxes, typed without leading zeros.
    fields.splice(1..2, [("date_of_birth-day", "2"), ("date_of_birth-month", "1"), ("date_of_birth-year", "1980")]);
    let r = b.submit("/pr/start", &fields).await;
    assert_eq!(r.location(), "/register/confirm-email", "{}", r.body);
    app.confirm_and_enrol(&mut b, "olga.pr@example.com", 0).await;
    let home = b.get("/pr").await;
    assert!(home.body.contains(&format!("id=\"file-{id}\"")), "{}", home.body);
    assert!(owner.get("/home").await.body.contains("managed in the PR portal"), "owner sees it moved");
    owner.get("/pr/redeem").await;
    assert!(owner.submit("/pr/redeem", &[("code", &code)]).await.body.contains("already used"));

    // Guessing codes: a few tries, then slowed down (429 with Retry-After).
    let mut last = StatusCode::OK;
    for _ in 0..8 {
        owner.get("/pr/redeem").await;
        last = owner.submit("/pr/redeem", &[("code", "ABCD-EFGH-JKMN-PQRS-TVWX")]).await.status;
        if last == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

on_both_databases!(pr_confirmation_end_to_end, pr_account_with_a_code);
