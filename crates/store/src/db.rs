//! The two database backends behind one type, and the macros that run one SQL text on either.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

use crate::{Result, StoreError};

#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs one expression against whichever pool is in use: `run!(self.db, |pool| …)`.
macro_rules! run {
    ($db:expr, |$pool:ident| $body:expr) => {
        match &$db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Pg($pool) => $body,
        }
    };
}

/// Runs a block inside one transaction on whichever pool is in use; `?` inside rolls back.
macro_rules! in_tx {
    ($db:expr, |$tx:ident| $body:block) => {
        match &$db {
            $crate::db::Db::Sqlite(pool) => {
                // Take the write lock up front: a deferred transaction that reads and then writes
                // fails with SQLITE_BUSY_SNAPSHOT when another writer committed in between.
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::db::Db::Pg(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

/// TLS to a server on this same machine protects nothing (the bytes never leave the host) and
/// costs a handshake per connection and the sealing of every row: unless the URL names a
/// `sslmode`, a loopback server (`localhost`, `127.0.0.1`, `::1`, a socket folder) is reached over
/// plain TCP. Any other host keeps sqlx's default (`prefer`); set `sslmode=verify-full` there.
fn without_loopback_tls(url: &str, opts: PgConnectOptions) -> PgConnectOptions {
    let host = opts.get_host();
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]") || host.starts_with('/');
    if loopback && !url.contains("sslmode=") { opts.ssl_mode(PgSslMode::Disable) } else { opts }
}

/// SQLite pool options. A connection that sqlx still counts as inside a transaction is never
/// handed out again: on "database or disk is full" SQLite rolls the transaction back by itself,
/// so sqlx's COMMIT and then its ROLLBACK both fail and its count stays at one; every later
/// `BEGIN` on that connection failed ("non-zero transaction depth") until the process restarted.
/// Such a connection is closed and replaced instead (an atomic load; the release's own ping has
/// already run the rollback a dropped transaction queued).
fn sqlite_pool() -> SqlitePoolOptions {
    SqlitePoolOptions::new().before_acquire(|conn, _meta| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
}

/// The handle every part of portail uses to reach the database.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
}

impl Store {
    /// Connects to `sqlite:…` or `postgres://…`; any other scheme is refused.
    pub async fn connect(url: &str) -> Result<Store> {
        let db = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            Db::Sqlite(sqlite_pool().max_connections(8).connect_with(opts).await?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = without_loopback_tls(url, PgConnectOptions::from_str(url)?);
            Db::Pg(
                PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(opts)
                    .await?,
            )
        } else {
            return Err(StoreError::Database("unsupported database URL scheme: use sqlite: or postgres://".into()));
        };
        Ok(Store { db })
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of the backend in use; safe to run at every start.
    pub async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Db::Pg(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        run!(self.db, |p| sqlx::query("SELECT 1").execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn close(&self) {
        run!(self.db, |p| p.close().await);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(url: &str) -> PgSslMode {
        without_loopback_tls(url, PgConnectOptions::from_str(url).unwrap_or_else(|_| unreachable!())).get_ssl_mode()
    }

    #[test]
    fn plain_tcp_only_to_this_machine_and_only_when_the_url_says_nothing() {
        assert!(matches!(mode("postgres://u@127.0.0.1:5432/db"), PgSslMode::Disable));
        assert!(matches!(mode("postgres://u@localhost/db"), PgSslMode::Disable));
        assert!(matches!(mode("postgres://u@db.internal/db"), PgSslMode::Prefer));
        assert!(matches!(mode("postgres://u@127.0.0.1/db?sslmode=require"), PgSslMode::Require));
        assert!(matches!(mode("postgres://u@db.internal/db?sslmode=verify-full"), PgSslMode::VerifyFull));
    }

    /// The state a full disk leaves: SQLite ended the transaction by itself, so sqlx's COMMIT
    /// fails and its count stays at one. The next transaction must still begin.
    #[tokio::test]
    async fn a_connection_left_inside_a_transaction_is_replaced() {
        let opts = SqliteConnectOptions::from_str("sqlite::memory:").unwrap_or_else(|_| unreachable!());
        let pool = sqlite_pool().max_connections(1).connect_with(opts).await.unwrap_or_else(|e| panic!("{e}"));
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query("ROLLBACK").execute(&mut *tx).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(tx.commit().await.is_err(), "COMMIT outside a transaction fails");
        let again = pool.begin_with("BEGIN IMMEDIATE").await;
        assert!(again.is_ok(), "the pool handed out the broken connection: {:?}", again.err());
    }
}
