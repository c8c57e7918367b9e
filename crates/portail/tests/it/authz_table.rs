//! The authorization matrix as data: every page route and every API route, asked by every kind of
//! actor about Alice's records, Bob's and ids that do not exist; the answers are compared with
//! the tables in `tests/authz/`, reviewed like code. Any difference fails the test and writes the
//! answers received to `target/authz/`; `AUTHZ_TABLE_UPDATE=1` writes them over the tables
//! instead (then read the diff before committing it). Both databases must give the same table.

use std::fmt::Write as _;
use std::path::PathBuf;

use portail_web::ROUTES;
use reqwest::StatusCode;
use serde_json::json;

use crate::api::Api;
use crate::authz_cast::{Cast, Owned, assemble};
use crate::helpers::{Backend, Browser, TestApp, concrete, pdf};
use crate::on_both_databases;

/// Whose record an id names: Alice's, Bob's, or nobody's (a fresh random id).
#[derive(Clone, Copy)]
pub(crate) enum Whose {
    Alice,
    Bob,
    Nobody,
}

/// The order one actor asks in: nobody's ids, then the other applicant's, their own last (what
/// they may do to their own records, such as ending a session, changes what they see after).
fn asking_order(actor: &str, ids: bool) -> &'static [(usize, Whose)] {
    match (ids, actor) {
        (false, _) => &[(0, Whose::Nobody)],
        (true, "bob") => &[(2, Whose::Nobody), (0, Whose::Alice), (1, Whose::Bob)],
        (true, _) => &[(2, Whose::Nobody), (1, Whose::Bob), (0, Whose::Alice)],
    }
}

/// The placeholders that name a record; routes with none of them get one cell per actor.
const ID_PLACEHOLDERS: [&str; 5] = ["{id}", "{doc}", "{rid}", "{letter}", "{member}"];

/// Routes that change what later cells see (they end sessions, revoke, withdraw): asked last,
/// in this order, after every other route.
const LAST: [&str; 11] = [
    "/applications/{id}/requests/{rid}/answer",
    "/applications/{id}/withdraw",
    "/office/files/{id}/pr/revoke",
    "/account/tokens/{id}/revoke",
    "/representative/assistants/{id}/remove",
    "/representative/consents/{id}/withdraw",
    "/account/representatives/{id}/answer",
    "/account/representatives/{id}/revoke",
    "/account/sessions/{id}/end",
    "/account/sessions/end-all",
    "/sign-out",
];
const API_LAST: [&str; 2] = ["/api/v1/applications/{id}/withdrawal", "/api/v1/drafts/{id}"];

/// One row of a table: the route, then per actor its cells (one, or one per [`Whose`]).
struct Row {
    route: String,
    cells: Vec<Vec<String>>,
}

/// The path that names `whose` record on the page route `pattern`; `None` where that person has
/// no such record (the cell shows `·`).
fn page_path(pattern: &str, whose: Whose, cast: &Cast) -> Option<String> {
    let o: &Owned = match whose {
        Whose::Alice => &cast.alice,
        Whose::Bob => &cast.bob,
        Whose::Nobody => return Some(concrete(pattern)),
    };
    let file =
        if pattern.starts_with("/pr/files/") || pattern.starts_with("/office/files/{id}/pr") { &o.pr } else { &o.file };
    let shared = |id: &str| matches!(whose, Whose::Alice).then(|| id.to_owned());
    let on_a_file = ["/applications/{id}", "/office/files/", "/pr/files/"].iter().any(|p| pattern.starts_with(p));
    let id = if on_a_file {
        Some(file.clone())
    } else if pattern.starts_with("/account/tokens/") {
        Some(o.token.clone())
    } else if pattern.starts_with("/account/sessions/{id}") {
        Some(o.session.clone())
    } else if pattern.starts_with("/account/representatives/") || pattern.starts_with("/representative/consents/") {
        shared(&cast.consent)
    } else if pattern.starts_with("/office/representatives/") {
        shared(&cast.rep_account)
    } else if pattern.contains("{id}") {
        None
    } else {
        Some(String::new())
    }?;
    let path = pattern.replace("{id}", &id).replace("{doc}", &o.doc).replace("{rid}", &o.request);
    let path = if pattern.starts_with("/inbox/") || !pattern.contains("/pr") {
        path.replace("{letter}", &o.letter)
    } else {
        path
    };
    Some(concrete(&path))
}

