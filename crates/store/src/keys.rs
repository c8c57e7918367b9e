//! What a key rotation needs of the database: every wrapped document key (documents, the PR
//! portal's photos, representatives' proofs) and every sealed TOTP secret not yet under the
//! current master key, page by page, and replacing them only where they have not changed since
//! they were read (a rotation runs while the servers write).

use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::{Result, Store};

/// The statements of one table that holds wrapped keys, written out from its column names.
struct HolderSql {
    select: &'static str,
    update: &'static str,
}

macro_rules! holder_sql {
    ($table:literal, $id:literal, $master:literal, $wrapped:literal) => {
        HolderSql {
            select: concat!(
                "SELECT ",
                $id,
                " AS id, ",
                $master,
                " AS master_id, ",
                $wrapped,
                " AS wrapped FROM ",
                $table,
                " WHERE ",
                $master,
                " IS NOT NULL AND ",
                $wrapped,
                " IS NOT NULL AND ",
                $master,
                " <> $1 AND ",
                $id,
                " > $2 ORDER BY ",
                $id,
                " LIMIT $3"
            ),
            update: concat!(
                "UPDATE ",
                $table,
                " SET ",
                $master,
                " = $1, ",
                $wrapped,
                " = $2 WHERE ",
                $id,
                " = $3 AND ",
                $master,
                " = $4 AND ",
                $wrapped,
                " = $5"
            ),
        }
    };
}

/// The tables that hold a wrapped document key, in [`Holder`] order.
const HOLDERS: [HolderSql; 3] = [
    holder_sql!("documents", "id", "master_key_id", "wrapped_key"),
    holder_sql!("pr_confirmations", "application_id", "photo_master_id", "photo_wrapped_key"),
    holder_sql!("representatives", "account_id", "proof_master_key_id", "proof_wrapped_key"),
];

/// Which table holds a wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Document,
    PrPhoto,
    RepresentativeProof,
}

impl Holder {
    pub const ALL: [Holder; 3] = [Holder::Document, Holder::PrPhoto, Holder::RepresentativeProof];

    fn sql(self) -> &'static HolderSql {
        &HOLDERS[self as usize]
    }
}

/// One wrapped document key as a row holds it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldKey {
    pub id: Uuid,
    pub master_id: String,
    pub wrapped: Vec<u8>,
}

/// How many keys each master key id wraps or seals.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KeyUsage {
    pub master_id: String,
    pub count: i64,
}

impl Store {
    /// Up to `limit` keys of `holder` not wrapped under `current`, after `after` (by id).
    pub async fn keys_not_under(&self, holder: Holder, current: &str, after: Uuid, limit: i64) -> Result<Vec<HeldKey>> {
        let q = holder.sql().select;
        Ok(run!(self.db, |p| sqlx::query_as::<_, HeldKey>(q).bind(current).bind(after).bind(limit).fetch_all(p).await)?)
    }

    /// Replaces each `(old, new master id, new wrapped key)` where the row still holds `old`, in
    /// one transaction; how many were replaced.
    pub async fn replace_keys(&self, holder: Holder, changes: &[(HeldKey, String, Vec<u8>)]) -> Result<u64> {
        let q = holder.sql().update;
        Ok(in_tx!(self.db, |tx| {
            let mut n = 0;
            for (old, new_master, new_wrapped) in changes {
                n += sqlx::query(q)
                    .bind(new_master)
                    .bind(new_wrapped)
                    .bind(old.id)
                    .bind(&old.master_id)
                    .bind(&old.wrapped)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            n
        }))
    }

    /// Up to `limit` TOTP secrets that do not start with `prefix` (sealed under another key, or
    /// stored before secrets were sealed), after `after` (by account id).
    pub async fn totp_secrets_not_under(
        &self,
        prefix: &str,
        after: Uuid,
        limit: i64,
    ) -> Result<Vec<(AccountId, String)>> {
        let q = "SELECT id, totp_secret FROM accounts WHERE totp_secret IS NOT NULL \
                 AND substr(totp_secret, 1, length($1)) <> $1 AND id > $2 ORDER BY id LIMIT $3";
        let rows: Vec<(Uuid, String)> =
            run!(self.db, |p| sqlx::query_as(q).bind(prefix).bind(after).bind(limit).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(id, s)| (AccountId(id), s)).collect())
    }

    /// Replaces each `(account, old, new)` TOTP secret where it is still `old`, in one
    /// transaction; how many were replaced.
    pub async fn replace_totp_secrets(&self, changes: &[(AccountId, String, String)]) -> Result<u64> {
        let q = "UPDATE accounts SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3";
        Ok(in_tx!(self.db, |tx| {
            let mut n = 0;
            for (id, old, new) in changes {
                n += sqlx::query(q).bind(new).bind(id.0).bind(old).execute(&mut *tx).await?.rows_affected();
            }
            n
        }))
    }

    /// How many wrapped keys each master key id holds, all tables together.
    pub async fn wrapped_key_usage(&self) -> Result<Vec<KeyUsage>> {
        let q = "SELECT master_id, COUNT(*) AS count FROM (\
                 SELECT master_key_id AS master_id FROM documents UNION ALL \
                 SELECT photo_master_id FROM pr_confirmations WHERE photo_master_id IS NOT NULL UNION ALL \
                 SELECT proof_master_key_id FROM representatives WHERE proof_master_key_id IS NOT NULL\
                 ) AS held GROUP BY master_id ORDER BY master_id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, KeyUsage>(q).fetch_all(p).await)?)
    }

    /// How many TOTP secrets each key id seals (`plain`: stored before secrets were sealed).
    /// Key ids are 8 hex characters (`v1.<id>.…`).
    pub async fn totp_secret_ids(&self) -> Result<Vec<(String, i64)>> {
        let q = "SELECT CASE WHEN substr(totp_secret, 1, 3) = 'v1.' THEN substr(totp_secret, 4, 8) ELSE 'plain' END \
                 AS key_id, COUNT(*) FROM accounts WHERE totp_secret IS NOT NULL GROUP BY key_id ORDER BY key_id";
        Ok(run!(self.db, |p| sqlx::query_as::<_, (String, i64)>(q).fetch_all(p).await)?)
    }
}
