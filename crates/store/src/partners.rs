//! Sign-In Partners: sign-ins under way (single use, taken by deleting the row) and the
//! identities — (issuer, subject) pairs — tied to accounts. Nothing is ever matched by email.

use chrono::{DateTime, Utc};
use portail_domain::account::{AccountId, Role, SignInKind};
use portail_domain::language::Lang;
use portail_domain::partner::Assurance;
use uuid::Uuid;

use crate::outbox::insert_mail;
use crate::{Result, Store, StoreError, is_unique_violation};

/// A sign-in sent to a partner, as stored until its callback returns.
#[derive(Debug, Clone)]
pub struct PartnerFlow {
    pub partner: String,
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Set when a signed-in person re-authenticates: the callback must come back as them.
    pub account_id: Option<AccountId>,
    pub return_to: Option<String>,
    pub expires_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct FlowRow {
    partner: String,
    browser_hash: String,
    nonce: String,
    pkce_verifier: String,
    account_id: Option<Uuid>,
    return_to: Option<String>,
    expires_at: DateTime<Utc>,
}

/// An identity a partner vouched for, tied to one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerIdentity {
    pub issuer: String,
    pub subject: String,
    pub partner: String,
    pub account_id: AccountId,
    pub last_sign_in_at: DateTime<Utc>,
    pub assurance: Assurance,
}

#[derive(sqlx::FromRow)]
struct IdentityRow {
    issuer: String,
    subject: String,
    partner: String,
    account_id: Uuid,
    last_sign_in_at: DateTime<Utc>,
    last_acr: Option<String>,
    last_amr: Option<String>,
}

impl From<IdentityRow> for PartnerIdentity {
    fn from(r: IdentityRow) -> Self {
        PartnerIdentity {
            issuer: r.issuer,
            subject: r.subject,
            partner: r.partner,
            account_id: AccountId(r.account_id),
            last_sign_in_at: r.last_sign_in_at,
            assurance: Assurance::from_stored(r.last_acr, r.last_amr),
        }
    }
}

const SELECT_IDENTITY: &str = "SELECT issuer, subject, partner, account_id, last_sign_in_at, last_acr, last_amr \
     FROM partner_identities WHERE issuer = $1 AND subject = $2";
const SELECT_IDENTITIES_OF: &str = "SELECT issuer, subject, partner, account_id, last_sign_in_at, last_acr, \
     last_amr FROM partner_identities WHERE account_id = $1 ORDER BY created_at";

/// What the first sign-in through a partner creates.
pub struct NewPartnerAccount<'a> {
    pub id: AccountId,
    pub issuer: &'a str,
    pub subject: &'a str,
    pub partner: &'a str,
    /// The address the partner gave, to suggest; it is confirmed before the account is usable.
    pub email: &'a str,
    pub lang: Lang,
    pub assurance: &'a Assurance,
}

