//! Invite codes of the PR portal (stored as keyed hashes only), redeeming them — one atomic
//! statement, so of many simultaneous redemptions of one code exactly one wins — and who may see
//! which moved file.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::outbox::{NewMail, insert_mail};
use crate::pr_confirm::START_PR_CONFIRMATION;
use crate::waves::INSERT_INVITE;
use crate::{EVENT, Result, Store};

/// An invite as found by its code.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invite {
    pub id: Uuid,
    pub application_id: Uuid,
    pub issued_to: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub redeemed_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const SELECT_INVITE: &str =
    "SELECT id, application_id, issued_to, created_at, expires_at, redeemed_at, revoked_at FROM invites";

/// A file managed in the PR portal, as its owner's secure account lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MovedFile {
    pub id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    pub created_at: DateTime<Utc>,
    /// When the working code (if any) was sent, and until when it works.
    pub invite_sent_at: Option<DateTime<Utc>>,
    pub invite_expires_at: Option<DateTime<Utc>>,
    /// Somebody redeemed a code of this file.
    pub redeemed: bool,
}

/// A new code for one file: the working one (if any) is revoked in the same transaction.
pub struct NewInvite<'a> {
    pub application_id: Uuid,
    pub issued_to: Uuid,
    pub code_hash: &'a str,
    pub expires_at: DateTime<Utc>,
    pub mail: &'a NewMail,
    /// Timeline entry: `moved_to_pr_portal` the first time, `invite_reissued` after.
    pub event: &'a str,
}

