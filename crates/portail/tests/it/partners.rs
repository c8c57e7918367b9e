//! Sign-In Partners against the certified `oidc-provider`: first visit creates the account (email
//! confirmed), later visits land on "My applications", (issuer, subject) keys identities — two
//! partners with the same subject and email are two people — sign out here and at the partner,
//! TOTP added by choice, and every state rule of the callback.

use chrono::Duration;
use portail_domain::totp::TotpSecret;
use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, TestApp, between, six_or_eight_digits};
use crate::oidc::{ProviderSession, RealProvider, add_partner, start};
use crate::on_both_databases;

struct World {
    app: TestApp,
    _a: RealProvider,
    _b: RealProvider,
}

async fn world(backend: Backend) -> World {
    let a = RealProvider::start("bank-a").await;
    let b = RealProvider::start("bank-b").await;
    let (ca, cb) = (a.config("Bank A", "Banque A"), b.config("Bank B", "Banque B"));
    let app = TestApp::spawn_with(backend, move |c| {
        add_partner(c, "bank-a", ca);
        add_partner(c, "bank-b", cb);
    })
    .await;
    World { app, _a: a, _b: b }
}

/// A first visit: partner login, then the email page, then the emailed code. Returns the
/// signed-in browser.
async fn first_visit(app: &TestApp, partner: &str, login: &str, at: &mut ProviderSession) -> Browser {
    let email = format!("{login}@example.test");
    let earlier = app.smtp.all().await.iter().filter(|m| m.to.contains(&email)).count();
    let mut b = app.client();
    let page = b.get("/sign-in").await;
    assert!(page.body.contains(&format!("href=\"/sign-in/partner/{partner}\"")), "partner offered");
    let url = start(&mut b, partner).await;
    let callback = at.authorize(&url, login).await;
    let r = b.get(&callback).await;
    assert_eq!(r.location(), "/register/partner", "{}", r.body);
    assert!(!b.cookies.contains_key("__Host-portail-partner"), "binding cookie cleared");
    let page = b.get("/register/partner").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("value=\"{email}\"")), "the partner's address is suggested");
    let r = b.submit("/register/partner", &[("email", &email)]).await;
    assert_eq!(r.location(), "/register/confirm-email", "{}", r.body);
    let mail = app.smtp.wait_for(&email, earlier).await;
    let code = six_or_eight_digits(&mail.body(), 8);
    b.get("/register/confirm-email").await;
    let r = b.submit("/register/confirm-email", &[("code", &code)]).await;
    assert_eq!(r.location(), "/home", "no MFA enrolment forced: the partner did it");
    assert_eq!(b.get("/home").await.status, StatusCode::OK);
    b
}

async fn sign_up_sign_out_and_back(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let mut at_a = ProviderSession::new();
    let mut b = first_visit(app, "bank-a", "alice", &mut at_a).await;
    let account = b.get("/account").await;
    assert!(account.body.contains("Sign-In Partner: Bank A"), "{}", account.body);
    assert!(account.body.contains("urn:portail:test:loa2") && account.body.contains("pwd otp"), "acr/amr shown");
    assert!(!account.body.contains("/account/password"), "no password to change");

    // Sign out: offered the partner's sign-out too, which leads to the provider's end_session.
    let r = b.submit("/sign-out", &[]).await;
    assert_eq!(r.location(), "/sign-in?m=signed-out&partner=bank-a");
    let page = b.get(&r.location()).await;
    assert!(page.body.contains("href=\"/sign-in/partner/bank-a/sign-out\""), "{}", page.body);
    let r = b.get("/sign-in/partner/bank-a/sign-out").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().contains("/session/end?") && r.location().contains("client_id=portail"), "{}", r.location());
    assert_eq!(b.get("/home").await.status, StatusCode::SEE_OTHER, "signed out here");

    // A later visit lands straight on "My applications", as the same account.
    let url = start(&mut b, "bank-a").await;
    let callback = at_a.authorize(&url, "alice").await;
    let r = b.get(&callback).await;
    assert_eq!(r.location(), "/home", "{}", r.body);
    assert_eq!(b.get("/home").await.status, StatusCode::OK);
    let store = app.store();
    let first = store.partner_identity(&w._a.issuer, "alice").await.unwrap().unwrap();
    let username = store.account(first.account_id).await.unwrap().unwrap().username;
    let audited = crate::helpers::audit_actions(app, &format!("account:{username}")).await;
    assert_eq!(audited, [("account_registered".to_owned(), "bank-a".to_owned())], "made once, audited with it");

    // The same subject and the same email at another partner is another person.
    let mut at_b = ProviderSession::new();
    let _other = first_visit(app, "bank-b", "alice", &mut at_b).await;
    let second = store.partner_identity(&w._b.issuer, "alice").await.unwrap().unwrap();
    assert_ne!(first.account_id, second.account_id, "nothing merged by subject or email");
    assert_eq!(store.accounts_by_email("alice@example.test").await.unwrap().len(), 2);
}

