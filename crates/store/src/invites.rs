//! Invite codes of the PR portal (stored as keyed hashes only), redeeming them — one atomic
//! statement, so of many simultaneous redemptions of one code exactly one wins — and who may see
//! which moved file.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use uuid::Uuid;

use crate::files::{FileRef, Record};
use crate::pr_confirm::START_PR_CONFIRMATION;
use crate::waves::INSERT_INVITE;
use crate::{Result, Store};

/// What a moved file shows of its working code (`i`, joined) and of its history (`a`): when the
/// code was sent and until when it works, how far outages moved it and since when, and whether
/// any code of the file was redeemed — the columns of [`MovedFile`] after its first five.
macro_rules! moved_invite_columns {
    () => {
        "i.created_at AS invite_sent_at, i.expires_at AS invite_expires_at, \
         (SELECT CAST(SUM(m.moved_by_secs) AS BIGINT) FROM invite_moves m WHERE m.invite_id = i.id) AS invite_moved_secs, \
         (SELECT MIN(m.interruption_started_at) FROM invite_moves m WHERE m.invite_id = i.id) AS invite_interrupted_at, \
         EXISTS (SELECT 1 FROM invites r WHERE r.application_id = a.id AND r.redeemed_at IS NOT NULL) AS redeemed"
    };
}
pub(crate) use moved_invite_columns;

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
    /// The file's answers (JSON), for the date of birth a code is bound to.
    pub answers: String,
}

impl Invite {
    /// The date of birth given on the file (principal applicant), `YYYY-MM-DD`.
    pub fn birth_date(&self) -> Option<String> {
        let m: std::collections::BTreeMap<String, String> = serde_json::from_str(&self.answers).ok()?;
        m.get("personal.date_of_birth").or_else(|| m.get("date_of_birth")).cloned()
    }
}

const SELECT_INVITE: &str = "SELECT i.id, i.application_id, i.issued_to, i.created_at, i.expires_at, i.redeemed_at, \
     i.revoked_at, a.answers FROM invites i JOIN applications a ON a.id = i.application_id";

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
    /// How long outages extended the working code, and when the first of them began.
    pub invite_moved_secs: Option<i64>,
    pub invite_interrupted_at: Option<DateTime<Utc>>,
    /// Somebody redeemed a code of this file.
    pub redeemed: bool,
}