/// The API path that names `whose` record on `pattern`.
pub(crate) fn api_path(pattern: &str, whose: Whose, cast: &Cast) -> String {
    let o: &Owned = match whose {
        Whose::Alice => &cast.alice,
        Whose::Bob => &cast.bob,
        Whose::Nobody => return concrete(pattern),
    };
    let id = if pattern.starts_with("/api/v1/drafts/") {
        &o.draft
    } else if pattern.starts_with("/api/v1/pr/") {
        &o.pr
    } else if pattern.starts_with("/api/v1/letters/") {
        &o.letter
    } else {
        &o.file
    };
    concrete(&pattern.replace("{id}", id).replace("{doc}", &o.doc).replace("{rid}", &o.request))
}

/// The cell for an answer: its status, and for a redirect where it leads (see the legend).
fn cell(status: StatusCode, location: &str) -> String {
    assert!(!status.is_server_error(), "a server error: {status} (→ {location})");
    if !status.is_redirection() {
        return status.as_u16().to_string();
    }
    let to = match location.split('?').next().unwrap_or_default() {
        "/sign-in" => "s",
        "/sign-in/verify" => "v",
        "/register/confirm-email" => "c",
        "/mfa/enrol" => "e",
        "/home" => "h",
        "/office" => "o",
        "/account/reauth" => "r",
        _ => "*",
    };
    format!("{}{to}", status.as_u16())
}

/// `b` asks `path` as a browser would: forms with nothing filled in, uploads as multipart with a
/// small PDF, the live-update stream read no further than its status.
async fn ask_page(b: &mut Browser, method: &str, pattern: &str, path: &str) -> String {
    let multipart =
        ["/documents/{item}", "/items/{index}", "/photo", "/representative/proof"].iter().any(|p| pattern.contains(p))
            || pattern == "/applications/{id}/messages";
    if pattern.ends_with("/events") {
        let cookies: Vec<String> = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = http.get(format!("{}{path}", b.base())).header("cookie", cookies.join("; ")).send().await.unwrap();
        let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        return cell(r.status(), &location);
    }
    let r = match (method, multipart) {
        ("GET", _) => b.get(path).await,
        (_, true) => b.upload(path, "x.pdf", &pdf(1)).await,
        _ => b.submit(path, &[]).await,
    };
    cell(r.status, &r.location())
}

async fn ask_api(api: &Api, method: &str, pattern: &str, path: &str) -> String {
    let upload = ["/documents/{item}", "/items/{index}", "/photo"].iter().any(|p| pattern.contains(p));
    let (content_type, body) = if upload {
        ("application/pdf", pdf(1))
    } else {
        ("application/json", api_body(pattern).to_string().into_bytes())
    };
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let body = if method == reqwest::Method::GET || method == reqwest::Method::DELETE { vec![] } else { body };
    let r = api.keyed_raw(method, path, content_type, body).await;
    cell(r.status, "")
}

/// A body of the right shape for each API write, with values the handler refuses (a stale
/// version, an empty subject, an unknown type, no confirmation) — so that the answer tells
/// whether the actor reached the record, and nothing is changed when they did.
pub(crate) fn api_body(pattern: &str) -> serde_json::Value {
    let tail = pattern.rsplit('/').next().unwrap_or_default();
    match tail {
        "messages" => json!({"subject": "", "body": ""}),
        "extension" => json!({"reason": ""}),
        "withdrawal" => json!({"reason": "", "confirm": false}),
        "drafts" => json!({"type_id": "no-such-type"}),
        "{section}" => json!({"answers": {"no-such-field": "x"}}),
        "members" => json!({"given_name": "", "family_name": "", "relationship": "", "date_of_birth": ""}),
        "payment" => json!({"card_number": "", "card_expiry": "", "card_name": ""}),
        "submission" => json!({"declaration_name": "", "agree": false}),
        "decisions" => json!({"action": "approve", "version": 0, "reasons": ""}),
        "requests" => json!({"checklist_items": [], "items": [], "note": "", "version": 0}),
        "letters" => json!({"kind": "biometrics", "version": 0}),
        "presence" => json!({"presence": ""}),
        "address" => {
            json!({"details_confirmed": "", "address_line": "", "city": "", "province": "", "postal_code": ""})
        }
        _ => json!({}),
    }
}

