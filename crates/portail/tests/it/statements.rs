//! A guard that cannot be noisy: the SQL statements each key page issues, counted per request
//! (sqlx logs each statement inside the request's span, which carries its request id), against
//! a budget. A page that grows a query fails here, whatever the machine's speed.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use reqwest::StatusCode;
use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::helpers::{Backend, Browser, TestApp};
use crate::on_both_databases;

/// Statements by request id.
fn counts() -> &'static Mutex<HashMap<String, usize>> {
    static COUNTS: OnceLock<Mutex<HashMap<String, usize>>> = OnceLock::new();
    COUNTS.get_or_init(Default::default)
}

/// The request id of a `request` span, kept in its extensions.
struct RequestId(String);

struct IdField(Option<String>);

impl Visit for IdField {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "request_id" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

struct StatementCounter;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for StatementCounter {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "request" {
            return;
        }
        let mut field = IdField(None);
        attrs.record(&mut field);
        if let (Some(request_id), Some(span)) = (field.0, ctx.span(id)) {
            span.extensions_mut().insert(RequestId(request_id));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        if !event.metadata().target().starts_with("sqlx::query") {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else { return };
        for span in scope {
            if let Some(RequestId(id)) = span.extensions().get::<RequestId>() {
                *counts().lock().unwrap().entry(id.clone()).or_default() += 1;
                return;
            }
        }
    }
}

fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(StatementCounter);
        tracing::subscriber::set_global_default(subscriber)
            .expect("one subscriber per process: run the tests with cargo nextest");
    });
}

/// The statements `GET path` issued, asked with a request id of its own.
async fn statements_of(b: &mut Browser, path: &str, bearer: Option<&str>) -> usize {
    let id = format!("count-{}", uuid::Uuid::new_v4().simple());
    let auth = bearer.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("x-request-id", id.as_str())];
    if let Some(a) = &auth {
        headers.push(("authorization", a.as_str()));
    }
    let page = b.get_with(path, &headers).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    counts().lock().unwrap().remove(&id).unwrap_or(0)
}

/// Each key page and its budget of statements. Lower a budget when a page gets cheaper; never
/// raise one without saying why in the commit.
async fn key_pages_stay_within_their_statement_budgets(backend: Backend) {
    install();
    let app = TestApp::spawn(backend).await;
    let (mut applicant, id) = crate::requests::submitted(&app, "budget.applicant").await;
    let token = crate::api::make_token(&mut applicant, "budget", true, true).await;
    let (mut pat, person) = app.registered("budget.pr").await;
    let (pr_file, officer) = crate::pr_confirm::moved_by_officer(&app, "budget.pr").await;
    let code = crate::pr_confirm::mailed_code(&app, &person.email).await;
    pat.get("/pr/redeem").await;
    assert_eq!(pat.submit("/pr/redeem", &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    let (file, pr) = (format!("/applications/{id}"), format!("/pr/files/{pr_file}"));
    let mut browsers = [applicant, app.client(), officer, pat];
    let (as_applicant, anonymous, as_officer, as_pr_owner) = (0, 1, 2, 3);
    let mut measured = Vec::new();
    // Measured on 2026-12-02 (SQLite / PostgreSQL), after the unread badge joined the session's
    // query: /home 4/4, /inbox 4/4, a file's status page 11/12, /status 0/0 (served from the
    // board the status job keeps), the office queue 2/2, a PR file 9/10, the API's list 3/3.
    // 2026-12-03: /home 2/2 — its three lists (own files, moved files, PR-portal files) are one
    // statement now (`Store::home_lists_of`). A file's status page 7/7 and a PR file 6/6: the
    // audit entry of the view is group-committed by the writer task of `batch.rs` (its statements
    // are shared by every view of the moment, outside any one request), and the status page no
    // longer opens the file twice.
    for (who, path, bearer, budget) in [
        (as_applicant, "/home", None, 2),
        (as_applicant, "/inbox", None, 4),
        (as_applicant, file.as_str(), None, 7),
        (anonymous, "/status", None, 0),
        (as_officer, "/office", None, 2),
        (as_pr_owner, pr.as_str(), None, 6),
        (anonymous, "/api/v1/applications", Some(token.as_str()), 3),
    ] {
        // Twice: the first request may warm a cache (the catalog, the status board).
        statements_of(&mut browsers[who], path, bearer).await;
        let n = statements_of(&mut browsers[who], path, bearer).await;
        measured.push(format!("{path}: {n} (budget {budget})"));
        assert!(n >= 1 || path == "/status", "{path}: no statement counted: the guard itself is broken");
        assert!(n <= budget, "{path} issues {n} SQL statements, over its budget of {budget}: {measured:?}");
    }
    println!("statements per page: {measured:?}");
}

on_both_databases!(key_pages_stay_within_their_statement_budgets);