/// A new code for one file: the working one (if any) is revoked in the same transaction.
pub struct NewInvite<'a> {
    pub issued_to: Uuid,
    pub code_hash: &'a str,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    pub async fn invite_by_hash(&self, code_hash: &str) -> Result<Option<Invite>> {
        let q = format!("{SELECT_INVITE} WHERE i.code_hash = $1");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Invite>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(code_hash)
            .fetch_optional(p)
            .await)?)
    }

    /// The working invite of a file, if any.
    pub async fn open_invite(&self, file: &FileRef) -> Result<Option<Invite>> {
        let q =
            format!("{SELECT_INVITE} WHERE i.application_id = $1 AND i.redeemed_at IS NULL AND i.revoked_at IS NULL");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Invite>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(file.id())
            .fetch_optional(p)
            .await)?)
    }

    /// Moves one file to the PR portal (by hand) or gives it a new code: the old code stops
    /// working in the same transaction, the email and the record go with it.
    pub async fn issue_invite(
        &self,
        file: &FileRef,
        new: &NewInvite<'_>,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let id = file.id();
        in_tx!(self.db, |tx| {
            sqlx::query(
                "UPDATE invites SET revoked_at = $2 WHERE application_id = $1 AND redeemed_at IS NULL AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE applications SET portal = 'pr' WHERE id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query(START_PR_CONFIRMATION).bind(id).bind(now).execute(&mut *tx).await?;
            sqlx::query(INSERT_INVITE)
                .bind(Uuid::new_v4())
                .bind(id)
                .bind(new.code_hash)
                .bind(new.issued_to)
                .bind(None::<Uuid>)
                .bind(now)
                .bind(new.expires_at)
                .execute(&mut *tx)
                .await?;
            record!(tx, id, rec, now);
        });
        Ok(())
    }

    /// Revokes the working code of a file, with its record; true when there was one.
    pub async fn revoke_invite(&self, file: &FileRef, rec: &Record<'_>, now: DateTime<Utc>) -> Result<bool> {
        let q = "UPDATE invites SET revoked_at = $2 WHERE application_id = $1 AND redeemed_at IS NULL AND revoked_at IS NULL";
        let id = file.id();
        let done = in_tx!(self.db, |tx| {
            let n = sqlx::query(q).bind(id).bind(now).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                record!(tx, id, rec, now);
            }
            n > 0
        });
        Ok(done)
    }

    /// Redeems an invite for `account`: true for exactly one caller per code, and only while it
    /// is neither used, revoked nor expired. The account may then see the file in the PR portal.
    /// The record's timeline entry and audit entry are written with it.
    pub async fn redeem_invite(
        &self,
        invite: &Invite,
        account: AccountId,
        rec: &Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let won = in_tx!(self.db, |tx| {
            let application: Option<Uuid> = sqlx::query_scalar(
                "UPDATE invites SET redeemed_at = $3, redeemed_by = $2 WHERE id = $1 AND redeemed_at IS NULL \
                 AND revoked_at IS NULL AND expires_at > $3 RETURNING application_id",
            )
            .bind(invite.id)
            .bind(account.0)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(application_id) = application {
                sqlx::query(
                    "INSERT INTO pr_access (application_id, account_id, granted_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (application_id, account_id) DO NOTHING",
                )
                .bind(application_id)
                .bind(account.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                record!(tx, application_id, rec, now);
            }
            application.is_some()
        });
        Ok(won)
    }

    /// The owner's files that moved to the PR portal, with their working code's dates.
    pub async fn moved_files_of(&self, owner: AccountId) -> Result<Vec<MovedFile>> {
        const Q: &str = concat!(
            "SELECT a.id, a.number, a.type_id, a.stage, a.created_at, ",
            moved_invite_columns!(),
            " FROM applications a LEFT JOIN invites i ON i.application_id = a.id AND i.redeemed_at IS NULL \
             AND i.revoked_at IS NULL WHERE a.account_id = $1 AND a.portal = 'pr' ORDER BY a.created_at DESC"
        );
        Ok(run!(self.db, |p| sqlx::query_as::<_, MovedFile>(Q).bind(owner.0).fetch_all(p).await)?)
    }

    /// The files this account manages in the PR portal (it redeemed a code for each).
    pub async fn pr_files_of(&self, account: AccountId) -> Result<Vec<MovedFile>> {
        let q = "SELECT a.id, a.number, a.type_id, a.stage, a.created_at, CASE WHEN FALSE THEN a.created_at END AS invite_sent_at, \
                 CASE WHEN FALSE THEN a.created_at END AS invite_expires_at, CAST(NULL AS BIGINT) AS invite_moved_secs, \
                 CASE WHEN FALSE THEN a.created_at END AS invite_interrupted_at, TRUE AS redeemed \
                 FROM pr_access x JOIN applications a ON a.id = x.application_id \
                 WHERE x.account_id = $1 ORDER BY x.granted_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, MovedFile>(q).bind(account.0).fetch_all(p).await)?)
    }

    /// The email and language of every account managing a file in the PR portal.
    pub async fn pr_accounts_of(&self, file: &FileRef) -> Result<Vec<(String, String)>> {
        let q = "SELECT a.email, a.lang FROM pr_access x JOIN accounts a ON a.id = x.account_id \
                 WHERE x.application_id = $1 ORDER BY x.granted_at";
        Ok(run!(self.db, |p| sqlx::query_as::<_, (String, String)>(q).bind(file.id()).fetch_all(p).await)?)
    }
}