/// The routes in the order they are asked: [`LAST`] at the end.
fn walk_order<'a>(routes: &[(&'a str, &'a str)], last: &[&str]) -> Vec<(&'a str, &'a str)> {
    let rank = |p: &str| last.iter().position(|l| *l == p).map_or(0, |i| i + 1);
    let mut ordered = routes.to_vec();
    ordered.sort_by_key(|(_, p)| rank(p));
    ordered
}

fn has_ids(pattern: &str) -> bool {
    ID_PLACEHOLDERS.iter().any(|p| pattern.contains(p))
}

async fn page_rows(cast: &mut Cast) -> Vec<Row> {
    let routes: Vec<(&str, &str)> = ROUTES.iter().map(|(m, p, _)| (*m, *p)).collect();
    let mut rows = vec![];
    for (method, pattern) in walk_order(&routes, &LAST) {
        let mut cells = vec![];
        for i in 0..cast.visitors.len() {
            let order = asking_order(cast.visitors[i].0, has_ids(pattern));
            let mut mine = vec![String::new(); order.len()];
            for (column, whose) in order {
                mine[*column] = match page_path(pattern, *whose, cast) {
                    Some(path) => ask_page(&mut cast.visitors[i].1, method, pattern, &path).await,
                    None => "·".to_owned(),
                };
            }
            cells.push(mine);
        }
        rows.push(Row { route: format!("{method} {pattern}"), cells });
    }
    rows
}

async fn api_rows(cast: &Cast) -> Vec<Row> {
    let routes: Vec<(&str, &str)> = portail_web::api::api_routes().into_iter().map(|(m, p, _)| (m, p)).collect();
    let mut rows = vec![];
    for (method, pattern) in walk_order(&routes, &API_LAST) {
        let mut cells = vec![];
        for (actor, api) in &cast.tokens {
            let order = asking_order(actor, has_ids(pattern));
            let mut mine = vec![String::new(); order.len()];
            for (column, whose) in order {
                mine[*column] = ask_api(api, method, pattern, &api_path(pattern, *whose, cast)).await;
            }
            cells.push(mine);
        }
        rows.push(Row { route: format!("{method} {pattern}"), cells });
    }
    rows
}