impl Store {
    pub async fn create_partner_flow(&self, state_hash: &str, flow: &PartnerFlow, now: DateTime<Utc>) -> Result<()> {
        let q = "INSERT INTO partner_flows (state_hash, partner, browser_hash, nonce, pkce_verifier, account_id, \
                 return_to, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        run!(self.db, |p| sqlx::query(q)
            .bind(state_hash)
            .bind(&flow.partner)
            .bind(&flow.browser_hash)
            .bind(&flow.nonce)
            .bind(&flow.pkce_verifier)
            .bind(flow.account_id.map(|a| a.0))
            .bind(flow.return_to.as_deref())
            .bind(now)
            .bind(flow.expires_at)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Takes a sign-in by its state: the row is deleted in the same statement, so of two
    /// callbacks with one state only one finds it.
    pub async fn take_partner_flow(&self, state_hash: &str) -> Result<Option<PartnerFlow>> {
        let q = "DELETE FROM partner_flows WHERE state_hash = $1 RETURNING partner, browser_hash, nonce, \
                 pkce_verifier, account_id, return_to, expires_at";
        let row = run!(self.db, |p| sqlx::query_as::<_, FlowRow>(q).bind(state_hash).fetch_optional(p).await)?;
        Ok(row.map(|r| PartnerFlow {
            partner: r.partner,
            browser_hash: r.browser_hash,
            nonce: r.nonce,
            pkce_verifier: r.pkce_verifier,
            account_id: r.account_id.map(AccountId),
            return_to: r.return_to,
            expires_at: r.expires_at,
        }))
    }

    pub async fn delete_expired_partner_flows(&self, now: DateTime<Utc>) -> Result<u64> {
        let q = "DELETE FROM partner_flows WHERE expires_at < $1";
        Ok(run!(self.db, |p| sqlx::query(q).bind(now).execute(p).await.map(|r| r.rows_affected()))?)
    }

    pub async fn partner_identity(&self, issuer: &str, subject: &str) -> Result<Option<PartnerIdentity>> {
        let row = run!(self.db, |p| sqlx::query_as::<_, IdentityRow>(SELECT_IDENTITY)
            .bind(issuer)
            .bind(subject)
            .fetch_optional(p)
            .await)?;
        Ok(row.map(PartnerIdentity::from))
    }

    pub async fn partner_identities_of(&self, account: AccountId) -> Result<Vec<PartnerIdentity>> {
        let rows = run!(self.db, |p| sqlx::query_as::<_, IdentityRow>(SELECT_IDENTITIES_OF)
            .bind(account.0)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(PartnerIdentity::from).collect())
    }

    /// Records a sign-in through a known identity and what the partner asserted this time.
    pub async fn touch_partner_identity(
        &self,
        issuer: &str,
        subject: &str,
        assurance: &Assurance,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let q = "UPDATE partner_identities SET last_sign_in_at = $3, last_acr = $4, last_amr = $5 \
                 WHERE issuer = $1 AND subject = $2";
        run!(self.db, |p| sqlx::query(q)
            .bind(issuer)
            .bind(subject)
            .bind(now)
            .bind(assurance.acr.as_deref())
            .bind(assurance.amr_text())
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Creates an applicant account for a first sign-in through a partner, tied to the identity,
    /// in one transaction. When two first sign-ins of one identity race, the second gets the
    /// first one's account.
    pub async fn create_partner_account(
        &self,
        new: &NewPartnerAccount<'_>,
        rec: &crate::Record<'_>,
        now: DateTime<Utc>,
    ) -> Result<AccountId> {
        let id = new.id;
        // Never a valid typed username (it holds a colon): partner accounts have no password.
        let username = format!("partner:{}", id.0.simple());
        let result: Result<()> = async {
            in_tx!(self.db, |tx| {
                sqlx::query(
                    "INSERT INTO accounts (id, username, email, email_lower, email_verified, role, lang, \
                     is_demo, created_at, sign_in_kind) VALUES ($1, $2, $3, $4, FALSE, $5, $6, FALSE, $7, $8)",
                )
                .bind(id.0)
                .bind(&username)
                .bind(new.email)
                .bind(new.email.to_lowercase())
                .bind(Role::Applicant.as_str())
                .bind(new.lang.code())
                .bind(now)
                .bind(SignInKind::Partner.as_str())
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO partner_identities (issuer, subject, partner, account_id, created_at, \
                     last_sign_in_at, last_acr, last_amr) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
                )
                .bind(new.issuer)
                .bind(new.subject)
                .bind(new.partner)
                .bind(id.0)
                .bind(now)
                .bind(new.assurance.acr.as_deref())
                .bind(new.assurance.amr_text())
                .execute(&mut *tx)
                .await?;
                audit!(tx, &rec.audit, now);
            });
            Ok(())
        }
        .await;
        match result {
            Ok(()) => Ok(id),
            Err(StoreError::Database(e)) if e.downcast_ref::<sqlx::Error>().is_some_and(is_unique_violation) => self
                .partner_identity(new.issuer, new.subject)
                .await?
                .map(|i| i.account_id)
                .ok_or(StoreError::Conflict("partner identity")),
            Err(e) => Err(e),
        }
    }

    /// Sets the address of an account that has not confirmed one yet (partner accounts choose
    /// it after their first sign-in), with the confirmation code and its email.
    pub async fn set_unconfirmed_email(
        &self,
        account: AccountId,
        email: &str,
        code: &crate::accounts::NewCode<'_>,
        mail: &crate::NewMail,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut changed = false;
        in_tx!(self.db, |tx| {
            let done = sqlx::query(
                "UPDATE accounts SET email = $2, email_lower = $3 WHERE id = $1 AND email_verified = FALSE",
            )
            .bind(account.0)
            .bind(email)
            .bind(email.to_lowercase())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                changed = true;
                sqlx::query("DELETE FROM email_codes WHERE account_id = $1 AND purpose = $2")
                    .bind(account.0)
                    .bind(code.purpose)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(crate::codes::INSERT_CODE)
                    .bind(code.code_hash)
                    .bind(account.0)
                    .bind(code.purpose)
                    .bind(now)
                    .bind(code.expires_at)
                    .execute(&mut *tx)
                    .await?;
                insert_mail!(tx, mail, now);
            }
        });
        Ok(changed)
    }
}
