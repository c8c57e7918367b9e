//! A representative's clients: the dashboard of every client file across both portals (next
//! deadline, unread correspondence, what waits on whom), the agenda of every deadline, and who
//! a represented file's mail goes to.

use portail_domain::language::Lang;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_store::clients::{ClientFile, ClientFilter, Deadline};
use portail_store::{FileRef, NewMail};
use uuid::Uuid;

use crate::{App, Result};

/// The most files or deadlines one page shows.
pub const PAGE: i64 = 50;

/// A page of a list, and where the next page starts.
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next: Option<Uuid>,
}

fn paged<T>(mut items: Vec<T>, limit: i64, key: impl Fn(&T) -> Uuid) -> Paged<T> {
    let next = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(key)
    } else {
        None
    };
    Paged { items, next }
}

impl App {
    /// A page of the representative's client files (refused unless they may act now).
    pub async fn client_files(&self, actor: &Actor, filter: &ClientFilter, limit: i64) -> Result<Paged<ClientFile>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        let rep = self.acting_representative(actor).await?;
        let limit = limit.clamp(1, 200);
        let rows = self.store.client_files(rep.account_id, filter, limit + 1).await?;
        Ok(paged(rows, limit, |f| f.id))
    }

    /// A page of every open deadline of the representative's clients, soonest first.
    pub async fn client_deadlines(&self, actor: &Actor, after: Option<Uuid>, limit: i64) -> Result<Paged<Deadline>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        let rep = self.acting_representative(actor).await?;
        let limit = limit.clamp(1, 500);
        let rows = self.store.client_deadlines(rep.account_id, after, limit + 1).await?;
        Ok(paged(rows, limit, |d| d.request_id))
    }

    /// The mail `make` builds, to everyone who receives this file's correspondence: the owner,
    /// the representatives whose consent asks for it, or both.
    /// The owner's link goes to `owner_path`, a representative's to the file itself.
    pub async fn file_mails(
        &self,
        file: &FileRef,
        owner_path: &str,
        make: fn(&str, Lang, &str) -> NewMail,
    ) -> Result<Vec<NewMail>> {
        let (owner_url, rep_url) =
            (self.settings.url(owner_path), self.settings.url(&format!("/applications/{}", file.id())));
        let to = self.store.correspondents(file.id()).await?;
        Ok(to
            .into_iter()
            .map(|c| make(&c.email, c.lang, if c.representative { &rep_url } else { &owner_url }))
            .collect())
    }

    /// When a representative acts on a file, the client is told (no personal data).
    pub async fn tell_client(&self, actor: &Actor, file: &FileRef) -> Result<Vec<NewMail>> {
        if !file.by_representative() || file.owner() == actor.account {
            return Ok(vec![]);
        }
        let owner = self.store.account(file.owner()).await?;
        let url = self.settings.url(&format!("/applications/{}/history", file.id()));
        Ok(owner.map(|o| crate::mail::representative_acted(&o.email, o.lang, &url)).into_iter().collect())
    }
}
