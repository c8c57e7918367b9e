//! Hostile input, generated: every form on the pages applicants, officers, administrators and
//! visitors see (read from the pages themselves, so a new form is covered the day it appears) is
//! sent with each of its fields replaced by each hostile value, then as invalid UTF-8, with a
//! field repeated, as the wrong content type and over the size limit. Every answer: no server
//! error, no markup reflected unescaped (on the answer and, afterwards, on every page walked),
//! and a refusal changes nothing in the database.

use reqwest::StatusCode;

use serde_json::{Value, json};

use crate::authz_cast::{Cast, assemble};
use crate::authz_table::{Whose, api_body, api_path};
use crate::helpers::{Backend, Browser, TestApp, serde_urlencoded_like};
use crate::on_both_databases;

/// The values every field gets, one at a time.
pub const HOSTILE: [&str; 24] = [
    "<script>alert('x')</script>",
    "\"><svg onload=alert(1)>",
    "' OR '1'='1' --",
    "'); DROP TABLE accounts; --",
    "\0",
    "line\r\nSet-Cookie: evil=1",
    "\u{202e}fdp.exe",
    "../../../../etc/passwd",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "javascript:alert(1)",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "",
    "   ",
    "\u{feff}\u{200b}",
    "&lt;b&gt;&amp;",
    "2026-02-30",
    "\u{1F600}\u{1F600}",
    "\u{1b}[31m\u{7}",
    "%00%0d%0a",
    "null",
    "[]",
];

/// Markup that must never come back as it was sent.
const REFLECTED: [&str; 2] = ["<script>alert('x')</script>", "<svg onload=alert(1)>"];

/// Forms whose purpose is to end or withdraw something: they have nothing to be hostile with,
/// and sending them would end the walk's own sessions and consents.
const SKIPPED: [&str; 9] = [
    "/sign-out",
    "/account/sessions/",
    "/revoke",
    "/withdraw\"",
    "/delete",
    "/remove",
    "/end",
    "/lang",
    "/session/keep-alive",
];

