//! Hostile partners: a test-only OpenID provider (an axum server on loopback) that signs bad ID
//! tokens on purpose — wrong audience or issuer, bad signature, expired, old `iat`, replayed
//! nonce, `alg: none`, HS256 — rotates its keys, answers slowly or not at all. Each case ends on a
//! 4xx page (424 with Retry-After when the partner is down), with no session, and no token in the log.

use axum::Json;
use axum::extract::State;
use axum::routing::{get, post};
use chrono::{Duration, Utc};
use openidconnect::core::{CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{
    Audience, EmptyAdditionalClaims, IssuerUrl, JsonWebKeyId, Nonce, PrivateSigningKey, StandardClaims,
    SubjectIdentifier,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

use crate::helpers::{Backend, Browser, Page, TestApp};
use crate::oidc::{add_partner, partner_config, query_param, start};

const SECRET: &str = "hostile-client-secret";

fn key(n: u8) -> CoreRsaPrivateSigningKey {
    let pem = match n {
        1 => include_str!("keys/test-rsa-1.pem"),
        _ => include_str!("keys/test-rsa-2.pem"),
    };
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(format!("kid-{n}")))).unwrap()
}

#[derive(Default)]
struct Behaviour {
    jwks: Value,
    id_token: Option<String>,
    token_error: bool,
    delay_secs: u64,
}

#[derive(Clone)]
struct Fake {
    issuer: String,
    behaviour: Arc<Mutex<Behaviour>>,
}

