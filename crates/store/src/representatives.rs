//! Representatives and consents: a person's profile as a representative (staff verify the paid
//! ones), and the dated consents between clients and representatives. A consent reaches files
//! only while it is active and its representative may act (see `files::REP_ACT`).

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::representation::{ConsentStatus, Correspondence, RepKind, RepStatus};
use uuid::Uuid;

use crate::files::Record;
use crate::{Result, Store, StoreError, conflict_on_unique};

/// A representative's profile, with the account's username and email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representative {
    pub account_id: AccountId,
    pub username: String,
    pub email: String,
    pub number: String,
    pub kind: RepKind,
    pub full_name: String,
    pub membership: String,
    pub business_name: String,
    pub business_address: String,
    pub status: RepStatus,
    /// Why staff refused or suspended (empty otherwise).
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The file name of the proof of membership, once given.
    pub proof: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RepRow {
    account_id: Uuid,
    username: String,
    email: String,
    number: String,
    kind: String,
    full_name: String,
    membership: String,
    business_name: String,
    business_address: String,
    status: String,
    reason: String,
    created_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    proof_file_name: Option<String>,
}

impl TryFrom<RepRow> for Representative {
    type Error = StoreError;
    fn try_from(r: RepRow) -> Result<Self> {
        Ok(Representative {
            account_id: AccountId(r.account_id),
            kind: RepKind::parse(&r.kind).ok_or(StoreError::Corrupt("representative kind"))?,
            status: RepStatus::parse(&r.status).ok_or(StoreError::Corrupt("representative status"))?,
            username: r.username,
            email: r.email,
            number: r.number,
            full_name: r.full_name,
            membership: r.membership,
            business_name: r.business_name,
            business_address: r.business_address,
            reason: r.reason,
            created_at: r.created_at,
            decided_at: r.decided_at,
            proof: r.proof_file_name,
        })
    }
}

/// A profile to record.
pub struct NewRepresentative<'a> {
    pub number: &'a str,
    pub kind: RepKind,
    pub full_name: &'a str,
    pub membership: &'a str,
    pub business_name: &'a str,
    pub business_address: &'a str,
}

/// A consent, with both parties as the other side sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: Uuid,
    pub client_id: AccountId,
    pub client_email: String,
    pub representative_id: AccountId,
    pub representative_name: String,
    pub representative_number: String,
    /// `None`: every file of the client.
    pub application_id: Option<Uuid>,
    pub application_number: Option<String>,
    pub can_act: bool,
    pub correspondence: Correspondence,
    pub status: ConsentStatus,
    /// `client` or `representative`.
    pub requested_by: String,
    pub signed_name: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

#[derive(sqlx::FromRow)]
struct ConsentRow {
    id: Uuid,
    client_id: Uuid,
    client_email: String,
    representative_id: Uuid,
    representative_name: String,
    representative_number: String,
    application_id: Option<Uuid>,
    application_number: Option<String>,
    can_act: bool,
    correspondence: String,
    status: String,
    requested_by: String,
    signed_name: String,
    created_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    end_reason: String,
}

impl TryFrom<ConsentRow> for Consent {
    type Error = StoreError;
    fn try_from(r: ConsentRow) -> Result<Self> {
        Ok(Consent {
            id: r.id,
            client_id: AccountId(r.client_id),
            representative_id: AccountId(r.representative_id),
            correspondence: Correspondence::parse(&r.correspondence).ok_or(StoreError::Corrupt("correspondence"))?,
            status: ConsentStatus::parse(&r.status).ok_or(StoreError::Corrupt("consent status"))?,
            client_email: r.client_email,
            representative_name: r.representative_name,
            representative_number: r.representative_number,
            application_id: r.application_id,
            application_number: r.application_number,
            can_act: r.can_act,
            requested_by: r.requested_by,
            signed_name: r.signed_name,
            created_at: r.created_at,
            decided_at: r.decided_at,
            ended_at: r.ended_at,
            end_reason: r.end_reason,
        })
    }
}

