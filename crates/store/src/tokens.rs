//! Personal access tokens of the JSON API. Only a digest of each token is kept; a token works
//! until it expires or is revoked, and its last use is recorded.

use chrono::{DateTime, Utc};
use portail_domain::account::{AccountId, Role};
use uuid::Uuid;

use crate::files::Record;
use crate::{Result, Store, StoreError};

/// A token as its owner's account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: Uuid,
    pub name: String,
    pub scopes: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token presented to the API, with who it acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHolder {
    pub token: TokenRecord,
    pub account_id: AccountId,
    pub username: String,
    pub role: Role,
}

#[derive(sqlx::FromRow)]
struct HolderRow {
    #[sqlx(flatten)]
    token: TokenRecord,
    account_id: Uuid,
    username: String,
    role: String,
}

pub struct NewToken<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scopes: &'a str,
    pub expires_at: DateTime<Utc>,
}

/// Revokes every working token of an account: $1 account, $2 now.
pub(crate) const REVOKE_ALL: &str =
    "UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL";

const COLUMNS: &str = "t.id, t.name, t.scopes, t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

impl Store {
    /// Makes a token for `owner`, with its audit entry.
    pub async fn create_token(
        &self,
        owner: AccountId,
        t: &NewToken<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query(
                "INSERT INTO api_tokens (id, account_id, name, token_hash, scopes, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(t.id)
            .bind(owner.0)
            .bind(t.name)
            .bind(t.token_hash)
            .bind(t.scopes)
            .bind(now)
            .bind(t.expires_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, &rec.audit, now);
        });
        Ok(())
    }

    /// The owner's tokens, newest first.
    pub async fn tokens_of(&self, owner: AccountId) -> Result<Vec<TokenRecord>> {
        let q = format!("SELECT {COLUMNS} FROM api_tokens t WHERE t.account_id = $1 ORDER BY t.created_at DESC");
        Ok(run!(self.db, |p| sqlx::query_as::<_, TokenRecord>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(owner.0)
            .fetch_all(p)
            .await)?)
    }

    /// The token with this digest and its holder, whatever its state (the caller checks it).
    pub async fn token_holder(&self, token_hash: &str) -> Result<Option<TokenHolder>> {
        let q = format!(
            "SELECT {COLUMNS}, a.id AS account_id, a.username, a.role FROM api_tokens t \
             JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = $1"
        );
        let row = run!(self.db, |p| sqlx::query_as::<_, HolderRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(token_hash)
            .fetch_optional(p)
            .await)?;
        row.map(|r| {
            Ok(TokenHolder {
                token: r.token,
                account_id: AccountId(r.account_id),
                username: r.username,
                role: Role::parse(&r.role).ok_or(StoreError::Corrupt("role"))?,
            })
        })
        .transpose()
    }

    /// Records many read-side audit entries in one transaction (group commit), in order: uses of
    /// tokens (with each token's last use) and views of files (no token).
    pub async fn record_read_audits(
        &self,
        uses: &[(Option<Uuid>, crate::audit::OwnedEntry)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tokens: Vec<Uuid> = uses.iter().filter_map(|(id, _)| *id).collect();
        tokens.sort();
        tokens.dedup();
        in_tx!(self.db, |tx| {
            for id in &tokens {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            for (_, e) in uses {
                audit!(tx, &e.as_entry(), now);
            }
        });
        Ok(())
    }

    /// Revokes one of the owner's tokens, at once; false if there is no such working token.
    pub async fn revoke_token(&self, owner: AccountId, id: Uuid, rec: &Record<'_>, now: DateTime<Utc>) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(owner.0)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                audit!(tx, &rec.audit, now);
            }
            n == 1
        });
        Ok(done)
    }
}
