//! Security rules as tests: headers and cookies, CSRF on every form, the access matrix, hostile
//! input, error pages, password hashing parameters, operations endpoints.

use portail_web::{Access, ROUTES};
use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, PASSWORD, TestApp};
use crate::on_both_databases;

async fn every_page_carries_security_headers_and_strict_cookies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut anon = app.client();
    let (mut signed_in, _) = app.registered("headers.check").await;
    for (signed, path) in [(false, "/"), (false, "/no-such-page"), (true, "/home"), (true, "/account")] {
        let b = if signed { &mut signed_in } else { &mut anon };
        let r = b.get(path).await;
        let csp = r.header("content-security-policy");
        for part in [
            "default-src 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "script-src 'self'",
        ] {
            assert!(csp.contains(part), "{path}: CSP lacks {part}");
        }
        assert!(r.header("strict-transport-security").contains("max-age=31536000"));
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
        assert_eq!(r.header("content-type"), "text/html; charset=utf-8", "{path}");
        assert!(!r.header("x-request-id").is_empty());
    }
    // A request id from the caller is echoed only when it looks like one; anything else is replaced.
    let with_id = |id: &'static str| {
        reqwest::Client::new().get(format!("{}/healthz", app.base)).header("x-request-id", id).send()
    };
    let kept = with_id("lb-7f3a.9_c-1").await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.9_c-1");
    let long = "a123456789b123456789c123456789d123456789e123456789f123456789g1234";
    for forged in ["<script>alert(1)</script>", "a b", "%0d%0aSet-Cookie:x", long] {
        let r = with_id(forged).await.unwrap();
        let echoed = r.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(echoed != forged && uuid::Uuid::parse_str(&echoed).is_ok(), "{forged:?} → {echoed:?}");
    }
    let r = app.client().get("/").await;
    let cookie = r.header("set-cookie");
    assert!(
        cookie.starts_with("__Host-portail-csrf=") && cookie.contains("; Path=/; Secure; HttpOnly; SameSite=Lax"),
        "{cookie}"
    );
    let mut b = app.client();
    b.get("/sign-in").await;
    let r = b.submit("/sign-in", &[("username", "headers.check"), ("password", PASSWORD)]).await;
    let session = r.header("set-cookie");
    assert!(session.starts_with("__Host-portail-session=") && session.contains("Secure; HttpOnly; SameSite=Lax"));
    let token = session.split(['=', ';']).nth(1).unwrap();
    assert_eq!(token.len(), 64, "256-bit session token");
    // The stored form is a digest, not the token.
    let rows = app
        .store()
        .sessions_of(app.store().account_by_username("headers.check").await.unwrap().unwrap().id)
        .await
        .unwrap();
    assert!(rows.iter().all(|s| s.token_hash != token));
}

async fn forms_without_a_valid_csrf_token_do_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut full, _) = app.registered("csrf.check").await;
    let (mut staff, _) = app.staff("csrf.officer", "officer").await;
    let (mut admin, _) = app.staff("csrf.admin", "administrator").await;
    let mut anon = app.client();
    anon.get("/").await;
    for (method, path, access) in ROUTES {
        // Multipart forms (uploads, applicants' messages): their CSRF check is tested with them.
        let multipart = path.contains("/documents/")
            || path.contains("/items/")
            || *path == "/applications/{id}/messages"
            || *path == "/pr/files/{id}/photo"
            || *path == "/representative/proof";
        if *method != "POST" || matches!(access, Access::SecondFactor | Access::Setup) || multipart {
            continue;
        }
        let b: &mut Browser = match access {
            Access::Full => &mut full,
            Access::Staff => &mut staff,
            Access::Admin => &mut admin,
            _ => &mut anon,
        };
        let path = crate::helpers::concrete(path);
        for token in ["", "0000", "forged-token-value"] {
            let body = format!("csrf={token}&username=csrf.check&password=x");
            let r = b.post_raw(&path, "application/x-www-form-urlencoded", body).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} with token {token:?}");
            assert!(r.body.contains("This form has expired"), "{path}");
        }
    }
    // A token from another browser does not work either.
    let r = anon.post_raw("/sign-out", "application/x-www-form-urlencoded", format!("csrf={}", full.csrf)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(full.get("/home").await.status, StatusCode::OK, "still signed in");
}