/// The table as text: a legend, a header of actors, one aligned row per route.
fn render(legend: &str, actors: &[&str], rows: &[Row]) -> String {
    let route_width = rows.iter().map(|r| r.route.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..actors.len())
        .map(|i| rows.iter().map(|r| r.cells[i].join(" ").chars().count()).chain([actors[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |first: &str, cols: Vec<String>| {
        let cols: Vec<String> = cols.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        format!("{first:<route_width$} | {}", cols.join(" | ")).trim_end().to_owned() + "\n"
    };
    let mut out = legend.to_owned();
    out += &line("route", actors.iter().map(|a| (*a).to_owned()).collect());
    for r in rows {
        out += &line(&r.route, r.cells.iter().map(|c| c.join(" ")).collect());
    }
    out
}

/// Compares the answers with the table in `tests/authz/{name}.txt`; panics with every difference.
fn compare(name: &str, received: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/authz");
    let table = dir.join(format!("{name}.txt"));
    if std::env::var("AUTHZ_TABLE_UPDATE").is_ok_and(|v| v == "1") {
        std::fs::write(&table, received).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&table).unwrap_or_default();
    let rows = |t: &str| -> Vec<String> { t.lines().filter(|l| !l.starts_with('#')).map(str::to_owned).collect() };
    let (want, got) = (rows(&expected), rows(received));
    let mut diff = String::new();
    for (w, g) in want.iter().zip(&got).filter(|(w, g)| w != g) {
        let _ = writeln!(diff, "  table:    {w}\n  answered: {g}");
    }
    if want.len() != got.len() {
        let _ = writeln!(diff, "  the table has {} rows, the walk {}", want.len(), got.len());
    }
    if !diff.is_empty() {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/authz");
        let _ = std::fs::create_dir_all(&out);
        let _ = std::fs::write(out.join(format!("{name}.txt")), received);
        panic!("the {name} authorization table differs from the answers (all in target/authz/{name}.txt):\n{diff}");
    }
}

/// Whatever the tables say: a person asking about a record that is not theirs (Bob about
/// Alice's, a representative about a file no consent covers) learns nothing, not even that it
/// exists — the same 404 as for an id that was never issued.
fn strangers_learn_nothing(actors: &[&str], rows: &[Row], strangers: &[(&str, &[usize])]) {
    for row in rows.iter().filter(|r| r.cells[0].len() == WHOSE_COLUMNS) {
        for (stranger, columns) in strangers {
            let Some(at) = actors.iter().position(|a| a == stranger) else { panic!("no actor {stranger}") };
            for c in *columns {
                let answer = &row.cells[at][*c];
                assert!(answer == "404" || answer == "·", "{}: {stranger} on {c}: {answer}", row.route);
            }
        }
    }
}

/// Columns of a route with ids: Alice's, Bob's, nobody's.
const WHOSE_COLUMNS: usize = 3;

const PAGE_LEGEND: &str = "\
# Every page route × every actor × whose record the ids name: Alice's (A), Bob's (B), nobody's (-).
# Routes without ids have one cell per actor. Generated and checked by tests/it/authz_table.rs.
# Actors: anon signed out; half Alice's password given, second factor owed; setup a new account
#   before its email is confirmed; alice, bob applicants; rep a representative Alice appointed
#   (acting, all files); rep0 a verified representative nobody appointed; officer; admin.
# Ids: each applicant has a submitted file with a document, a request and a letter, a PR-portal
#   file (/pr/files, /office/files/{id}/pr…), a second session and a token; consents and
#   representative profiles exist only once (column B: ·). Forms are sent empty (with the CSRF
#   token), uploads with a small PDF.
# Cells: the status; a redirect adds where it leads: s /sign-in, v /sign-in/verify,
#   c /register/confirm-email, e /mfa/enrol, h /home, o /office, r /account/reauth, * elsewhere
#   (the route's own page, with its message). · not asked.
";

const API_LEGEND: &str = "\
# Every API route × every token × whose record the ids name: Alice's (A), Bob's (B), nobody's (-).
# Generated and checked by tests/it/authz_table.rs. Tokens: none (an empty bearer token);
#   a.read, a.write Alice's with one scope; alice Alice's with both; bob; rep the representative
#   Alice appointed; officer — each with both scopes. Bodies: {} (uploads: a small PDF), with an
#   Idempotency-Key. Cells: the status.
";

async fn every_route_answers_every_actor_as_the_tables_say(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.web.api_per_second = 100_000).await;
    let mut cast = assemble(&app).await;
    let api = api_rows(&cast).await;
    let actors: Vec<&str> = cast.tokens.iter().map(|(n, _)| *n).collect();
    let api_table = render(API_LEGEND, &actors, &api);
    let pages = page_rows(&mut cast).await;
    let actors: Vec<&str> = cast.visitors.iter().map(|(n, _)| *n).collect();
    let page_table = render(PAGE_LEGEND, &actors, &pages);
    let cells = |rows: &[Row]| rows.iter().flat_map(|r| &r.cells).flatten().filter(|c| *c != "·").count();
    assert!(cells(&pages) > 2_000 && cells(&api) > 400, "the walk asks every cell");
    strangers_learn_nothing(&actors, &pages, &[("bob", &[0]), ("rep0", &[0, 1]), ("rep", &[1])]);
    let tokens: Vec<&str> = cast.tokens.iter().map(|(n, _)| *n).collect();
    strangers_learn_nothing(&tokens, &api, &[("bob", &[0]), ("rep", &[1])]);
    compare("pages", &page_table);
    compare("api", &api_table);
}

on_both_databases!(every_route_answers_every_actor_as_the_tables_say);
