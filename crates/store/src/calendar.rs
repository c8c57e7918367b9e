//! The secret address of a person's deadline feed: one per account, kept as a digest.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::files::Record;
use crate::{Result, Store};

impl Store {
    /// When the account's feed address was made, if it has one.
    pub async fn calendar_feed(&self, account: AccountId) -> Result<Option<DateTime<Utc>>> {
        let q = "SELECT created_at FROM calendar_feeds WHERE account_id = $1";
        Ok(run!(self.db, |p| sqlx::query_scalar(q).bind(account.0).fetch_optional(p).await)?)
    }

    /// Sets the account's feed address (the old one stops working), with its audit entry.
    pub async fn set_calendar_feed(
        &self,
        account: AccountId,
        token_hash: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1").bind(account.0).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES ($1, $2, $3)")
                .bind(account.0)
                .bind(token_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            audit!(tx, &rec.audit, now);
        });
        Ok(())
    }

    /// Removes the account's feed address; false if it had none.
    pub async fn remove_calendar_feed(&self, account: AccountId, rec: &Record<'_>, now: DateTime<Utc>) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1")
                .bind(account.0)
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

    /// The account whose feed address has this digest.
    pub async fn calendar_feed_owner(&self, token_hash: &str) -> Result<Option<AccountId>> {
        let q = "SELECT account_id FROM calendar_feeds WHERE token_hash = $1";
        let id: Option<Uuid> = run!(self.db, |p| sqlx::query_scalar(q).bind(token_hash).fetch_optional(p).await)?;
        Ok(id.map(AccountId))
    }
}
