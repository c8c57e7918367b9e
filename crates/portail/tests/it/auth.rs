//! Registering, signing in with the second factor, throttling, password reset, timeouts.

use chrono::Duration;
use portail_domain::language::Lang;
use reqwest::StatusCode;

use crate::helpers::{Backend, PASSWORD, TestApp, between, six_or_eight_digits};
use crate::on_both_databases;

async fn registration_confirmation_mfa_and_sign_in_work_end_to_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, p) = app.registered("marie.curie").await;
    let home = b.get("/home").await;
    assert!(home.body.contains("My applications") && home.body.contains("marie.curie"));

    // The confirmation mail came over SMTP with a Message-ID derived from its outbox row.
    let mail = app.smtp.wait_for(&p.email, 0).await;
    let id = mail.header("Message-ID").unwrap();
    assert!(id.starts_with('<') && id.ends_with("@portail.invalid>"), "{id}");
    assert_eq!(mail.header("Subject").as_deref(), Some("Your confirmation code"));

    // Signing out kills the session on the server: the old cookie is worthless.
    let old_cookie = b.cookies.get("__Host-portail-session").cloned().unwrap();
    let r = b.submit("/sign-out", &[]).await;
    assert_eq!(r.location(), "/sign-in?m=signed-out");
    b.cookies.insert("__Host-portail-session".into(), old_cookie);
    assert_eq!(b.get("/home").await.location(), "/sign-in");

    // Sign in again: password, then a recovery code; the recovery code works once.
    let mut b = app.client();
    b.get("/sign-in").await;
    let before = b.cookies.get("__Host-portail-session").cloned();
    let r = b.submit("/sign-in", &[("username", "Marie.Curie"), ("password", PASSWORD)]).await;
    assert_eq!(r.location(), "/sign-in/verify");
    let pending = b.cookies.get("__Host-portail-session").cloned();
    assert_ne!(before, pending);
    assert_eq!(b.get("/home").await.location(), "/sign-in/verify", "password alone reaches nothing");
    b.get("/sign-in/verify").await;
    let r = b.submit("/sign-in/verify", &[("code", &p.recovery[0].to_uppercase())]).await;
    assert_eq!(r.location(), "/home");
    assert_ne!(b.cookies.get("__Host-portail-session").cloned(), pending, "new token after the second factor");

    let mut c = app.client();
    c.get("/sign-in").await;
    c.submit("/sign-in", &[("username", "marie.curie"), ("password", PASSWORD)]).await;
    c.get("/sign-in/verify").await;
    let r = c.submit("/sign-in/verify", &[("code", &p.recovery[0])]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a recovery code works once");

    // A TOTP code works once: the same code again is refused as a replay.
    let code = app.fresh_code(&p);
    let r = c.submit("/sign-in/verify", &[("code", &code)]).await;
    assert_eq!(r.location(), "/home");
    let mut d = app.client();
    d.get("/sign-in").await;
    d.submit("/sign-in", &[("username", "marie.curie"), ("password", PASSWORD)]).await;
    d.get("/sign-in/verify").await;
    let r = d.submit("/sign-in/verify", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("already used"), "{}", r.body);
    assert!(r.body.contains("Wait for the next code"));
}

async fn wrong_password_and_unknown_username_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.registered("known.user").await;
    let mut b = app.client();
    b.get("/sign-in").await;
    let known = b.submit("/sign-in", &[("username", "known.user"), ("password", "wrong password here")]).await;
    let unknown = b.submit("/sign-in", &[("username", "nobody.here"), ("password", "wrong password here")]).await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.body.replace("known.user", "X"), unknown.body.replace("nobody.here", "X"));

    // The reset form answers alike for a known and an unknown address.
    b.get("/forgot-password").await;
    let a = b.submit("/forgot-password", &[("email", "known.user@example.com")]).await;
    // Acknowledged means queued: the link is in the outbox when the answer arrives.
    let queued = crate::helpers::outbox_of_kind(&app, "reset_password").await;
    assert_eq!(queued.iter().filter(|(to, _)| to == "known.user@example.com").count(), 1, "{queued:?}");
    let c = b.submit("/forgot-password", &[("email", "nobody@example.com")]).await;
    assert_eq!((a.status, a.body), (c.status, c.body));
    assert_eq!(crate::helpers::outbox_of_kind(&app, "reset_password").await.len(), 1, "nothing for an unknown address");
}