async fn totp_added_by_choice(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let mut at = ProviderSession::new();
    let mut b = first_visit(app, "bank-a", "bob", &mut at).await;
    // Adding TOTP needs an authentication of the last 5 minutes: at the partner, with prompt=login.
    app.advance(Duration::minutes(6));
    let r = b.get("/account/mfa").await;
    assert_eq!(r.location(), "/account/reauth");
    let r = b.get("/account/reauth").await;
    assert!(r.location().starts_with("/account/reauth/partner"), "{}", r.location());
    let r = b.get(&r.location()).await;
    let url = r.location();
    assert!(url.contains("prompt=login") && url.contains("max_age=0"), "partner asked to authenticate afresh");
    let callback = at.authorize(&url, "bob").await;
    let r = b.get(&callback).await;
    assert_eq!(r.location(), "/account/mfa", "{}", r.body);
    let page = b.get("/account/mfa").await;
    let secret = TotpSecret::from_base32(&between(&page.body, "id=\"totp-secret\">", "<").replace(' ', "")).unwrap();
    let seal = between(&page.body, "name=\"seal\" value=\"", "\"").to_owned();
    let code = secret.code_at(app.clock.now()).unwrap();
    let r = b.submit("/account/mfa", &[("secret", &secret.to_base32()), ("seal", &seal), ("code", &code)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let account = b.get("/account").await;
    assert!(account.body.contains("then a code from your authenticator app"), "{}", account.body);

    // From now on the partner is not enough: a TOTP code follows.
    let mut fresh = app.client();
    let url = start(&mut fresh, "bank-a").await;
    let callback = at.authorize(&url, "bob").await;
    assert_eq!(fresh.get(&callback).await.location(), "/sign-in/verify");
    assert_eq!(fresh.get("/home").await.status, StatusCode::SEE_OTHER, "not signed in before the code");
    fresh.get("/sign-in/verify").await;
    app.advance(Duration::seconds(30));
    let code = secret.code_at(app.clock.now()).unwrap();
    assert_eq!(fresh.submit("/sign-in/verify", &[("code", &code)]).await.location(), "/home");
    let account = fresh.get("/account").await;
    assert!(account.body.contains("Sign-In Partner: Bank A"), "the session still knows its partner");
}

/// Every way a callback can be wrong ends on a clear page, a 4xx, and no session.
async fn callback_state_rules(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let refused = |r: &crate::helpers::Page, b: &Browser, what: &str| {
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
        assert!(r.body.contains("<h1>Sign-in through a partner did not work</h1>"), "{what}");
        assert!(!b.cookies.contains_key("__Host-portail-session"), "{what}: no session");
    };
    let mut at = ProviderSession::new();
    // Missing and unknown state.
    let mut b = app.client();
    let r = b.get("/sign-in/partner/callback?code=x").await;
    refused(&r, &b, "missing state");
    let r = b.get("/sign-in/partner/callback?code=x&state=forged").await;
    refused(&r, &b, "unknown state");
    // A callback in another browser (no binding cookie) is refused, and uses the state up.
    let url = start(&mut b, "bank-a").await;
    let callback = at.authorize(&url, "carol").await;
    let mut other = app.client();
    let r = other.get(&callback).await;
    refused(&r, &other, "other browser");
    let r = b.get(&callback).await;
    refused(&r, &b, "state used by the refused attempt");
    // Reused state after a success.
    let url = start(&mut b, "bank-a").await;
    let callback = at.authorize(&url, "carol").await;
    assert_eq!(b.get(&callback).await.location(), "/register/partner");
    let mut replay = app.client();
    replay.cookies = b.cookies.clone();
    replay.cookies.remove("__Host-portail-session");
    let r = replay.get(&callback).await;
    refused(&r, &replay, "replayed callback");
    // Expired state: more than 10 minutes at the partner.
    let mut late = app.client();
    let url = start(&mut late, "bank-a").await;
    let callback = at.authorize(&url, "carol").await;
    app.advance(Duration::minutes(11));
    let r = late.get(&callback).await;
    refused(&r, &late, "expired");
    assert!(r.body.contains("more than 10 minutes"));
    // The person cancels at the partner (an error comes back instead of a code), in French.
    let mut fr = app.client();
    fr.lang = Some("fr");
    let url = start(&mut fr, "bank-b").await;
    let state = crate::oidc::query_param(&url, "state").unwrap();
    let r =
        fr.get(&format!("/sign-in/partner/callback?error=access_denied&state={}", urlencoding::encode(&state))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Vous avez annulé la connexion chez Banque B"), "{}", r.body);
    // Unknown partner.
    let r = fr.get("/sign-in/partner/no-such-bank").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Aucun partenaire de connexion"));
}

on_both_databases!(sign_up_sign_out_and_back, totp_added_by_choice, callback_state_rules);
