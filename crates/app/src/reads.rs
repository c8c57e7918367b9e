//! What the pages and the API show. A file's parts are read through the [`FileRef`] that
//! [`App::file`] gave (so only someone who reaches the file can read them); an account's lists
//! are read for an actor, after the policy allowed it.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::status::{Step, StepState};
use portail_domain::language::Lang;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use uuid::Uuid;

use crate::Result;
use crate::model::*;
use crate::{App, Error};

impl App {
    /// The steps of a submitted file, each with its state and when it was last set; a decided
    /// file's open steps are shown closed by the decision ([`StepState::closed_by`]).
    pub async fn steps(&self, file: &FileRef) -> Result<Vec<(Step, StepState, DateTime<Utc>)>> {
        let stage = file.app.stage;
        Ok(self.store.steps_of(file).await?.into_iter().map(|(s, state, at)| (s, state.closed_by(stage), at)).collect())
    }

    /// A file's timeline, oldest first.
    pub async fn timeline(&self, file: &FileRef) -> Result<Vec<Event>> {
        Ok(self.store.events_of(file).await?)
    }

    pub async fn documents(&self, file: &FileRef) -> Result<Vec<DocumentRecord>> {
        Ok(self.store.documents_of(file).await?)
    }

    pub async fn requests(&self, file: &FileRef) -> Result<Vec<RequestRecord>> {
        Ok(self.store.requests_of(file).await?)
    }

    pub async fn letters(&self, file: &FileRef) -> Result<Vec<LetterRecord>> {
        Ok(self.store.letters_of(file).await?)
    }

    pub async fn messages(&self, file: &FileRef) -> Result<Vec<Message>> {
        Ok(self.store.messages_of(file).await?)
    }

    pub async fn payment(&self, file: &FileRef) -> Result<Payment> {
        Ok(self.store.payment(file).await?)
    }

    /// The notes officers marked as part of the file (the applicant reads them), oldest first.
    pub async fn notes_on_file(&self, file: &FileRef) -> Result<Vec<Note>> {
        let mut notes: Vec<Note> = self.store.notes_of(file).await?.into_iter().filter(|n| n.on_file).collect();
        notes.reverse();
        Ok(notes)
    }

    /// Who did what to a file, oldest first.
    pub async fn audit_trail(&self, file: &FileRef) -> Result<Vec<AuditRow>> {
        Ok(self.store.audit_of(file).await?)
    }

    /// A number that changes whenever the PR-portal view of the file changes.
    pub async fn pr_file_version(&self, file: &FileRef) -> Result<i64> {
        Ok(self.store.pr_file_version(file).await?)
    }

    /// The PR-portal tasks of a moved file.
    pub async fn pr_confirmation(&self, file: &FileRef, now: DateTime<Utc>) -> Result<PrConfirmation> {
        Ok(self.store.pr_confirmation(file, now).await?)
    }

    /// The applications of the actor, newest first.
    pub async fn applications(&self, actor: &Actor) -> Result<Vec<Application>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.applications_of(actor.account).await?)
    }

    /// Everything the actor's home page lists, in one round trip: their files, which of them
    /// moved to the PR portal, and the PR-portal files they manage.
    pub async fn home_lists(&self, actor: &Actor) -> Result<crate::model::HomeLists> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.home_lists_of(actor.account).await?)
    }

    /// The actor's files that moved to the PR portal (as the secure account's owner).
    pub async fn moved_files(&self, actor: &Actor) -> Result<Vec<MovedFile>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.moved_files_of(actor.account).await?)
    }

    /// The PR-portal files the actor redeemed an invite code for.
    pub async fn pr_files(&self, actor: &Actor) -> Result<Vec<MovedFile>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.pr_files_of(actor.account).await?)
    }

    /// Every letter of every file of the actor, newest first.
    pub async fn letters_of_account(&self, actor: &Actor) -> Result<Vec<LetterRecord>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.letters_of_account(actor.account).await?)
    }

    /// Every message from staff about the actor's files, newest first.
    pub async fn staff_messages_of_account(&self, actor: &Actor) -> Result<Vec<StaffMessage>> {
        decide_account(actor, AccountAction::ReadOwn)?;
        Ok(self.store.staff_messages_of_account(actor.account).await?)
    }

    /// One of the actor's letters, marked read.
    pub async fn open_letter(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<LetterRecord> {
        decide_account(actor, AccountAction::ReadOwn)?;
        self.store.open_letter(actor.account, id, now).await?.ok_or(Error::NotFound)
    }

    /// The signed-in sessions of the actor.
    pub async fn sessions(&self, actor: &Actor) -> Result<Vec<Session>> {
        Ok(self.store.sessions_of(actor.account).await?)
    }

    /// The Sign-In Partner identities linked to the actor's account.
    pub async fn partner_identities(&self, actor: &Actor) -> Result<Vec<PartnerIdentity>> {
        Ok(self.store.partner_identities_of(actor.account).await?)
    }

    /// How many recovery codes the actor has not used.
    pub async fn recovery_codes_left(&self, actor: &Actor) -> Result<i64> {
        Ok(self.store.unused_recovery_codes(actor.account).await?)
    }

    /// Keeps the language a person chose on their account (mail follows it).
    pub async fn set_language(&self, account: AccountId, lang: Lang) -> Result<()> {
        Ok(self.store.set_account_lang(account, lang).await?)
    }

    /// The readiness probe: ready when the database answers and no write was refused for want of
    /// room in the last half-minute (`StorageFull`: a full node is not ready, though it still reads).
    pub async fn database_ready(&self) -> Result<()> {
        self.store.ping().await?;
        if crate::error::storage_refused_recently() { Err(Error::StorageFull) } else { Ok(()) }
    }
}
