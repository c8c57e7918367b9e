//! TechEmpower's "fortunes" test, the yardstick `scripts/bench` runs beside portail: every
//! request reads the 12 rows of `fortune`, adds one, sorts them by message and renders them
//! escaped through askama — on the driver portail uses (sqlx), on SQLite or PostgreSQL. And
//! `POST /commit`: one single-row insert, committed, per request — the database's own write
//! ceiling through the same driver and settings, beside which portail's writes are measured.
//!
//!   DATABASE_URL=sqlite:/tmp/f.db LISTEN=127.0.0.1:18090 fortunes

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Router, routing::get, routing::post};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;

/// The twelve rows of the TechEmpower data set (the markup and the Japanese row test escaping
/// and UTF-8).
const ROWS: [&str; 12] = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
];

#[derive(Clone)]
enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

#[derive(sqlx::FromRow)]
struct Fortune {
    id: i32,
    message: String,
}

#[derive(Template)]
#[template(path = "fortunes.html")]
struct Page {
    fortunes: Vec<Fortune>,
}

const SELECT: &str = "SELECT id, message FROM fortune";
const INSERT: &str = "INSERT INTO commit_log (message) VALUES ($1)";

async fn commit(State(db): State<Db>) -> StatusCode {
    let message = "one row, one commit";
    let done = match &db {
        Db::Sqlite(p) => sqlx::query(INSERT).bind(message).execute(p).await.map(drop),
        Db::Pg(p) => sqlx::query(INSERT).bind(message).execute(p).await.map(drop),
    };
    if done.is_ok() { StatusCode::NO_CONTENT } else { StatusCode::SERVICE_UNAVAILABLE }
}

async fn fortunes(State(db): State<Db>) -> Response {
    let rows = match &db {
        Db::Sqlite(p) => sqlx::query_as::<_, Fortune>(SELECT).fetch_all(p).await,
        Db::Pg(p) => sqlx::query_as::<_, Fortune>(SELECT).fetch_all(p).await,
    };
    let Ok(mut fortunes) = rows else { return StatusCode::SERVICE_UNAVAILABLE.into_response() };
    fortunes.push(Fortune { id: 0, message: "Additional fortune added at request time.".to_owned() });
    fortunes.sort_by(|a, b| a.message.cmp(&b.message));
    match (Page { fortunes }).render() {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Opens the database with portail's own pool settings and (re)creates the twelve rows.
async fn open(url: &str) -> Result<Db, sqlx::Error> {
    let db = if url.starts_with("postgres") {
        Db::Pg(PgPoolOptions::new().max_connections(16).connect(url).await?)
    } else {
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(5));
        Db::Sqlite(SqlitePoolOptions::new().max_connections(8).connect_with(opts).await?)
    };
    let log = if matches!(db, Db::Pg(_)) {
        "CREATE TABLE commit_log (id BIGSERIAL PRIMARY KEY, message TEXT NOT NULL)"
    } else {
        "CREATE TABLE commit_log (id INTEGER PRIMARY KEY, message TEXT NOT NULL)"
    };
    let statements = [
        "DROP TABLE IF EXISTS fortune",
        "CREATE TABLE fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)",
        "DROP TABLE IF EXISTS commit_log",
        log,
    ];
    for s in statements {
        execute(&db, s, None).await?;
    }
    for (i, message) in ROWS.iter().enumerate() {
        execute(&db, "INSERT INTO fortune (id, message) VALUES ($1, $2)", Some((i as i32 + 1, message))).await?;
    }
    Ok(db)
}

async fn execute(db: &Db, sql: &'static str, row: Option<(i32, &'static str)>) -> Result<(), sqlx::Error> {
    match (db, row) {
        (Db::Sqlite(p), None) => sqlx::query(sql).execute(p).await.map(drop),
        (Db::Pg(p), None) => sqlx::query(sql).execute(p).await.map(drop),
        (Db::Sqlite(p), Some((id, m))) => sqlx::query(sql).bind(id).bind(m).execute(p).await.map(drop),
        (Db::Pg(p), Some((id, m))) => sqlx::query(sql).bind(id).bind(m).execute(p).await.map(drop),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:fortunes.db".to_owned());
    let listen = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:18090".to_owned());
    let db = open(&url).await?;
    let app = Router::new().route("/fortunes", get(fortunes)).route("/commit", post(commit)).with_state(db);
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("fortunes on http://{listen}/fortunes ({url})");
    axum::serve(listener, app).await?;
    Ok(())
}