/// A consent to record: given by the client (`Active`) or asked by the representative
/// (`Requested`).
pub struct NewConsent<'a> {
    pub id: Uuid,
    pub client: AccountId,
    pub representative: AccountId,
    pub application: Option<Uuid>,
    pub can_act: bool,
    pub correspondence: Correspondence,
    pub status: ConsentStatus,
    pub requested_by: &'a str,
    pub signed_name: &'a str,
}

/// Writes a consent change's record inside a transaction: on the file's timeline when the
/// consent names one file, otherwise its audit entry and mail alone.
macro_rules! consent_record {
    ($tx:ident, $app:expr, $rec:expr, $now:expr) => {{
        let rec: &Record<'_> = $rec;
        match $app {
            Some(app) => record!($tx, app, rec, $now),
            None => {
                for m in rec.mails {
                    crate::outbox::insert_mail!($tx, m, $now);
                }
                audit!($tx, &rec.audit, $now);
            }
        }
    }};
}

const REP_COLUMNS: &str = "SELECT r.account_id, ac.username, ac.email, r.number, r.kind, r.full_name, r.membership, \
     r.business_name, r.business_address, r.status, r.reason, r.created_at, r.decided_at, r.proof_file_name \
     FROM representatives r JOIN accounts ac ON ac.id = r.account_id";

const CONSENT_COLUMNS: &str = "SELECT c.id, c.client_id, cl.email AS client_email, c.representative_id, \
     r.full_name AS representative_name, r.number AS representative_number, c.application_id, \
     a.number AS application_number, c.can_act, c.correspondence, c.status, c.requested_by, c.signed_name, \
     c.created_at, c.decided_at, c.ended_at, c.end_reason FROM consents c \
     JOIN accounts cl ON cl.id = c.client_id JOIN representatives r ON r.account_id = c.representative_id \
     LEFT JOIN applications a ON a.id = c.application_id";

