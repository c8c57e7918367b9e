//! Assistants (delegates): a verified representative adds people of their firm — each with their
//! own account, sign-in and MFA — who act under them. Every act is recorded as "assistant X for
//! representative Y"; removing an assistant ends their sessions at once, and their next request
//! reaches no client file. Assistants cannot add assistants, nor withdraw from a consent.

use chrono::{DateTime, Utc};
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_store::Record;
use portail_store::delegates::Delegate;
use portail_store::representatives::Representative;
use uuid::Uuid;

use crate::{App, Error, Result, mail};

impl App {
    /// The actor's own profile, when it may act (assistants do not manage assistants).
    async fn own_acting_profile(&self, actor: &Actor) -> Result<Representative> {
        let rep = self.store.representative(actor.account).await?.ok_or(Error::Conflict("rep-none"))?;
        if !rep.status.may_act() {
            return Err(Error::Conflict("rep-not-acting"));
        }
        Ok(rep)
    }

    /// The representative's assistants.
    pub async fn delegates(&self, actor: &Actor) -> Result<Vec<Delegate>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        let rep = self.own_acting_profile(actor).await?;
        Ok(self.store.delegates_of(rep.account_id).await?)
    }

    /// The representative the actor assists, if any.
    pub async fn principal(&self, actor: &Actor) -> Result<Option<Representative>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.principal_of(actor.account).await?)
    }

    /// Adds the account with this username or email as an assistant; they are emailed.
    pub async fn add_delegate(&self, actor: &Actor, named: &str, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Apply)?;
        let rep = self.own_acting_profile(actor).await?;
        let named = named.trim();
        let found = if named.contains('@') {
            let mut all = self.store.accounts_by_email(&named.to_lowercase()).await?;
            if all.len() == 1 { all.pop() } else { None }
        } else {
            self.store.account_by_username(&named.to_lowercase()).await?
        };
        let Some(who) = found.filter(|a| a.id != actor.account && !a.role.is_staff() && a.is_set_up()) else {
            return Err(Error::field("assistant", "delegate-unknown"));
        };
        let id = Uuid::new_v4();
        let mails = [mail::delegate_added(&who.email, who.lang, &self.settings.url("/representative"))];
        let (name, target) = (actor.audit_name(), format!("delegate:{id}"));
        let rec = Record::audit(&name, "delegate_added", &target, &who.username).mails(&mails);
        match self.store.add_delegate(id, rep.account_id, who.id, &rec, now).await {
            Ok(()) => {}
            Err(portail_store::StoreError::Conflict(_)) => return Err(Error::field("assistant", "delegate-exists")),
            Err(e) => return Err(e.into()),
        }
        self.mail_queued();
        tracing::info!(event = "delegate_added");
        Ok(())
    }

    /// Removes an assistant: their sessions end in the same transaction.
    pub async fn remove_delegate(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        decide_account(actor, AccountAction::Apply)?;
        let rep = self.own_acting_profile(actor).await?;
        let (name, target) = (actor.audit_name(), format!("delegate:{id}"));
        if !self
            .store
            .remove_delegate(rep.account_id, id, &Record::audit(&name, "delegate_removed", &target, ""), now)
            .await?
        {
            return Err(Error::NotFound);
        }
        tracing::info!(event = "delegate_removed");
        Ok(())
    }
}