/// The documented table of routes is the one the real router serves: same methods, same paths,
/// same access levels, nothing more and nothing less.
async fn the_route_table_is_the_real_router(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let served: std::collections::BTreeSet<_> = portail_web::routes(&app.running.as_ref().unwrap().state)
        .into_iter()
        .map(|(m, p, a)| (m, p, format!("{a:?}")))
        .collect();
    let documented: std::collections::BTreeSet<_> = ROUTES.iter().map(|(m, p, a)| (*m, *p, format!("{a:?}"))).collect();
    let missing: Vec<_> = documented.difference(&served).collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    assert!(missing.is_empty(), "in ROUTES but not served: {missing:?}");
    assert!(undocumented.is_empty(), "served but not in ROUTES: {undocumented:?}");
    assert_eq!(served.len(), ROUTES.len(), "no route listed twice");
    // And the router answers as the table says: a method that is not listed is not routed (405),
    // asked by someone the route's guard lets through.
    let mut anon = app.client();
    let (mut applicant, _) = app.registered("table.applicant").await;
    let (mut admin, _) = app.staff("table.admin", "administrator").await;
    for (method, path, access) in ROUTES.iter().filter(|(_, p, _)| !p.contains("partner")) {
        let b = match access {
            Access::Public => &mut anon,
            Access::Full => &mut applicant,
            Access::Staff | Access::Admin => &mut admin,
            Access::SecondFactor | Access::Setup => continue,
        };
        let other = if *method == "GET" { "POST" } else { "GET" };
        if ROUTES.iter().any(|(m, p, _)| m == &other && p == path) {
            continue;
        }
        let url = crate::helpers::concrete(path);
        let r = if other == "GET" { b.get(&url).await } else { b.post_raw(&url, "text/plain", "").await };
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{other} {path} is not a route");
    }
}

