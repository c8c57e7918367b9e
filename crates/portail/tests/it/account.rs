//! The account page: change the password, re-enrol MFA behind re-authentication, list and end
//! sessions, sign out everywhere.

use chrono::Duration;
use portail_domain::totp::TotpSecret;
use reqwest::StatusCode;

use crate::helpers::{Backend, PASSWORD, TestApp, between};
use crate::on_both_databases;

async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut a, p) = app.registered("two.devices").await;
    let mut other = app.sign_in(&p).await;
    a.get("/account").await;
    let new = "another long passphrase 9";
    let r = a
        .submit(
            "/account/password",
            &[("current_password", "not my password"), ("password", new), ("password_confirm", new)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("current password is not right"));
    let r = a
        .submit("/account/password", &[("current_password", PASSWORD), ("password", new), ("password_confirm", new)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Your password is changed"));
    assert_eq!(a.get("/home").await.status, StatusCode::OK, "this session stays");
    assert_eq!(other.get("/home").await.location(), "/sign-in", "the other session ended");
    let notice = app.smtp.wait_for(&p.email, 1).await;
    assert_eq!(notice.header("Subject").as_deref(), Some("Your password was changed"));
    assert!(!notice.body().contains(new), "no secret in mail");
    let mut b = app.client();
    b.get("/sign-in").await;
    let r = b.submit("/sign-in", &[("username", "two.devices"), ("password", new)]).await;
    assert_eq!(r.location(), "/sign-in/verify");
}

async fn sessions_are_listed_and_can_be_ended_one_by_one_or_everywhere(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut a, p) = app.registered("many.sessions").await;
    let mut b = app.sign_in(&p).await;
    let mut c = app.sign_in(&p).await;
    let page = a.get("/account").await;
    assert_eq!(page.body.matches("/end\"").count(), 3, "three sessions listed");
    assert!(page.body.contains("Firefox on Linux") && page.body.contains("(this one)"));
    // End the first session listed that is not this one.
    let rows: Vec<&str> = page.body.split("<tr>").skip(2).collect();
    let other_row = rows.iter().find(|r| !r.contains("(this one)")).unwrap();
    let id = between(other_row, "/account/sessions/", "/end");
    let r = a.submit(&format!("/account/sessions/{id}/end"), &[]).await;
    assert_eq!(r.location(), "/account?m=session-ended");
    let alive = [b.get("/home").await.status, c.get("/home").await.status];
    assert_eq!(alive.iter().filter(|s| **s == StatusCode::OK).count(), 1, "exactly one other session ended");
    // An id that is not one of mine: 404, nothing ended.
    a.get("/account").await;
    let r = a.submit(&format!("/account/sessions/{}/end", uuid::Uuid::new_v4()), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Sign out everywhere.
    let r = a.submit("/account/sessions/end-all", &[]).await;
    assert_eq!(r.location(), "/sign-in?m=everywhere");
    for s in [&mut a, &mut b, &mut c] {
        assert_eq!(s.get("/home").await.location(), "/sign-in");
    }
}

async fn re_enrolling_mfa_needs_recent_authentication_and_replaces_recovery_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut a, p) = app.registered("new.phone").await;
    app.advance(Duration::minutes(6));
    let r = a.get("/account/mfa").await;
    assert_eq!(r.location(), "/account/reauth");
    a.get("/account/reauth").await;
    let r = a.submit("/account/reauth", &[("password", "wrong password!!"), ("code", "123456")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = app.fresh_code(&p);
    let r = a.submit("/account/reauth", &[("password", PASSWORD), ("code", &code)]).await;
    assert_eq!(r.location(), "/account/mfa");
    let page = a.get("/account/mfa").await;
    let secret = TotpSecret::from_base32(&between(&page.body, "id=\"totp-secret\">", "<").replace(' ', "")).unwrap();
    assert_ne!(secret, p.secret);
    let seal = between(&page.body, "name=\"seal\" value=\"", "\"").to_owned();
    // A wrong first code keeps the key the person already added to their app, and says so.
    let stale = secret.code_at(app.clock.now() - Duration::hours(1)).unwrap();
    let r = a.submit("/account/mfa", &[("secret", &secret.to_base32()), ("seal", &seal), ("code", &stale)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The key above has not changed"), "{}", r.body);
    let shown = between(&r.body, "id=\"totp-secret\">", "<").replace(' ', "");
    assert!(TotpSecret::from_base32(&shown) == Some(secret.clone()), "the same secret is shown again");
    let r = a
        .submit(
            "/account/mfa",
            &[("secret", &secret.to_base32()), ("seal", &seal), ("code", &secret.code_at(app.clock.now()).unwrap())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("recovery-codes"));
    // The codes as a text file to keep: a download link holding the same codes.
    let codes: Vec<String> =
        r.body.split("<li><code>").skip(1).map(|s| s.split('<').next().unwrap().to_owned()).collect();
    let href = between(&r.body, "href=\"data:text/plain;charset=utf-8,", "\"");
    let file = urlencoding::decode(href).unwrap();
    assert!(file.starts_with("Recovery codes of new.phone"), "{file}");
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| file.contains(c.as_str())), "{file}");
    let notice = app.smtp.wait_for(&p.email, 1).await;
    assert_eq!(notice.header("Subject").as_deref(), Some("Your authenticator app was changed"));
    // The old recovery codes and the old app no longer work.
    let mut b = app.client();
    b.get("/sign-in").await;
    b.submit("/sign-in", &[("username", "new.phone"), ("password", PASSWORD)]).await;
    b.get("/sign-in/verify").await;
    let r = b.submit("/sign-in/verify", &[("code", &p.recovery[1])]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let old = app.fresh_code(&p);
    let r = b.submit("/sign-in/verify", &[("code", &old)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = secret.code_at(app.clock.now()).unwrap();
    let r = b.submit("/sign-in/verify", &[("code", &new)]).await;
    assert_eq!(r.location(), "/home");
}

async fn a_forged_enrolment_secret_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.get("/register").await;
    b.submit(
        "/register",
        &[
            ("username", "forger"),
            ("email", "forger@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await;
    let code = crate::helpers::six_or_eight_digits(&app.smtp.wait_for("forger@example.com", 0).await.body(), 8);
    b.get("/register/confirm-email").await;
    b.submit("/register/confirm-email", &[("code", &code)]).await;
    let page = b.get("/mfa/enrol").await;
    let seal = between(&page.body, "name=\"seal\" value=\"", "\"").to_owned();
    let mine = TotpSecret::generate();
    let r = b
        .submit(
            "/mfa/enrol",
            &[("secret", &mine.to_base32()), ("seal", &seal), ("code", &mine.code_at(app.clock.now()).unwrap())],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

async fn five_wrong_codes_end_the_half_finished_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("five.wrong").await;
    let mut b = app.client();
    b.get("/sign-in").await;
    b.submit("/sign-in", &[("username", &p.username), ("password", PASSWORD)]).await;
    b.get("/sign-in/verify").await;
    let mut last = None;
    for _ in 0..5 {
        // Step past the per-account delay so that the per-session limit is what ends it.
        app.advance(Duration::seconds(20));
        last = Some(b.submit("/sign-in/verify", &[("code", "000000")]).await);
    }
    let last = last.unwrap();
    assert_eq!(last.location(), "/sign-in?m=locked", "{}", last.status);
    assert_eq!(b.get("/sign-in/verify").await.location(), "/sign-in");
}

on_both_databases!(
    changing_the_password_needs_the_current_one_and_ends_other_sessions,
    sessions_are_listed_and_can_be_ended_one_by_one_or_everywhere,
    re_enrolling_mfa_needs_recent_authentication_and_replaces_recovery_codes,
    a_forged_enrolment_secret_is_refused,
    five_wrong_codes_end_the_half_finished_sign_in,
);
