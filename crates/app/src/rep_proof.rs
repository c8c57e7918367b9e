//! The proof of membership of a paid representative: uploaded while the profile waits (checked,
//! cleaned and encrypted like every document), opened by an administrator before verifying —
//! a paid profile cannot be verified without it.

use chrono::{DateTime, Utc};
use portail_documents::WrappedKey;
use portail_domain::account::AccountId;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_store::Record;
use portail_store::documents::DocumentRecord;

use crate::uploads::Received;
use crate::{App, Error, Result};

impl App {
    /// Keeps the actor's proof of membership (replacing an earlier one) while their profile waits.
    pub async fn give_representative_proof(&self, actor: &Actor, received: Received, now: DateTime<Utc>) -> Result<()> {
        if let Err(e) = decide_account(actor, AccountAction::Apply) {
            let _ = self.documents.delete(&received.stored.object_key).await;
            return Err(e.into());
        }
        let (who, target) = (actor.audit_name(), format!("representative:{}", actor.account.0));
        let rec = Record::audit(&who, "representative_proof_given", &target, &received.name);
        let row = received.row("representative-proof");
        match self.store.set_representative_proof(actor.account, &row, &rec, now).await {
            Ok(Some(replaced)) => {
                if let Some(old) = replaced
                    && let Err(e) = self.documents.delete(&old).await
                {
                    tracing::warn!(error = %e, "replaced proof object not deleted; the cleanup job will");
                }
                Ok(())
            }
            other => {
                let _ = self.documents.delete(&received.stored.object_key).await;
                other?;
                Err(Error::Conflict("rep-proof-closed"))
            }
        }
    }

    /// Opens a profile's proof for an administrator (a recent sign-in; the read is audited).
    pub async fn open_representative_proof(
        &self,
        actor: &Actor,
        account: AccountId,
        now: DateTime<Utc>,
    ) -> Result<(DocumentRecord, portail_documents::ByteStream)> {
        decide_account(actor, AccountAction::Administer)?;
        if !actor.signed_in_within(crate::office::DOCUMENT_REAUTH, now) {
            return Err(Error::ReauthRequired);
        }
        let d = self.store.representative_proof(account).await?.ok_or(Error::NotFound)?;
        let target = format!("representative:{}", account.0);
        self.audit_seen(actor, "representative_proof_viewed", &target, "", now).await?;
        let wrapped = WrappedKey { master_id: d.master_key_id.clone(), sealed: d.wrapped_key.clone() };
        let stream: portail_documents::ByteStream = Box::pin(self.documents.open(&d.object_key, &wrapped).await?);
        Ok((d, stream))
    }
}