impl Store {
    pub async fn invite_by_hash(&self, code_hash: &str) -> Result<Option<Invite>> {
        let q = format!("{SELECT_INVITE} WHERE code_hash = $1");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Invite>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(code_hash)
            .fetch_optional(p)
            .await)?)
    }

    /// The working invite of a file, if any.
    pub async fn open_invite(&self, application_id: Uuid) -> Result<Option<Invite>> {
        let q = format!("{SELECT_INVITE} WHERE application_id = $1 AND redeemed_at IS NULL AND revoked_at IS NULL");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Invite>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(application_id)
            .fetch_optional(p)
            .await)?)
    }

    /// Moves one file to the PR portal (by hand) or gives it a new code: the old code stops
    /// working in the same transaction, the email is queued with it.
    pub async fn issue_invite(&self, new: &NewInvite<'_>, now: DateTime<Utc>) -> Result<()> {
        in_tx!(self.db, |tx| {
            sqlx::query("UPDATE invites SET revoked_at = $2 WHERE application_id = $1 AND redeemed_at IS NULL AND revoked_at IS NULL")
                .bind(new.application_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE applications SET portal = 'pr' WHERE id = $1")
                .bind(new.application_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(START_PR_CONFIRMATION).bind(new.application_id).bind(now).execute(&mut *tx).await?;
            sqlx::query(INSERT_INVITE)
                .bind(Uuid::new_v4())
                .bind(new.application_id)
                .bind(new.code_hash)
                .bind(new.issued_to)
                .bind(None::<Uuid>)
                .bind(now)
                .bind(new.expires_at)
                .execute(&mut *tx)
                .await?;
            insert_mail!(tx, new.mail, now);
            sqlx::query(EVENT)
                .bind(Uuid::new_v4())
                .bind(new.application_id)
                .bind(now)
                .bind(new.event)
                .bind("")
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Revokes the working code of a file; true when there was one.
    pub async fn revoke_invite(&self, application_id: Uuid, now: DateTime<Utc>) -> Result<bool> {
        let q = "UPDATE invites SET revoked_at = $2 WHERE application_id = $1 AND redeemed_at IS NULL AND revoked_at IS NULL";
        let n = run!(self.db, |p| sqlx::query(q)
            .bind(application_id)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// Redeems an invite for `account`: true for exactly one caller per code, and only while it
    /// is neither used, revoked nor expired. The account may then see the file in the PR portal.
    pub async fn redeem_invite(&self, invite: Uuid, account: AccountId, now: DateTime<Utc>) -> Result<bool> {
        let mut won = false;
        in_tx!(self.db, |tx| {
            let application: Option<Uuid> = sqlx::query_scalar(
                "UPDATE invites SET redeemed_at = $3, redeemed_by = $2 WHERE id = $1 AND redeemed_at IS NULL \
                 AND revoked_at IS NULL AND expires_at > $3 RETURNING application_id",
            )
            .bind(invite)
            .bind(account.0)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(application_id) = application {
                won = true;
                sqlx::query(
                    "INSERT INTO pr_access (application_id, account_id, granted_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (application_id, account_id) DO NOTHING",
                )
                .bind(application_id)
                .bind(account.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(EVENT)
                    .bind(Uuid::new_v4())
                    .bind(application_id)
                    .bind(now)
                    .bind("invite_redeemed")
                    .bind("")
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(won)
    }

    /// The owner's files that moved to the PR portal, with their working code's dates.
    pub async fn moved_files_of(&self, account: AccountId) -> Result<Vec<MovedFile>> {
        let q = "SELECT a.id, a.number, a.type_id, a.stage, a.created_at, i.created_at AS invite_sent_at, \
                 i.expires_at AS invite_expires_at, \
                 EXISTS (SELECT 1 FROM invites r WHERE r.application_id = a.id AND r.redeemed_at IS NOT NULL) AS redeemed \
                 FROM applications a LEFT JOIN invites i ON i.application_id = a.id AND i.redeemed_at IS NULL \
                 AND i.revoked_at IS NULL WHERE a.account_id = $1 AND a.portal = 'pr' ORDER BY a.created_at DESC";
        Ok(run!(self.db, |p| sqlx::query_as::<_, MovedFile>(q).bind(account.0).fetch_all(p).await)?)
    }

    /// The files this account manages in the PR portal (it redeemed a code for each).
    pub async fn pr_files_of(&self, account: AccountId) -> Result<Vec<MovedFile>> {
        let q = "SELECT a.id, a.number, a.type_id, a.stage, a.created_at, CASE WHEN FALSE THEN a.created_at END AS invite_sent_at, \
                 CASE WHEN FALSE THEN a.created_at END AS invite_expires_at, TRUE AS redeemed \
                 FROM pr_access x JOIN applications a ON a.id = x.application_id \
                 WHERE x.account_id = $1 ORDER BY x.granted_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, MovedFile>(q).bind(account.0).fetch_all(p).await)?)
    }

    pub async fn has_pr_access(&self, account: AccountId, application_id: Uuid) -> Result<bool> {
        let q = "SELECT COUNT(*) FROM pr_access WHERE account_id = $1 AND application_id = $2";
        let n: i64 = run!(self.db, |p| sqlx::query_scalar(q).bind(account.0).bind(application_id).fetch_one(p).await)?;
        Ok(n > 0)
    }

    /// The date of birth given on a file (principal applicant), `YYYY-MM-DD`, for binding a code
    /// to its person.
    pub async fn file_birth_date(&self, application_id: Uuid) -> Result<Option<String>> {
        let answers: Option<String> =
            run!(self.db, |p| sqlx::query_scalar("SELECT answers FROM applications WHERE id = $1")
                .bind(application_id)
                .fetch_optional(p)
                .await)?;
        Ok(answers
            .and_then(|a| serde_json::from_str::<std::collections::BTreeMap<String, String>>(&a).ok())
            .and_then(|m| m.get("personal.date_of_birth").or_else(|| m.get("date_of_birth")).cloned()))
    }

    /// A file this account may see in the PR portal (it redeemed a code for it), with its owner.
    pub async fn pr_file_of(&self, account: AccountId, application: Uuid) -> Result<Option<PrFile>> {
        let q = "SELECT a.id, a.account_id, a.number, a.type_id, a.stage, a.answers, a.created_at FROM pr_access x \
                 JOIN applications a ON a.id = x.application_id WHERE x.account_id = $1 AND x.application_id = $2";
        Ok(run!(self.db, |p| sqlx::query_as::<_, PrFile>(q).bind(account.0).bind(application).fetch_optional(p).await)?)
    }

    /// The email and language of every account managing a file in the PR portal.
    pub async fn pr_accounts_of(&self, application: Uuid) -> Result<Vec<(String, String)>> {
        let q = "SELECT a.email, a.lang FROM pr_access x JOIN accounts a ON a.id = x.account_id \
                 WHERE x.application_id = $1 ORDER BY x.granted_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, (String, String)>(q).bind(application).fetch_all(p).await)?)
    }

    /// Which portal manages a file: `secure` or `pr` (None: no such file).
    pub async fn application_portal(&self, application: Uuid) -> Result<Option<String>> {
        let q = "SELECT portal FROM applications WHERE id = $1";
        Ok(run!(self.db, |p| sqlx::query_scalar(q).bind(application).fetch_optional(p).await)?)
    }
}

/// A file as the PR portal shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PrFile {
    pub id: Uuid,
    pub account_id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    /// The questionnaire's answers (JSON), for the personal details to confirm.
    pub answers: String,
    pub created_at: DateTime<Utc>,
}
