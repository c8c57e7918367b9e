//! Personal access tokens for the JSON API: made on the account page after a recent sign-in
//! (name, scopes, expiry of a year at most), shown once, kept as a digest, revocable at once.
//! Presenting one yields the [`Actor`] it acts as; every use is recorded and audited.

use chrono::{DateTime, Duration, Utc};
use portail_domain::policy::{AccountAction, Actor, Scopes, Via, decide_account};
use portail_store::Record;
use portail_store::tokens::{NewToken, TokenRecord};
use uuid::Uuid;

use crate::{App, Error, FieldError, Result};

/// A token is made only within this long of a full sign-in.
pub const TOKEN_REAUTH: Duration = Duration::minutes(5);
/// The longest a token may live.
pub const MAX_TOKEN_DAYS: i64 = 365;
/// Tokens carry this prefix, so a leaked one is recognised (and never mistaken for a session).
pub const TOKEN_PREFIX: &str = "ptl_";

/// What the token form sends.
#[derive(Debug, Clone, Default)]
pub struct TokenInput {
    pub name: String,
    pub read: bool,
    pub write: bool,
    /// Days until it expires (1 to 365).
    pub days: String,
}

/// A token just made: its record and the secret, shown this once.
pub struct NewlyMade {
    pub token: TokenRecord,
    pub secret: String,
}

impl App {
    /// The actor's tokens.
    pub async fn tokens(&self, actor: &Actor) -> Result<Vec<TokenRecord>> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        Ok(self.store.tokens_of(actor.account).await?)
    }

    /// Makes a token; needs a sign-in of the last five minutes.
    pub async fn create_token(&self, actor: &Actor, input: &TokenInput, now: DateTime<Utc>) -> Result<NewlyMade> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        if !actor.signed_in_within(TOKEN_REAUTH, now) {
            return Err(Error::ReauthRequired);
        }
        let mut errors = vec![];
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
            errors.push(FieldError::new("name", "token-name-invalid"));
        }
        let scopes = Scopes { read: input.read, write: input.write };
        if !scopes.read && !scopes.write {
            errors.push(FieldError::new("scopes", "token-scopes-missing"));
        }
        let days = input.days.trim().parse::<i64>().ok().filter(|d| (1..=MAX_TOKEN_DAYS).contains(d));
        if days.is_none() {
            errors.push(FieldError::new("days", "token-days-invalid"));
        }
        let (Some(days), true) = (days, errors.is_empty()) else { return Err(Error::Invalid(errors)) };
        let secret = format!("{TOKEN_PREFIX}{}", portail_domain::secret::new_token());
        let hash = portail_domain::secret::digest(&secret);
        let id = Uuid::new_v4();
        let expires_at = now + Duration::days(days);
        let t = NewToken { id, name, token_hash: &hash, scopes: scopes.as_str(), expires_at };
        let (who, target) = (actor.audit_name(), format!("token:{id}"));
        self.store
            .create_token(actor.account, &t, &Record::audit(&who, "token_created", &target, scopes.as_str()), now)
            .await?;
        let token = TokenRecord {
            id,
            name: name.to_owned(),
            scopes: scopes.as_str().to_owned(),
            created_at: now,
            expires_at,
            last_used_at: None,
            revoked_at: None,
        };
        Ok(NewlyMade { token, secret })
    }

    /// Revokes one of the actor's tokens: its next request is refused.
    pub async fn revoke_token(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::ManageCredentials)?;
        let (who, target) = (actor.audit_name(), format!("token:{id}"));
        if !self.store.revoke_token(actor.account, id, &Record::audit(&who, "token_revoked", &target, ""), now).await? {
            return Err(Error::NotFound);
        }
        Ok(())
    }

    /// The actor a presented token acts as, when it is known, unexpired and not revoked;
    /// `None` otherwise. The use (`method path`) is recorded and audited before anything runs.
    pub async fn authenticate_token(
        &self,
        presented: &str,
        request: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Actor>> {
        if !presented.starts_with(TOKEN_PREFIX) || presented.len() > 200 {
            return Ok(None);
        }
        let Some(h) = self.store.token_holder(&portail_domain::secret::digest(presented)).await? else {
            return Ok(None);
        };
        if h.token.revoked_at.is_some() || h.token.expires_at <= now {
            return Ok(None);
        }
        let scopes = Scopes::parse(&h.token.scopes).unwrap_or_default();
        let actor = Actor {
            account: h.account_id,
            username: h.username,
            role: h.role,
            via: Via::Token { id: h.token.id, scopes },
        };
        let entry = portail_store::audit::OwnedEntry {
            actor: actor.audit_name(),
            action: "token_used".to_owned(),
            target: format!("token:{}", h.token.id),
            detail: request.chars().take(200).collect(),
        };
        self.read_audits.record(Some(h.token.id), entry, now).await?;
        Ok(Some(actor))
    }
}