async fn discovery(State(f): State<Fake>) -> Json<Value> {
    let delay = f.behaviour.lock().unwrap().delay_secs;
    tokio::time::sleep(std::time::Duration::from_secs(delay)).await;
    let i = &f.issuer;
    Json(json!({
        "issuer": i, "authorization_endpoint": format!("{i}/auth"), "token_endpoint": format!("{i}/token"),
        "jwks_uri": format!("{i}/jwks"), "response_types_supported": ["code"],
        "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

async fn jwks(State(f): State<Fake>) -> Json<Value> {
    Json(f.behaviour.lock().unwrap().jwks.clone())
}

async fn token(State(f): State<Fake>) -> (StatusCode, Json<Value>) {
    let b = f.behaviour.lock().unwrap();
    if b.token_error {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_grant"})));
    }
    let mut body = json!({"access_token": "access-token-value", "token_type": "Bearer", "expires_in": 300});
    if let Some(t) = &b.id_token {
        body["id_token"] = json!(t);
    }
    (StatusCode::OK, Json(body))
}

impl Fake {
    async fn start() -> Fake {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let fake = Fake { issuer, behaviour: Arc::default() };
        fake.publish(&[1]);
        let app = axum::Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        fake
    }

    /// Publishes these keys (by number) as the provider's JWKS.
    fn publish(&self, keys: &[u8]) {
        let list: Vec<Value> =
            keys.iter().map(|n| serde_json::to_value(key(*n).as_verification_key()).unwrap()).collect();
        self.behaviour.lock().unwrap().jwks = json!({ "keys": list });
    }

    fn will_return(&self, id_token: Option<String>) {
        self.behaviour.lock().unwrap().id_token = id_token;
    }
}

/// What a token carries; each case changes one thing.
struct Claims {
    iss: String,
    aud: String,
    nonce: String,
    iat: chrono::DateTime<Utc>,
    exp: chrono::DateTime<Utc>,
}

fn signed(c: &Claims, key_no: u8) -> String {
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(c.iss.clone()).unwrap(),
        vec![Audience::new(c.aud.clone())],
        c.exp,
        c.iat,
        StandardClaims::new(SubjectIdentifier::new("dana".into())),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(c.nonce.clone())));
    let token = CoreIdToken::new(claims, &key(key_no), CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, None, None);
    serde_json::to_value(token.unwrap()).unwrap().as_str().unwrap().to_owned()
}

fn payload(c: &Claims) -> String {
    use base64::Engine;
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let body = json!({"iss": c.iss, "aud": c.aud, "sub": "dana", "nonce": c.nonce, "iat": c.iat.timestamp(), "exp": c.exp.timestamp()});
    b64(body)
}

fn unsigned(c: &Claims) -> String {
    use base64::Engine;
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    format!("{header}.{}.", payload(c))
}

fn hs256(c: &Claims) -> String {
    use base64::Engine;
    use hmac::{KeyInit, Mac};
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let signing_input = format!("{}.{}", e.encode(r#"{"alg":"HS256","typ":"JWT"}"#), payload(c));
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", e.encode(mac.finalize().into_bytes()))
}

/// Captures the server's log lines for the no-token-in-logs check.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts a sign-in, makes the fake answer with `make(claims)`, and comes back with `code`.
async fn attempt(app: &TestApp, fake: &Fake, make: impl FnOnce(&Claims) -> Option<String>) -> (Browser, Page, String) {
    let mut b = app.client();
    let url = start(&mut b, "hostile").await;
    let state = query_param(&url, "state").unwrap();
    let now = Utc::now();
    let claims = Claims {
        iss: fake.issuer.clone(),
        aud: "portail".into(),
        nonce: query_param(&url, "nonce").unwrap(),
        iat: now,
        exp: now + Duration::minutes(5),
    };
    assert!(url.contains("code_challenge_method=S256"), "PKCE always");
    let token = make(&claims);
    fake.will_return(token.clone());
    let page =
        b.get(&format!("/sign-in/partner/callback?code=code-value-1234&state={}", urlencoding::encode(&state))).await;
    (b, page, token.unwrap_or_default())
}

fn refused(b: &Browser, page: &Page, what: &str) {
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{what}: {}", page.body);
    assert!(page.body.contains("We could not confirm who you are"), "{what}: {}", page.body);
    assert!(!b.cookies.contains_key("__Host-portail-session"), "{what}: no session");
}

async fn hostile_tokens_are_refused(backend: Backend) {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let _ = tracing_subscriber::fmt().json().with_writer(move || writer.clone()).try_init();
    let fake = Fake::start().await;
    let config = partner_config(&fake.issuer, SECRET, "Hostile", "Hostile");
    let app = TestApp::spawn_with(backend, move |c| add_partner(c, "hostile", config)).await;
    let mut tokens = vec![];

    // The control: a well-made token is accepted (so each refusal below is about one thing).
    let (_b, page, t) = attempt(&app, &fake, |c| Some(signed(c, 1))).await;
    assert_eq!(page.location(), "/register/partner", "{}", page.body);
    tokens.push(t);
    let (_, _, earlier_nonce) = {
        let mut b = app.client();
        let url = start(&mut b, "hostile").await;
        (b, (), query_param(&url, "nonce").unwrap())
    };

    type Case = (&'static str, Box<dyn FnOnce(&Claims) -> Option<String>>);
    let other_issuer = format!("{}/other", fake.issuer);
    let cases: Vec<Case> = vec![
        ("wrong audience", Box::new(|c| Some(signed(&Claims { aud: "someone-else".into(), ..clone(c) }, 1)))),
        ("wrong issuer", Box::new(move |c| Some(signed(&Claims { iss: other_issuer, ..clone(c) }, 1)))),
        ("bad signature", Box::new(|c| Some(resign_with_kid1(&signed(c, 2))))),
        (
            "expired",
            Box::new(|c| {
                Some(signed(
                    &Claims { iat: c.iat - Duration::minutes(10), exp: c.iat - Duration::minutes(1), ..clone(c) },
                    1,
                ))
            }),
        ),
        ("issued long ago", Box::new(|c| Some(signed(&Claims { iat: c.iat - Duration::hours(2), ..clone(c) }, 1)))),
        ("replayed nonce", Box::new(move |c| Some(signed(&Claims { nonce: earlier_nonce, ..clone(c) }, 1)))),
        ("alg none", Box::new(|c| Some(unsigned(c)))),
        ("HS256 with the client secret", Box::new(|c| Some(hs256(c)))),
        ("no ID token", Box::new(|_| None)),
    ];
    for (what, make) in cases {
        let (b, page, t) = attempt(&app, &fake, make).await;
        refused(&b, &page, what);
        tokens.push(t);
    }

    // The partner refuses the code.
    fake.behaviour.lock().unwrap().token_error = true;
    let (b, page, _) = attempt(&app, &fake, |c| Some(signed(c, 1))).await;
    refused(&b, &page, "code refused by the partner");
    fake.behaviour.lock().unwrap().token_error = false;

    // A callback naming another issuer (mix-up defence, RFC 9207).
    let mut b = app.client();
    let url = start(&mut b, "hostile").await;
    let state = urlencoding::encode(&query_param(&url, "state").unwrap()).into_owned();
    let page = b.get(&format!("/sign-in/partner/callback?code=c&state={state}&iss=http%3A%2F%2Fevil.example")).await;
    refused(&b, &page, "iss parameter of another issuer");

    // Key rotation: a token signed with a key not yet seen is refused until the keys may be
    // fetched again (at most once a minute), then accepted.
    fake.publish(&[2]);
    let (b, page, _) = attempt(&app, &fake, |c| Some(signed(c, 2))).await;
    refused(&b, &page, "new key within a minute of the last fetch");
    app.advance(Duration::seconds(61));
    let (_, page, _) = attempt(&app, &fake, |c| Some(signed(c, 2))).await;
    assert_eq!(page.location(), "/register/partner", "rotated key fetched and accepted: {}", page.body);

    let log = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("partner_sign_in_refused") && log.contains("token-audience"), "refusals logged");
    for t in tokens.iter().filter(|t| !t.is_empty()) {
        let signature = t.rsplit('.').next().unwrap();
        assert!(!log.contains(t.as_str()) && (signature.is_empty() || !log.contains(signature)), "token in the log");
    }
    assert!(!log.contains("code-value-1234") && !log.contains("access-token-value"), "no code or token in the log");
}

fn clone(c: &Claims) -> Claims {
    Claims { iss: c.iss.clone(), aud: c.aud.clone(), nonce: c.nonce.clone(), iat: c.iat, exp: c.exp }
}

/// A token signed by key 2 whose header claims key 1: the signature cannot match.
fn resign_with_kid1(token: &str) -> String {
    use base64::Engine;
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts = token.splitn(3, '.');
    let header: Value = serde_json::from_slice(&e.decode(parts.next().unwrap()).unwrap()).unwrap();
    let mut header = header;
    header["kid"] = json!("kid-1");
    format!("{}.{}.{}", e.encode(header.to_string()), parts.next().unwrap(), parts.next().unwrap())
}

/// A partner that is down or slow: a clear page (424 Failed Dependency, Retry-After) and the other ways to sign
/// in keep working. The slow partner answers after 5 s, past the 1 s limit: without the limit the
/// sign-in would go on to the partner (a 303) instead.
async fn partner_down_or_slow(backend: Backend) {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let slow = Fake::start().await;
    slow.behaviour.lock().unwrap().delay_secs = 5;
    let down = partner_config(&format!("http://127.0.0.1:{closed}"), SECRET, "Down Bank", "Banque en panne");
    let slow_config = partner_config(&slow.issuer, SECRET, "Slow Bank", "Banque lente");
    let app = TestApp::spawn_with(backend, move |c| {
        add_partner(c, "down", down);
        add_partner(c, "slow", slow_config);
        c.web.partner_timeout_secs = 1;
    })
    .await;
    let mut b = app.client();
    b.lang = Some("fr");
    for (id, name) in [("down", "Banque en panne"), ("slow", "Banque lente")] {
        let page = b.get(&format!("/sign-in/partner/{id}")).await;
        assert_eq!(page.status, StatusCode::FAILED_DEPENDENCY, "{id}: {}", page.body);
        assert_eq!(page.header("retry-after"), "60");
        assert!(page.body.contains(&format!("{name} ne répond pas")), "{}", page.body);
        assert!(!b.cookies.contains_key("__Host-portail-session"));
    }
    let (_, person) = app.registered("still-works").await;
    let _ = app.sign_in(&person).await;
}

crate::on_both_databases!(hostile_tokens_are_refused, partner_down_or_slow);
