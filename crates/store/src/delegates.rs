//! A representative's assistants: people with their own accounts who act under the
//! representative. Removing one ends their sessions in the same transaction.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::files::Record;
use crate::representatives::Representative;
use crate::{Result, Store, conflict_on_unique};

/// An active assistant, as the representative's page lists them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Delegate {
    pub id: Uuid,
    pub account_id: Uuid,
    pub username: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Adds `account` as an assistant of `rep`; `Conflict` when they already assist someone.
    pub async fn add_delegate(
        &self,
        id: Uuid,
        rep: AccountId,
        account: AccountId,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done: Result<()> = async {
            in_tx!(self.db, |tx| {
                sqlx::query(
                    "INSERT INTO delegates (id, representative_id, account_id, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(rep.0)
                .bind(account.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                for m in rec.mails {
                    crate::outbox::insert_mail!(tx, m, now);
                }
                audit!(tx, &rec.audit, now);
            });
            Ok(())
        }
        .await;
        conflict_on_unique(done, "delegate-exists")
    }

    /// The representative's active assistants, oldest first.
    pub async fn delegates_of(&self, rep: AccountId) -> Result<Vec<Delegate>> {
        let q = "SELECT d.id, d.account_id, ac.username, ac.email, d.created_at FROM delegates d \
                 JOIN accounts ac ON ac.id = d.account_id WHERE d.representative_id = $1 AND d.removed_at IS NULL \
                 ORDER BY d.created_at, d.id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Delegate>(q).bind(rep.0).fetch_all(p).await)?)
    }

    /// The representative `account` assists now, if any.
    pub async fn principal_of(&self, account: AccountId) -> Result<Option<Representative>> {
        let q = "SELECT d.representative_id FROM delegates d WHERE d.account_id = $1 AND d.removed_at IS NULL";
        let rep: Option<Uuid> = run!(self.db, |p| sqlx::query_scalar(q).bind(account.0).fetch_optional(p).await)?;
        match rep {
            Some(r) => self.representative(AccountId(r)).await,
            None => Ok(None),
        }
    }

    /// Removes assistant `id` of `rep` and ends every session of theirs; false if there is no
    /// such active assistant.
    pub async fn remove_delegate(
        &self,
        rep: AccountId,
        id: Uuid,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let account: Option<Uuid> = sqlx::query_scalar(
                "UPDATE delegates SET removed_at = $3 WHERE id = $1 AND representative_id = $2 \
                 AND removed_at IS NULL RETURNING account_id",
            )
            .bind(id)
            .bind(rep.0)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(account) = account {
                sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account).execute(&mut *tx).await?;
                audit!(tx, &rec.audit, now);
            }
            account.is_some()
        });
        Ok(done)
    }
}