/// Every route × every kind of visitor: routes a visitor may not reach send them to the right
/// place, and never run.
async fn the_access_matrix_holds_for_every_route(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("matrix.user").await;
    let full = app.sign_in(&p).await;
    let mut second = app.client();
    second.get("/sign-in").await;
    second.submit("/sign-in", &[("username", "matrix.user"), ("password", PASSWORD)]).await;
    let mut setup = app.client();
    setup.get("/register").await;
    setup
        .submit(
            "/register",
            &[
                ("username", "matrix.setup"),
                ("email", "s@example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    let mut anon = app.client();
    anon.get("/").await;
    let (staff, _) = app.staff("matrix.officer", "officer").await;
    let (admin, _) = app.staff("matrix.admin", "administrator").await;
    let mut visitors: Vec<(Access, Browser)> = vec![
        (Access::Public, anon),
        (Access::SecondFactor, second),
        (Access::Setup, setup),
        (Access::Full, full),
        (Access::Staff, staff),
        (Access::Admin, admin),
    ];
    for (method, path, access) in ROUTES {
        let path = crate::helpers::concrete(path);
        for (who, b) in visitors.iter_mut() {
            let allowed = match access {
                Access::Public => true,
                Access::SecondFactor => *who == Access::SecondFactor,
                Access::Setup => matches!(who, Access::Setup | Access::Full | Access::Staff | Access::Admin),
                Access::Full => matches!(who, Access::Full | Access::Staff | Access::Admin),
                Access::Staff => matches!(who, Access::Staff | Access::Admin),
                Access::Admin => *who == Access::Admin,
            };
            if allowed {
                continue;
            }
            let r = if *method == "GET" { b.get(&path).await } else { b.submit(&path, &[]).await };
            let signed_in = matches!(who, Access::Full | Access::Staff);
            if matches!(access, Access::Staff | Access::Admin) && signed_in {
                // The back office does not tell applicants it exists, nor officers what only
                // administrators reach.
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path} as {who:?}");
                continue;
            }
            let expected = match who {
                Access::Public => "/sign-in",
                Access::SecondFactor => "/sign-in/verify",
                Access::Setup => "/register/confirm-email",
                Access::Full | Access::Staff | Access::Admin => "/home",
            };
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{method} {path} as {who:?}");
            assert_eq!(r.location(), expected, "{method} {path} as {who:?}");
        }
    }
}

async fn hostile_bodies_get_a_clear_4xx_and_never_a_500(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    b.lang = Some("fr");
    b.get("/register").await;
    let csrf = b.csrf.clone();
    let form = "application/x-www-form-urlencoded";
    let big = format!("csrf={csrf}&username={}", "a".repeat(1 << 20));
    let r = b.post_raw("/register", form, big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("trop volumineux"), "{}", r.body);
    let r = b.post_raw("/register", "application/json", format!("{{\"csrf\":\"{csrf}\"}}")).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = b.post_raw("/register", form, format!("csrf={csrf}&username=a%00b&email=x")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("n'a pas pu être lu") || r.body.contains("n&#39;a pas pu être lu"), "{}", r.body);
    let r = b.post_raw("/register", form, format!("csrf={csrf}&username=%FF%FE%80&email=%E9t%E9@x.ca")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "bad UTF-8 is just a wrong value");
    let r = b.post_raw("/register", form, format!("csrf={csrf}&&&===&username")).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = b
        .post_raw(
            "/sign-in",
            form,
            format!("csrf={csrf}&username=%27%20OR%201%3D1%20--&password=%27%20OR%20%271%27%3D%271"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = b.post_raw("/sign-in", form, vec![0xffu8, 0xfe, 0x00, 0x01]).await;
    assert!(r.status.is_client_error());
    // Nothing was created by any of it.
    assert!(app.store().account_by_username("a").await.unwrap().is_none());
}

async fn unknown_pages_and_methods_get_translated_error_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut b = app.client();
    let r = b.get("/nowhere").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("We could not find that page"));
    b.lang = Some("fr");
    let r = b.get("/nowhere").await;
    assert!(
        r.body.contains("Nous n&#39;avons pas trouvé cette page")
            || r.body.contains("Nous n'avons pas trouvé cette page"),
        "{}",
        r.body
    );
    let r = b.post_raw("/", "application/x-www-form-urlencoded", "a=b").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.body.contains("<html lang=\"fr\">"));
    let r = b.get("/demo/mail").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "no demo pages outside the demo");
}

async fn passwords_are_hashed_with_argon2id_at_or_above_the_floor_and_upgraded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("hash.check").await;
    let store = app.store();
    let id = store.account_by_username("hash.check").await.unwrap().unwrap().id;
    let stored = store.password_hash(id).await.unwrap().unwrap();
    assert!(stored.starts_with("$argon2id$"));
    let (m, t, par) = portail_app::hashing::PasswordHasher::parameters_of(&stored).unwrap();
    assert!(m >= 19 * 1024 && t >= 2 && par == 1, "{m} {t} {par}");
    assert!(!stored.contains(PASSWORD));
    // An old, weaker hash is replaced at the next sign-in.
    let weak = portail_app::hashing::PasswordHasher::new(
        8 * 1024,
        1,
        1,
        portail_app::cpu_pool::CpuPool::new(1, "weak").unwrap(),
    )
    .unwrap()
    .hash(PASSWORD)
    .await
    .unwrap();
    store.set_password_hash(id, &weak, None, None, app.clock.now()).await.unwrap();
    app.sign_in(&p).await;
    let upgraded = store.password_hash(id).await.unwrap().unwrap();
    assert_ne!(upgraded, weak);
    let (m, t, _) = portail_app::hashing::PasswordHasher::parameters_of(&upgraded).unwrap();
    assert!(m >= 19 * 1024 && t >= 2);
}