async fn failed_sign_ins_slow_down_and_the_real_user_gets_in_after_the_delay(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("slow.down").await;
    let mut attacker = app.client();
    attacker.get("/sign-in").await;
    for _ in 0..4 {
        let r = attacker.submit("/sign-in", &[("username", "slow.down"), ("password", "guess guess guess")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = attacker.submit("/sign-in", &[("username", "slow.down"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let wait: i64 = r.header("retry-after").parse().unwrap();
    assert!((1..=3).contains(&wait), "{wait}");
    assert!(r.body.contains("Too many attempts"));
    app.advance(Duration::seconds(wait));
    app.sign_in(&p).await;
}

async fn many_usernames_from_one_address_are_throttled(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.get("/sign-in").await;
    let mut throttled = false;
    for i in 0..25 {
        let r = b.submit("/sign-in", &[("username", &format!("user{i}")), ("password", "some password 1")]).await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            throttled = true;
            break;
        }
    }
    assert!(throttled, "credential stuffing from one address is slowed down");
}

async fn password_reset_link_works_once_and_mfa_still_applies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("reset.me").await;
    let mut b = app.client();
    b.get("/forgot-password").await;
    let r = b.submit("/forgot-password", &[("email", &p.email)]).await;
    assert!(r.body.contains("If an account uses this address"));
    let mail = app.smtp.wait_for(&p.email, 1).await;
    let body = mail.body();
    let link = body.lines().find(|l| l.contains("/reset-password?token=")).unwrap().trim().to_owned();
    let path = link
        .split_once("127.0.0.1")
        .map(|(_, rest)| rest.split_once('/').map(|(_, p)| format!("/{p}")).unwrap())
        .unwrap();
    let page = b.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = between(&page.body, "name=\"token\" value=\"", "\"").to_owned();
    let new_password = "a brand new passphrase 7";
    let r = b
        .submit("/reset-password", &[("token", &token), ("password", new_password), ("password_confirm", new_password)])
        .await;
    assert_eq!(r.location(), "/sign-in?m=reset");
    // A notice of the change went out.
    let notice = app.smtp.wait_for(&p.email, 2).await;
    assert_eq!(notice.header("Subject").as_deref(), Some("Your password was changed"));

    // MFA still applies after a reset.
    b.get("/sign-in").await;
    let r = b.submit("/sign-in", &[("username", "reset.me"), ("password", new_password)]).await;
    assert_eq!(r.location(), "/sign-in/verify");

    // The link works once.
    let again = b.get(&path).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("expired or was already used"));
}

async fn reset_links_expire_after_30_minutes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("late.reset").await;
    let mut b = app.client();
    b.get("/forgot-password").await;
    b.submit("/forgot-password", &[("email", &p.email)]).await;
    let body = app.smtp.wait_for(&p.email, 1).await.body();
    let token = between(&body, "token=", "\n").trim().to_owned();
    app.advance(Duration::minutes(31));
    let page = b.get(&format!("/reset-password?token={token}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

async fn an_idle_session_ends_after_20_minutes_with_a_clear_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("idle.user").await;
    app.advance(Duration::minutes(19));
    assert_eq!(b.get("/home").await.status, StatusCode::OK, "activity keeps the session");
    app.advance(Duration::minutes(19));
    assert_eq!(b.get("/home").await.status, StatusCode::OK);
    app.advance(Duration::minutes(20));
    let r = b.get("/home").await;
    assert_eq!(r.location(), "/sign-in?m=timeout");
    let page = b.get("/sign-in?m=timeout").await;
    assert!(page.body.contains("20 minutes without activity"));
    assert_eq!(b.get("/home").await.location(), "/sign-in", "the session row is gone");
}

async fn a_session_ends_after_12_hours_even_when_active(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("long.day").await;
    for _ in 0..47 {
        app.advance(Duration::minutes(15));
        assert_eq!(b.get("/home").await.status, StatusCode::OK);
    }
    app.advance(Duration::minutes(15));
    assert_eq!(b.get("/home").await.location(), "/sign-in?m=timeout");
}

async fn the_email_code_is_attempt_limited_and_can_be_sent_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.get("/register").await;
    let email = "limited@example.com";
    b.submit(
        "/register",
        &[("username", "limited"), ("email", email), ("password", PASSWORD), ("password_confirm", PASSWORD)],
    )
    .await;
    let first = six_or_eight_digits(&app.smtp.wait_for(email, 0).await.body(), 8);
    let wrong = if first == "00000000" { "11111111" } else { "00000000" };
    b.get("/register/confirm-email").await;
    for _ in 0..5 {
        let r = b.submit("/register/confirm-email", &[("code", wrong)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = b.submit("/register/confirm-email", &[("code", &first)]).await;
    assert!(r.body.contains("Too many wrong codes"), "{}", r.body);
    let r = b.submit("/register/resend-code", &[]).await;
    assert!(r.body.contains("We sent a new code"));
    let second = six_or_eight_digits(&app.smtp.wait_for(email, 1).await.body(), 8);
    let r = b.submit("/register/confirm-email", &[("code", &second)]).await;
    assert_eq!(r.location(), "/mfa/enrol");
}

async fn a_half_registered_account_resumes_set_up_at_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.get("/register").await;
    b.submit(
        "/register",
        &[
            ("username", "half.done"),
            ("email", "half@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await;
    let mut again = app.client();
    again.get("/sign-in").await;
    let r = again.submit("/sign-in", &[("username", "half.done"), ("password", PASSWORD)]).await;
    assert_eq!(r.location(), "/register/confirm-email");
    assert_eq!(again.get("/home").await.location(), "/register/confirm-email", "no access before set-up");
}

async fn registration_refuses_bad_input_with_messages_in_the_page_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.lang = Some("fr-CA,fr;q=0.9");
    let page = b.get("/register").await;
    assert!(page.body.contains("<html lang=\"fr\">"));
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        ("ab", "a@example.com", PASSWORD, PASSWORD, "Entrez un nom d"),
        ("valid.name", "not-an-email", PASSWORD, PASSWORD, "Entrez une adresse courriel"),
        ("valid.name", "a@example.com", "short", "short", "au moins 12 caractères"),
        ("valid.name", "a@example.com", "password1234", "password1234", "trop courant"),
        ("valid.name", "a@example.com", PASSWORD, "something else entirely", "pas identiques"),
        ("<script>alert(1)</script>", "a@example.com", PASSWORD, PASSWORD, "&#60;script&#62;"),
        ("x'; DROP TABLE accounts; --", "a@example.com", PASSWORD, PASSWORD, "Entrez un nom d"),
    ];
    for (u, e, p1, p2, expect) in cases {
        let r =
            b.submit("/register", &[("username", u), ("email", e), ("password", p1), ("password_confirm", p2)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{u} {e}");
        assert!(r.body.contains(expect), "{expect:?} missing for {u:?}");
        assert!(r.body.contains("class=\"error-summary\""));
        assert!(!r.body.contains("<script>alert"), "echo is escaped");
    }
    // A 256-character passphrase is accepted as typed; nothing was half-created before.
    let long = "é".repeat(256);
    let r = b
        .submit(
            "/register",
            &[("username", "valid.name"), ("email", "a@example.com"), ("password", &long), ("password_confirm", &long)],
        )
        .await;
    assert_eq!(r.location(), "/register/confirm-email");
    let taken = app.client();
    let mut taken = taken;
    taken.get("/register").await;
    let r = taken
        .submit(
            "/register",
            &[
                ("username", "VALID.NAME"),
                ("email", "b@example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not available"));
}

async fn the_accounts_language_changes_only_through_its_form(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("lang.owner").await;
    let stored = || async { app.store().account_by_username("lang.owner").await.unwrap().unwrap().lang };
    // A link (which another site could embed) changes the pages' language, not the account's.
    b.get("/lang/fr?next=%2Fhome").await;
    let home = b.get("/home").await;
    assert!(home.body.contains("<html lang=\"fr\">"));
    assert_eq!(stored().await, Lang::En);
    assert!(
        home.body.contains("action=\"/lang\"") && home.body.contains("name=\"next\" value=\"/home\""),
        "{}",
        home.body
    );
    // The header's button is a form with its CSRF token; without the token nothing changes.
    let forged = b.post_raw("/lang", "application/x-www-form-urlencoded", "lang=fr&next=%2Fhome").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(stored().await, Lang::En);
    let r = b.submit("/lang", &[("lang", "fr"), ("next", "/home")]).await;
    assert_eq!(r.location(), "/home");
    assert_eq!(stored().await, Lang::Fr);
    assert_eq!(b.submit("/lang", &[("lang", "en"), ("next", "//evil.example")]).await.location(), "/");
    assert_eq!(stored().await, Lang::En);
    assert_eq!(b.submit("/lang", &[("lang", "de"), ("next", "/home")]).await.status, StatusCode::NOT_FOUND);
}

async fn switching_language_keeps_the_page_and_refuses_open_redirects(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    let r = b.get("/lang/fr?next=%2Fsign-in").await;
    assert_eq!(r.location(), "/sign-in");
    let page = b.get("/sign-in").await;
    assert!(page.body.contains("<html lang=\"fr\">") && page.body.contains("Se connecter"));
    assert!(page.body.contains("href=\"/lang/en?next=%2Fsign-in\""));
    assert_eq!(b.get("/lang/en?next=%2F%2Fevil.example").await.location(), "/");
    assert_eq!(b.get("/lang/de").await.status, StatusCode::NOT_FOUND);
    // Mail follows the person's language: a French sender name and Content-Language.
    for (lang, username) in [("fr", "francoise"), ("en", "frances")] {
        let mut c = app.client();
        c.get(&format!("/lang/{lang}?next=%2Fregister")).await;
        c.get("/register").await;
        let email = format!("{username}@example.com");
        let form = [("username", username), ("email", &email), ("password", PASSWORD), ("password_confirm", PASSWORD)];
        assert_eq!(c.submit("/register", &form).await.location(), "/register/confirm-email");
        let mail = app.smtp.wait_for(&email, 0).await;
        assert_eq!(mail.header("Content-Language").as_deref(), Some(lang));
        let from = mail.header("From").unwrap_or_default();
        // A long encoded name folds over lines: the address is on the last one.
        assert!(mail.raw.contains("<no-reply@portail.invalid>"), "{from}");
        assert_eq!(from.contains("Demo Immigration Agency"), lang == "en", "{lang}: {from}");
    }
}

on_both_databases!(
    registration_confirmation_mfa_and_sign_in_work_end_to_end,
    wrong_password_and_unknown_username_get_the_same_answer,
    failed_sign_ins_slow_down_and_the_real_user_gets_in_after_the_delay,
    many_usernames_from_one_address_are_throttled,
    password_reset_link_works_once_and_mfa_still_applies,
    reset_links_expire_after_30_minutes,
    an_idle_session_ends_after_20_minutes_with_a_clear_message,
    a_session_ends_after_12_hours_even_when_active,
    the_email_code_is_attempt_limited_and_can_be_sent_again,
    a_half_registered_account_resumes_set_up_at_sign_in,
    registration_refuses_bad_input_with_messages_in_the_page_language,
    switching_language_keeps_the_page_and_refuses_open_redirects,
    the_accounts_language_changes_only_through_its_form,
);