impl Store {
    /// Records a profile; `Conflict` when the account has one or the number is taken.
    pub async fn create_representative(
        &self,
        account: AccountId,
        r: &NewRepresentative<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done: Result<()> = async {
            in_tx!(self.db, |tx| {
                sqlx::query(
                    "INSERT INTO representatives (account_id, number, kind, full_name, membership, business_name, \
                     business_address, status, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9)",
                )
                .bind(account.0)
                .bind(r.number)
                .bind(r.kind.as_str())
                .bind(r.full_name)
                .bind(r.membership)
                .bind(r.business_name)
                .bind(r.business_address)
                .bind(r.kind.first_status().as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                audit!(tx, &rec.audit, now);
            });
            Ok(())
        }
        .await;
        conflict_on_unique(done, "representative")
    }

    pub async fn representative(&self, account: AccountId) -> Result<Option<Representative>> {
        let q = format!("{REP_COLUMNS} WHERE r.account_id = $1");
        self.one_rep(&q, &account.0.to_string(), Some(account.0)).await
    }

    /// The profile with this public number (upper-cased by the caller).
    pub async fn representative_by_number(&self, number: &str) -> Result<Option<Representative>> {
        let q = format!("{REP_COLUMNS} WHERE r.number = $1");
        self.one_rep(&q, number, None).await
    }

    /// The profiles whose account has this email (lower-cased).
    pub async fn representatives_by_email(&self, email: &str) -> Result<Vec<Representative>> {
        let q = format!("{REP_COLUMNS} WHERE LOWER(ac.email) = $1 ORDER BY r.created_at");
        let rows = run!(self.db, |p| sqlx::query_as::<_, RepRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(email)
            .fetch_all(p)
            .await)?;
        rows.into_iter().map(Representative::try_from).collect()
    }

    async fn one_rep(&self, q: &str, text: &str, id: Option<Uuid>) -> Result<Option<Representative>> {
        let row = match id {
            Some(id) => {
                run!(self.db, |p| sqlx::query_as::<_, RepRow>(sqlx::AssertSqlSafe(q)).bind(id).fetch_optional(p).await)?
            }
            None => run!(self.db, |p| sqlx::query_as::<_, RepRow>(sqlx::AssertSqlSafe(q))
                .bind(text)
                .fetch_optional(p)
                .await)?,
        };
        row.map(Representative::try_from).transpose()
    }

    /// Profiles in these states, oldest first (the staff queue); at most `limit`.
    pub async fn representatives_in(&self, states: &[RepStatus], limit: i64) -> Result<Vec<Representative>> {
        let list: Vec<String> = states.iter().map(|s| format!("'{}'", s.as_str())).collect();
        let q = format!(
            "{REP_COLUMNS} WHERE r.status IN ({}) ORDER BY r.created_at, r.account_id LIMIT $1",
            list.join(", ")
        );
        let rows = run!(self.db, |p| sqlx::query_as::<_, RepRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(limit)
            .fetch_all(p)
            .await)?;
        rows.into_iter().map(Representative::try_from).collect()
    }

    /// Moves a profile from `from` to `to` with the reason, if it is still in `from`.
    pub async fn decide_representative(
        &self,
        account: AccountId,
        from: RepStatus,
        to: RepStatus,
        reason: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE representatives SET status = $3, reason = $4, decided_at = $5 WHERE account_id = $1 AND status = $2",
            )
            .bind(account.0)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(reason)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                for m in rec.mails {
                    crate::outbox::insert_mail!(tx, m, now);
                }
                audit!(tx, &rec.audit, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// Records a consent; `Conflict("consent-exists")` when one is already open for the same
    /// client, representative and scope.
    pub async fn create_consent(&self, c: &NewConsent<'_>, rec: &Record<'_>, now: DateTime<Utc>) -> Result<()> {
        let done: Result<()> = async {
            in_tx!(self.db, |tx| {
                sqlx::query(
                    "INSERT INTO consents (id, client_id, representative_id, application_id, can_act, correspondence, \
                     status, requested_by, signed_name, created_at, decided_at, end_reason) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '')",
                )
                .bind(c.id)
                .bind(c.client.0)
                .bind(c.representative.0)
                .bind(c.application)
                .bind(c.can_act)
                .bind(c.correspondence.as_str())
                .bind(c.status.as_str())
                .bind(c.requested_by)
                .bind(c.signed_name)
                .bind(now)
                .bind((c.status == ConsentStatus::Active).then_some(now))
                .execute(&mut *tx)
                .await?;
                consent_record!(tx, c.application, rec, now);
            });
            Ok(())
        }
        .await;
        conflict_on_unique(done, "consent-exists")
    }

    pub async fn consent(&self, id: Uuid) -> Result<Option<Consent>> {
        let q = format!("{CONSENT_COLUMNS} WHERE c.id = $1");
        let row = run!(self.db, |p| sqlx::query_as::<_, ConsentRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(id)
            .fetch_optional(p)
            .await)?;
        row.map(Consent::try_from).transpose()
    }

    /// A client's consents (`by_client`) or a representative's, newest first.
    pub async fn consents_of(&self, party: AccountId, by_client: bool) -> Result<Vec<Consent>> {
        let column = if by_client { "c.client_id" } else { "c.representative_id" };
        let q = format!("{CONSENT_COLUMNS} WHERE {column} = $1 ORDER BY c.created_at DESC, c.id LIMIT 500");
        let rows = run!(self.db, |p| sqlx::query_as::<_, ConsentRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(party.0)
            .fetch_all(p)
            .await)?;
        rows.into_iter().map(Consent::try_from).collect()
    }

    /// Moves consent `id` from `from` to `to` (an answer or an end), if it is still in `from`.
    /// `signed_name` is kept when given (a client accepting signs); `reason` for an end.
    pub async fn set_consent_status(
        &self,
        c: &Consent,
        to: ConsentStatus,
        signed_name: Option<&str>,
        reason: &str,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let ends = matches!(to, ConsentStatus::Revoked | ConsentStatus::Withdrawn);
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(
                "UPDATE consents SET status = $3, signed_name = COALESCE($4, signed_name), \
                 decided_at = CASE WHEN $5 THEN decided_at ELSE $6 END, \
                 ended_at = CASE WHEN $5 THEN $6 ELSE ended_at END, end_reason = $7 \
                 WHERE id = $1 AND status = $2",
            )
            .bind(c.id)
            .bind(c.status.as_str())
            .bind(to.as_str())
            .bind(signed_name)
            .bind(ends)
            .bind(now)
            .bind(reason)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                consent_record!(tx, c.application_id, rec, now);
            }
            n == 1
        });
        Ok(done)
    }

    /// The active consents that reach file `id` (for the officer's file page and the client).
    pub async fn consents_covering(&self, id: Uuid) -> Result<Vec<Consent>> {
        let q = format!(
            "{CONSENT_COLUMNS} JOIN applications f ON f.account_id = c.client_id WHERE f.id = $1 \
             AND c.status = 'active' AND (c.application_id IS NULL OR c.application_id = f.id) ORDER BY c.created_at"
        );
        let rows = run!(self.db, |p| sqlx::query_as::<_, ConsentRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(id)
            .fetch_all(p)
            .await)?;
        rows.into_iter().map(Consent::try_from).collect()
    }

    /// The submitted file with this number whose owner's email is `email` (lower-cased): its id
    /// and owner. `None` when either does not match.
    pub async fn file_of_client(&self, number: &str, email: &str) -> Result<Option<(Uuid, AccountId)>> {
        let q = "SELECT a.id, a.account_id FROM applications a JOIN accounts ac ON ac.id = a.account_id \
                 WHERE a.number = $1 AND LOWER(ac.email) = $2";
        let row: Option<(Uuid, Uuid)> =
            run!(self.db, |p| sqlx::query_as(q).bind(number).bind(email).fetch_optional(p).await)?;
        Ok(row.map(|(id, owner)| (id, AccountId(owner))))
    }

    /// Keeps the proof of membership of a profile waiting for verification (replacing any
    /// earlier one); returns the object key of the one replaced, or `None` when the profile is
    /// not waiting (nothing kept).
    pub async fn set_representative_proof(
        &self,
        account: AccountId,
        d: &crate::documents::NewDocument<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<Option<String>>> {
        let done = in_tx!(self.db, |tx| {
            let old: Option<Option<String>> = sqlx::query_scalar(
                "SELECT proof_object_key FROM representatives WHERE account_id = $1 AND status = 'pending'",
            )
            .bind(account.0)
            .fetch_optional(&mut *tx)
            .await?;
            if old.is_some() {
                sqlx::query(
                    "UPDATE representatives SET proof_file_name = $2, proof_content_type = $3, proof_size = $4, \
                     proof_sha256 = $5, proof_object_key = $6, proof_master_key_id = $7, proof_wrapped_key = $8, \
                     proof_at = $9 WHERE account_id = $1",
                )
                .bind(account.0)
                .bind(d.file_name)
                .bind(d.content_type)
                .bind(d.size)
                .bind(d.sha256)
                .bind(d.object_key)
                .bind(d.master_key_id)
                .bind(d.wrapped_key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                audit!(tx, &rec.audit, now);
            }
            old
        });
        Ok(done)
    }

    /// The proof of membership of a profile, as a document record (its id is the account's).
    pub async fn representative_proof(&self, account: AccountId) -> Result<Option<crate::documents::DocumentRecord>> {
        let q = "SELECT account_id AS id, account_id AS application_id, 'representative-proof' AS item_key, \
                 proof_file_name AS file_name, proof_content_type AS content_type, proof_size AS size, \
                 proof_sha256 AS sha256, proof_object_key AS object_key, proof_master_key_id AS master_key_id, \
                 proof_wrapped_key AS wrapped_key, proof_at AS uploaded_at FROM representatives \
                 WHERE account_id = $1 AND proof_object_key IS NOT NULL";
        Ok(run!(self.db, |p| sqlx::query_as::<_, crate::documents::DocumentRecord>(q)
            .bind(account.0)
            .fetch_optional(p)
            .await)?)
    }
}