/// A form as the page shows it: where it posts and its fields with what the page filled in
/// (`None`: a box not ticked, sent only when it is the field being tried).
struct Form {
    action: String,
    fields: Vec<(String, Option<String>)>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].find('"').map(|end| &tag[start..start + end])
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The url-encoded forms of a page (upload forms are the upload corpus's business).
fn forms_of(html: &str) -> Vec<Form> {
    let mut forms = vec![];
    for chunk in html.split("<form").skip(1) {
        let Some((tag, rest)) = chunk.split_once('>') else { continue };
        let Some(action) = attr(tag, "action") else { continue };
        if !tag.contains("method=\"post\"") || tag.contains("multipart") {
            continue;
        }
        let mut fields: Vec<(String, Option<String>)> = vec![];
        let mut open_select: Option<usize> = None;
        for piece in rest.split("</form>").next().unwrap_or("").split('<').skip(1) {
            let (tag, text) = piece.split_once('>').unwrap_or((piece, ""));
            let name = attr(tag, "name").map(unescape);
            if let Some(name) = name.clone().filter(|_| tag.starts_with("input")) {
                let kind = attr(tag, "type").unwrap_or("text");
                if matches!(kind, "submit" | "button" | "file" | "image" | "reset") {
                    continue;
                }
                let ticked = !matches!(kind, "checkbox" | "radio") || tag.contains(" checked");
                let value = attr(tag, "value").map(unescape).unwrap_or_default();
                if !fields.iter().any(|(n, v)| *n == name && v.is_some()) {
                    fields.retain(|(n, _)| *n != name);
                    fields.push((name, ticked.then_some(value)));
                }
            } else if let Some(name) = name.clone().filter(|_| tag.starts_with("textarea")) {
                fields.push((name, Some(unescape(text))));
            } else if let Some(name) = name.filter(|_| tag.starts_with("select")) {
                fields.push((name, None));
                open_select = Some(fields.len() - 1);
            } else if let (Some(i), true) = (open_select, tag.starts_with("option"))
                && (fields[i].1.is_none() || tag.contains(" selected"))
            {
                fields[i].1 = Some(unescape(attr(tag, "value").unwrap_or(text)));
            }
        }
        forms.push(Form { action: unescape(action), fields });
    }
    forms
}

/// A connection to the test's database, to count what it holds.
enum Db {
    Lite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

impl Db {
    async fn open(app: &TestApp) -> Db {
        use sqlx::Connection;
        if app.database_url.starts_with("sqlite:") {
            Db::Lite(sqlx::SqliteConnection::connect(&app.database_url).await.unwrap())
        } else {
            Db::Pg(sqlx::PgConnection::connect(&app.database_url).await.unwrap())
        }
    }

    /// What the database holds, counted: a refusal must leave it as it was.
    async fn fingerprint(&mut self) -> String {
        const TABLES: [&str; 18] = [
            "accounts",
            "api_tokens",
            "applications",
            "application_events",
            "calendar_feeds",
            "consents",
            "delegates",
            "documents",
            "letters",
            "maintenance_windows",
            "messages",
            "notes",
            "outages",
            "outage_updates",
            "outbox",
            "requests",
            "representatives",
            "migration_rules",
        ];
        let counts: Vec<String> = TABLES.iter().map(|t| format!("(SELECT CAST(COUNT(*) AS TEXT) FROM {t})")).collect();
        let q = format!(
            "SELECT {} || ',' || (SELECT CAST(COALESCE(SUM(version), 0) AS TEXT) FROM applications)",
            counts.join(" || ',' || ")
        );
        // Built from the constant table names above only.
        let q = sqlx::AssertSqlSafe(q);
        match self {
            Db::Lite(c) => sqlx::query_scalar::<_, String>(q).fetch_one(c).await.unwrap(),
            Db::Pg(c) => sqlx::query_scalar::<_, String>(q).fetch_one(c).await.unwrap(),
        }
    }
}

/// The walk's connection and tallies.
struct Walk {
    db: Db,
    sent: usize,
    refused: usize,
    forms: usize,
}

/// Sends one body to a form and checks the answer.
async fn try_one(b: &mut Browser, t: &mut Walk, action: &str, kind: &str, body: Vec<u8>, what: &str) {
    let before = t.db.fingerprint().await;
    let r = b.post_raw(action, kind, body).await;
    t.sent += 1;
    assert!(!r.status.is_server_error(), "{action} with {what}: {}", r.status);
    for markup in REFLECTED {
        assert!(!r.body.contains(markup), "{action} with {what}: reflected unescaped");
    }
    assert!(!r.header("set-cookie").contains("evil"), "{action} with {what}: a header was injected");
    if r.status.is_client_error() {
        t.refused += 1;
        assert_eq!(t.db.fingerprint().await, before, "{action} refused {what} ({}) but changed the database", r.status);
    }
}

/// Every hostile value in every field of `form`, then the malformed bodies.
async fn attack(b: &mut Browser, t: &mut Walk, form: &Form) {
    let form_kind = "application/x-www-form-urlencoded";
    let body = |tried: usize, value: &str| -> Vec<u8> {
        let mut fields: Vec<(&str, &str)> = vec![];
        for (i, (name, default)) in form.fields.iter().enumerate() {
            match (i == tried, default) {
                (true, _) => fields.push((name, value)),
                (false, Some(v)) => fields.push((name, v)),
                (false, None) => {}
            }
        }
        serde_urlencoded_like(&fields).into_bytes()
    };
    t.forms += 1;
    for (i, (name, _)) in form.fields.iter().enumerate().filter(|(_, (n, _))| n != "csrf") {
        for value in HOSTILE {
            try_one(b, t, &form.action, form_kind, body(i, value), &format!("{name}={value:?}")).await;
        }
        let long = "é".repeat(60_000);
        try_one(b, t, &form.action, form_kind, body(i, &long), &format!("{name}=120 kB")).await;
    }
    let plain = body(usize::MAX, "");
    let first = form.fields.iter().find(|(n, _)| n != "csrf").map(|(n, _)| n.as_str()).unwrap_or("x");
    let mut broken = plain.clone();
    broken.extend_from_slice(format!("&{first}=%FF%FE%C3%28").as_bytes());
    try_one(b, t, &form.action, form_kind, broken, "invalid UTF-8").await;
    let mut twice = plain.clone();
    twice.extend_from_slice(format!("&{first}=a&{first}=b").as_bytes());
    try_one(b, t, &form.action, form_kind, twice, "a field twice").await;
    try_one(b, t, &form.action, "text/plain", plain.clone(), "text/plain").await;
    try_one(b, t, &form.action, "application/json", b"{\"csrf\":1}".to_vec(), "JSON").await;
    let mut huge = plain;
    huge.extend_from_slice(format!("&{first}=").as_bytes());
    huge.resize(huge.len() + (1 << 20) + 1, b'a');
    try_one(b, t, &form.action, form_kind, huge, "a body over the limit").await;
}

/// The pages each actor walks, with the cast's ids in them.
fn pages(cast: &Cast) -> Vec<(&'static str, String)> {
    let (a, draft) = (&cast.alice.file, &cast.alice.draft);
    let mut out: Vec<(&'static str, String)> =
        ["/register", "/sign-in", "/forgot-password", "/pr/start"].iter().map(|p| ("anon", (*p).to_owned())).collect();
    for p in [
        "/account".to_owned(),
        "/account/tokens".to_owned(),
        "/account/calendar".to_owned(),
        "/account/representatives".to_owned(),
        "/representative".to_owned(),
        "/applications/link".to_owned(),
        "/pr/redeem".to_owned(),
        format!("/applications/{draft}/members"),
        format!("/applications/{a}/messages"),
        format!("/applications/{a}/requests/{}", cast.alice.request),
        format!("/applications/{a}/withdraw"),
        format!("/pr/files/{}/presence", cast.alice.pr),
        format!("/pr/files/{}/address", cast.alice.pr),
    ] {
        out.push(("alice", p));
    }
    for s in ["personal", "passport", "contact", "trip", "background"] {
        out.push(("alice", format!("/applications/{draft}/sections/{s}")));
    }
    out.push(("officer", format!("/office/files/{a}")));
    out.push(("officer", format!("/office/files/{}/pr", cast.alice.pr)));
    for p in ["/office/maintenance", "/office/incidents", "/office/pr", "/office/staff", "/office/representatives"] {
        out.push(("admin", p.to_owned()));
    }
    out
}

async fn every_form_field_takes_hostile_values_without_harm(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut cast = assemble(&app).await;
    let mut tally = Walk { db: Db::open(&app).await, sent: 0, refused: 0, forms: 0 };
    let walk = pages(&cast);
    for (actor, path) in &walk {
        let Some((_, b)) = cast.visitors.iter_mut().find(|(n, _)| n == actor) else { continue };
        let page = b.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{actor}: {path}");
        for form in forms_of(&page.body) {
            if SKIPPED.iter().any(|s| format!("{}\"", form.action).contains(s)) || form.fields.len() < 2 {
                continue;
            }
            b.get(path).await;
            attack(b, &mut tally, &form).await;
        }
    }
    // What was stored is shown escaped wherever it is shown.
    for (actor, path) in &walk {
        let Some((_, b)) = cast.visitors.iter_mut().find(|(n, _)| n == actor) else { continue };
        let page = b.get(path).await;
        for markup in REFLECTED {
            assert!(!page.body.contains(markup), "{actor}: {path} shows stored markup unescaped");
        }
    }
    assert!(tally.forms >= 30 && tally.sent > 3_000, "{} forms, {} requests", tally.forms, tally.sent);
    assert!(tally.refused * 2 > tally.sent, "most of it is refused ({} of {})", tally.refused, tally.sent);
    println!("hostile forms: {} forms, {} requests, {} refused", tally.forms, tally.sent, tally.refused);
}

/// What each field of an API body gets besides the hostile strings: the wrong types.
fn wrong_types() -> Vec<Value> {
    let mut deep = json!("x");
    for _ in 0..200 {
        deep = json!([deep]);
    }
    vec![json!(12345), json!(-1), json!(1e308), json!(true), Value::Null, json!([]), json!({}), deep]
}

/// Every field of every API body, with Alice's token on her own records: each hostile string and
/// each wrong type; then bodies that are not JSON, not an object, with an unknown field, empty.
async fn every_api_field_takes_hostile_values_without_harm(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.web.api_per_second = 100_000).await;
    let cast = assemble(&app).await;
    let mut db = Db::open(&app).await;
    let Some((_, api)) = cast.tokens.iter().find(|(n, _)| *n == "alice") else { panic!("no token") };
    let (mut sent, mut refused) = (0, 0);
    for (method, pattern, _) in portail_web::api::api_routes() {
        let Value::Object(body) = api_body(pattern) else { continue };
        if method == "GET" || body.is_empty() {
            continue;
        }
        let path = api_path(pattern, Whose::Alice, &cast);
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut tries: Vec<(String, Vec<u8>)> = vec![];
        for field in body.keys() {
            let values = HOSTILE.iter().map(|h| json!(h)).chain(wrong_types());
            for value in values.filter(|v| !(field == "confirm" && *v == json!(true))) {
                let mut changed = body.clone();
                changed.insert(field.clone(), value.clone());
                tries.push((format!("{field}={value}"), Value::Object(changed).to_string().into_bytes()));
            }
        }
        let mut unknown = body.clone();
        unknown.insert("is_admin".into(), json!(true));
        for (what, bytes) in [
            ("not JSON", b"{\"a\":".to_vec()),
            ("an array", b"[1,2]".to_vec()),
            ("an unknown field", Value::Object(unknown).to_string().into_bytes()),
            ("nothing", vec![]),
            ("invalid UTF-8", b"{\"subject\":\"\xff\xfe\"}".to_vec()),
        ] {
            tries.push((what.to_owned(), bytes));
        }
        for (what, bytes) in tries {
            let before = db.fingerprint().await;
            // `send` fails on a 500 and on a 4xx that is not a JSON error with a code.
            let r = api.keyed_raw(method.clone(), &path, "application/json", bytes).await;
            sent += 1;
            if r.status.is_client_error() {
                refused += 1;
                assert_eq!(db.fingerprint().await, before, "{pattern} refused {what} but changed the database");
            }
        }
    }
    assert!(sent > 1_000 && refused * 10 > sent * 9, "{refused} of {sent} refused");
    println!("hostile API bodies: {sent} requests, {refused} refused");
}

on_both_databases!(
    every_form_field_takes_hostile_values_without_harm,
    every_api_field_takes_hostile_values_without_harm
);
