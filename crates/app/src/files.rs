//! Opening a file for an actor: the store says whether the actor reaches it at all, the policy
//! says whether they may do this with it. Every operation on a file starts here.

use chrono::{DateTime, Utc};
use portail_domain::policy::{Actor, FileAction, decide};
use portail_store::FileRef;
use uuid::Uuid;

use crate::{App, Error, Result};

impl App {
    /// The file `id` if `actor` may do `action` with it; `NotFound` when they do not reach it,
    /// the policy's refusal otherwise.
    pub async fn file(&self, actor: &Actor, id: Uuid, action: FileAction) -> Result<FileRef> {
        let file = self.store.reach_file(actor.reach(), id).await?.ok_or(Error::NotFound)?;
        decide(actor, action, &file.facts)?;
        Ok(file)
    }

    /// Opens a file and audits the read (`action`, e.g. `file_viewed`) before anything is shown.
    pub async fn read_file(
        &self,
        actor: &Actor,
        id: Uuid,
        action: FileAction,
        audit_action: &str,
        now: DateTime<Utc>,
    ) -> Result<FileRef> {
        let file = self.file(actor, id, action).await?;
        self.audit_read(actor, &file, audit_action, "", now).await?;
        Ok(file)
    }

    /// Audits a read of (something in) a file.
    pub async fn audit_read(
        &self,
        actor: &Actor,
        file: &FileRef,
        action: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.audit_seen(actor, action, &file.id().to_string(), detail, now).await
    }

    /// Audits a read of anything (`target`), group-committed with the other reads of the moment;
    /// returns once the entry is committed.
    pub(crate) async fn audit_seen(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let entry = portail_store::audit::OwnedEntry {
            actor: actor.audit_name(),
            action: action.to_owned(),
            target: target.to_owned(),
            detail: detail.to_owned(),
        };
        self.read_audits.record(None, entry, now).await?;
        Ok(())
    }
}