async fn health_readiness_and_metrics_answer(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.web.metrics_token = Some("scraper-token-0123456789".to_owned().into());
    })
    .await;
    let mut b = app.client();
    assert_eq!(b.get("/healthz").await.body, "ok");
    assert_eq!(b.get("/readyz").await.body, "ready");
    b.get("/").await;
    // Not for anyone: without the token (or a listed address) /metrics does not exist.
    assert_eq!(b.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let scrape =
        |token: &str| reqwest::Client::new().get(format!("{}/metrics", app.base)).bearer_auth(token.to_owned()).send();
    assert_eq!(scrape("wrong-token").await.unwrap().status(), StatusCode::NOT_FOUND);
    let m = scrape("scraper-token-0123456789").await.unwrap().text().await.unwrap();
    assert!(m.contains("http_requests_total"), "{m}");
    let running = app.running.as_ref().unwrap();
    running.store.close().await;
    assert_eq!(b.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
}

async fn one_totp_code_sent_twice_at_once_is_accepted_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, p) = app.registered("race.code").await;
    let mut pending = Vec::new();
    for _ in 0..2 {
        let mut b = app.client();
        b.get("/sign-in").await;
        b.submit("/sign-in", &[("username", "race.code"), ("password", PASSWORD)]).await;
        b.get("/sign-in/verify").await;
        pending.push(b);
    }
    let code = app.fresh_code(&p);
    let (mut x, mut y) = (pending.remove(0), pending.remove(0));
    let fields = [("code", code.as_str())];
    let (r1, r2) = tokio::join!(x.submit("/sign-in/verify", &fields), y.submit("/sign-in/verify", &fields));
    let ok = [&r1, &r2].iter().filter(|r| r.location() == "/home").count();
    assert_eq!(ok, 1, "{} {}", r1.status, r2.status);
}

/// A storm of sign-ins past the hashing queue: the ones that do not fit are refused at once with
/// a 503, `Retry-After` and a page in the person's language — never a 500, never a longer wait —
/// and signing in works again as soon as the storm has passed.
async fn sign_ins_past_the_hashing_queue_are_refused_at_once_with_retry_after(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.web.hash_queue = 1).await;
    let (_, p) = app.registered("storm.owner").await;
    let mut browsers = Vec::new();
    for _ in 0..16 {
        let mut b = app.client();
        b.get("/lang/fr?next=/sign-in").await;
        b.get("/sign-in").await;
        browsers.push(b);
    }
    let fields = [("username", "storm.owner"), ("password", PASSWORD)];
    let answers = futures_util::future::join_all(browsers.iter_mut().map(|b| b.submit("/sign-in", &fields))).await;
    let refused: Vec<_> = answers.iter().filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE).collect();
    let passed = answers.iter().filter(|r| r.location() == "/sign-in/verify").count();
    assert_eq!(refused.len() + passed, answers.len(), "{:?}", answers.iter().map(|r| r.status).collect::<Vec<_>>());
    assert!(!refused.is_empty() && passed >= 1, "one place in the queue: {passed} passed of 16");
    for r in refused {
        assert_eq!(r.header("retry-after"), "1");
        assert!(r.body.contains("très sollicité"), "{}", r.body);
    }
    let mut b = app.client();
    b.get("/sign-in").await;
    let r = b.submit("/sign-in", &[("username", p.username.as_str()), ("password", PASSWORD)]).await;
    assert_eq!(r.location(), "/sign-in/verify", "the queue is free again");
}

on_both_databases!(
    every_page_carries_security_headers_and_strict_cookies,
    forms_without_a_valid_csrf_token_do_nothing,
    the_access_matrix_holds_for_every_route,
    the_route_table_is_the_real_router,
    hostile_bodies_get_a_clear_4xx_and_never_a_500,
    unknown_pages_and_methods_get_translated_error_pages,
    passwords_are_hashed_with_argon2id_at_or_above_the_floor_and_upgraded,
    health_readiness_and_metrics_answer,
    one_totp_code_sent_twice_at_once_is_accepted_once,
    sign_ins_past_the_hashing_queue_are_refused_at_once_with_retry_after,
);
