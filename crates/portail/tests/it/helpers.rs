//! `TestApp`: the real server started on port 0 against a fresh database, a real SMTP server,
//! and an HTTP client that keeps cookies the way a browser does.

use chrono::Duration;
use portail::config::{Config, MailMode};
use portail::server::{self, Running};
use portail_app::clock::Clock;
use portail_domain::totp::TotpSecret;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use secrecy::SecretString;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::smtp::SmtpSink;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each listed `async fn name(backend: Backend)` as two tests: `sqlite::name` and
/// `postgres::name`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}

pub const PASSWORD: &str = "correct horse battery staple 42";

pub struct TestApp {
    pub base: String,
    pub smtp: SmtpSink,
    pub clock: Clock,
    pub running: Option<Running>,
    pub data_dir: PathBuf,
    pub database_url: String,
}

/// A fresh database URL for one test.
pub async fn fresh_database(backend: Backend) -> (String, PathBuf) {
    let dir = std::env::temp_dir().join(format!("portail-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    match backend {
        Backend::Sqlite => (format!("sqlite:{}", dir.join("test.db").display()), dir),
        Backend::Postgres => {
            let admin = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
                panic!("TEST_DATABASE_URL is not set: PostgreSQL tests need a server (scripts/test sets it)")
            });
            let name = format!("portail_t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
            (format!("{base}/{name}"), dir)
        }
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let smtp = SmtpSink::start().await;
        let (database_url, data_dir) = fresh_database(backend).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let mut config = Config {
            database_url: Some(SecretString::from(database_url.clone())),
            data_dir: data_dir.clone(),
            ..Config::default()
        };
        config.mail.mode = MailMode::Smtp;
        config.mail.smtp_port = smtp.port;
        config.mail.poll_millis = 100;
        config.web.public_url = base.clone();
        adjust(&mut config);
        let clock = Clock::default();
        let running = server::start(config, listener, clock.clone()).await.unwrap();
        TestApp { base, smtp, clock, running: Some(running), data_dir, database_url }
    }

    pub fn store(&self) -> &portail_store::Store {
        &self.running.as_ref().unwrap().store
    }

    pub fn client(&self) -> Browser {
        Browser::new(&self.base)
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Registers, confirms the email, enrols TOTP: returns the signed-in browser and what the
    /// person would have written down.
    pub async fn registered(&self, username: &str) -> (Browser, Person) {
        let mut b = self.client();
        let email = format!("{username}@example.com");
        b.get("/register").await;
        let r = b
            .submit(
                "/register",
                &[("username", username), ("email", &email), ("password", PASSWORD), ("password_confirm", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), "/register/confirm-email");
        let (secret, codes) = self.confirm_and_enrol(&mut b, &email, 0).await;
        let home = b.get("/home").await;
        assert_eq!(home.status, StatusCode::OK);
        (b, Person { username: username.to_owned(), password: PASSWORD.to_owned(), email, secret, recovery: codes })
    }

    /// Finishes setting up an account whose confirmation code was mailed to `email` (the `nth`
    /// mail there): confirms the address, enrols TOTP; returns the secret and the recovery codes.
    pub async fn confirm_and_enrol(&self, b: &mut Browser, email: &str, nth: usize) -> (TotpSecret, Vec<String>) {
        let mail = self.smtp.wait_for(email, nth).await;
        let code = six_or_eight_digits(&mail.body(), 8);
        b.get("/register/confirm-email").await;
        let r = b.submit("/register/confirm-email", &[("code", &code)]).await;
        assert_eq!(r.location(), "/mfa/enrol", "{}", r.body);
        let page = b.get("/mfa/enrol").await;
        assert!(page.body.contains("<svg"), "QR code shown inline");
        let secret_text = between(&page.body, "id=\"totp-secret\">", "<").replace(' ', "");
        let secret = TotpSecret::from_base32(&secret_text).expect("secret shown in text");
        let code = secret.code_at(self.clock.now()).unwrap();
        let seal = between(&page.body, "name=\"seal\" value=\"", "\"");
        let r = b.submit("/mfa/enrol", &[("secret", &secret.to_base32()), ("seal", seal), ("code", &code)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let codes: Vec<String> =
            r.body.split("<li><code>").skip(1).map(|s| s.split('<').next().unwrap().to_owned()).collect();
        assert_eq!(codes.len(), 10, "ten recovery codes");
        (secret, codes)
    }

    /// A staff account made as an operator makes one, signed in with MFA enrolled.
    pub async fn staff(&self, username: &str, role: &str) -> (Browser, Person) {
        let email = format!("{username}@agency.example");
        let password = portail::demo::create_staff(self.store(), username, &email, role).await.unwrap();
        let mut b = self.client();
        b.get("/sign-in").await;
        let r = b.submit("/sign-in", &[("username", username), ("password", &password)]).await;
        assert_eq!(r.location(), "/mfa/enrol", "staff enrol MFA at their first sign-in: {}", r.body);
        let page = b.get("/mfa/enrol").await;
        let secret =
            TotpSecret::from_base32(&between(&page.body, "id=\"totp-secret\">", "<").replace(' ', "")).unwrap();
        let seal = between(&page.body, "name=\"seal\" value=\"", "\"").to_owned();
        let code = secret.code_at(self.clock.now()).unwrap();
        let r = b.submit("/mfa/enrol", &[("secret", &secret.to_base32()), ("seal", &seal), ("code", &code)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        b.get("/office").await;
        (b, Person { username: username.to_owned(), password, email, secret, recovery: vec![] })
    }

    /// The current TOTP code, moving the clock to the next step first so that it was never used.
    pub fn fresh_code(&self, p: &Person) -> String {
        self.advance(Duration::seconds(30));
        p.secret.code_at(self.clock.now()).unwrap()
    }

    pub async fn sign_in(&self, p: &Person) -> Browser {
        let mut b = self.client();
        b.get("/sign-in").await;
        let r = b.submit("/sign-in", &[("username", &p.username), ("password", &p.password)]).await;
        assert_eq!(r.location(), "/sign-in/verify", "{}", r.body);
        b.get("/sign-in/verify").await;
        let code = self.fresh_code(p);
        let r = b.submit("/sign-in/verify", &[("code", &code)]).await;
        assert!(matches!(r.location().as_str(), "/home" | "/office"), "{}", r.body);
        b
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

pub struct Person {
    pub username: String,
    pub password: String,
    pub email: String,
    pub secret: TotpSecret,
    pub recovery: Vec<String>,
}

pub fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).map(|i| i + start.len()).unwrap_or_else(|| panic!("{start:?} not in page"));
    let rest = &s[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The first run of exactly `n` digits in `text`.
pub fn six_or_eight_digits(text: &str, n: usize) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == n)
        .unwrap_or_else(|| panic!("no {n}-digit code in {text}"))
        .to_owned()
}

#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> String {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
    }
}

/// An HTTP client that behaves like a browser for cookies (including `__Host-`/`Secure` ones on
/// http://127.0.0.1) and remembers the CSRF token of the last page.
pub struct Browser {
    base: String,
    http: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    pub csrf: String,
    pub lang: Option<&'static str>,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
            .build()
            .unwrap();
        Browser { base: base.to_owned(), http, cookies: BTreeMap::new(), csrf: String::new(), lang: None }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for v in headers.get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    /// `GET path` with extra request headers.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut req = self.http.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    pub async fn send(&mut self, req: reqwest::RequestBuilder) -> Page {
        let mut req = req.header("cookie", self.cookie_header());
        if let Some(l) = self.lang {
            req = req.header("accept-language", l);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        self.keep_cookies(&headers);
        let body = res.text().await.unwrap();
        if body.contains("name=\"csrf\" value=\"") {
            self.csrf = between(&body, "name=\"csrf\" value=\"", "\"").to_owned();
        }
        Page { status, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = self.http.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// Posts a form with the CSRF token of the last page seen.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        all.push(("csrf", &csrf));
        self.post_raw(path, "application/x-www-form-urlencoded", serde_urlencoded_like(&all)).await
    }

    pub async fn post_raw(&mut self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> Page {
        let req = self.http.post(format!("{}{path}", self.base)).header("content-type", content_type).body(body);
        self.send(req).await
    }
}

pub fn serde_urlencoded_like(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A route pattern with its parameters filled in (unknown ids, real type and section names).
pub fn concrete(pattern: &str) -> String {
    pattern
        .replace("{id}", &uuid::Uuid::new_v4().to_string())
        .replace("{member}", &uuid::Uuid::new_v4().to_string())
        .replace("{doc}", &uuid::Uuid::new_v4().to_string())
        .replace("{item}", "passport:principal")
        .replace("{letter}", &uuid::Uuid::new_v4().to_string())
        .replace("{rid}", &uuid::Uuid::new_v4().to_string())
        .replace("{index}", "0")
        .replace("{task}", "presence")
        .replace("{code}", "fr")
        .replace("{type}", "visitor-visa")
        .replace("{section}", "personal")
}

impl Browser {
    /// Uploads `bytes` as `file_name` in a multipart form, CSRF token first as a browser sends it.
    pub async fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Page {
        let csrf = self.csrf.clone();
        let (boundary, body) = multipart(&[("csrf", &csrf)], Some((file_name, bytes)));
        self.post_raw(path, &format!("multipart/form-data; boundary={boundary}"), body).await
    }
}

impl Browser {
    /// Posts a multipart form: the CSRF token first, then `fields`, then an optional file.
    pub async fn submit_multipart(&mut self, path: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Page {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let (boundary, body) = multipart(&all, file);
        self.post_raw(path, &format!("multipart/form-data; boundary={boundary}"), body).await
    }
}

/// A multipart/form-data body: text fields, then an optional file field named `file`.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = format!("----portail{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    if let Some((name, bytes)) = file {
        let escaped = name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{escaped}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

/// A small valid one-page PDF, with `padding` bytes of stream data to make it as large as needed.
pub fn pdf(padding: usize) -> Vec<u8> {
    pdf_with("", padding)
}

/// [`pdf`] with `extra` entries in its catalog (e.g. an `/OpenAction` that runs JavaScript).
pub fn pdf_with(extra: &str, padding: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let objects = [
        format!("<< /Type /Catalog /Pages 2 0 R {extra}>>"),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_owned(),
    ];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    offsets.push(out.len());
    let content = format!("BT /F1 12 Tf 72 712 Td (portail test document) Tj ET\n{}", "%".repeat(padding));
    out.extend(format!("4 0 obj\n<< /Length {} >>\nstream\n{content}\nendstream\nendobj\n", content.len()).as_bytes());
    let xref = out.len();
    out.extend(b"xref\n0 5\n0000000000 65535 f \n");
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

/// A file as the back office reaches it (tests read the store with it).
pub async fn office_file(store: &portail_store::Store, id: &str) -> portail_store::FileRef {
    let id = uuid::Uuid::parse_str(id).unwrap();
    store.reach_file(portail_domain::policy::Reach::Office, id).await.unwrap().expect("a submitted file")
}

/// The audited actions on `target` (e.g. `account:marie`), oldest first, read from the database.
pub async fn audit_actions(app: &TestApp, target: &str) -> Vec<(String, String)> {
    audit_pairs(app, "SELECT action, detail FROM audit_log WHERE target = $1 ORDER BY seq", target).await
}

/// Who did what to `target`: (actor, action), oldest first.
pub async fn audit_actors(app: &TestApp, target: &str) -> Vec<(String, String)> {
    audit_pairs(app, "SELECT actor, action FROM audit_log WHERE target = $1 ORDER BY seq", target).await
}

/// The mails of one kind in the outbox, sent or not: (to, subject), oldest first.
pub async fn outbox_of_kind(app: &TestApp, kind: &str) -> Vec<(String, String)> {
    audit_pairs(app, "SELECT to_address, subject FROM outbox WHERE kind = $1 ORDER BY created_at, to_address", kind)
        .await
}

pub async fn audit_pairs(app: &TestApp, q: &'static str, target: &str) -> Vec<(String, String)> {
    if app.database_url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        sqlx::query_as(q).bind(target).fetch_all(&mut c).await.unwrap()
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        sqlx::query_as(q).bind(target).fetch_all(&mut c).await.unwrap()
    }
}
