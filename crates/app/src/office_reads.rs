//! What the back office reads: a whole file as an officer sees it, its PR-portal side, the
//! migration rules and waves, and the staff accounts (administrators), each after the policy.

use chrono::{DateTime, Utc};
use portail_domain::account::{Email, Role, Username};
use portail_domain::application::status::{Step, StepState};
use portail_domain::invite::MigrationRule;
use portail_domain::language::Lang;
use portail_domain::policy::{AccountAction, Actor, FileAction, decide_account};
use portail_store::accounts::NewAccount;
use portail_store::{Record, StoreError};
use uuid::Uuid;

use crate::model::*;
use crate::{App, Error, FieldError, Result};

/// A file as an officer sees it (its read is audited).
#[derive(Debug)]
pub struct OfficeFile {
    pub file: FileRef,
    pub documents: Vec<DocumentRecord>,
    pub steps: Vec<(Step, StepState)>,
    pub events: Vec<Event>,
    pub letters: Vec<LetterRecord>,
    pub notes: Vec<Note>,
    pub requests: Vec<RequestRecord>,
    pub messages: Vec<Message>,
    /// The applicant's client identifier, once the file was received.
    pub uci: Option<String>,
    /// The representatives acting on the file now, under their consents.
    pub representatives: Vec<Consent>,
}

/// The PR-portal side of a file, for an officer.
#[derive(Debug)]
pub struct OfficePrSide {
    pub file: FileRef,
    pub invite: Option<Invite>,
    /// Someone opened the file in the PR portal with its code.
    pub redeemed: bool,
    pub confirmation: PrConfirmation,
}

impl App {
    /// Everything the officer's file page shows.
    pub async fn office_file(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<OfficeFile> {
        let file = self.read_file(actor, id, FileAction::OfficeRead, "file_viewed", now).await?;
        let s = &self.store;
        let steps = s.steps_of(&file).await?.into_iter().map(|(step, state, _)| (step, state)).collect();
        Ok(OfficeFile {
            documents: s.documents_of(&file).await?,
            steps,
            events: s.events_of(&file).await?,
            letters: s.letters_of(&file).await?,
            notes: s.notes_of(&file).await?,
            requests: s.requests_of(&file).await?,
            messages: s.messages_of(&file).await?,
            uci: s.account(file.owner()).await?.and_then(|a| a.uci),
            representatives: s.consents_covering(file.id()).await?,
            file,
        })
    }

    /// The PR-portal side of a file (its read is audited).
    pub async fn office_pr_side(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<OfficePrSide> {
        let file = self.read_file(actor, id, FileAction::OfficeRead, "pr_confirmation_viewed", now).await?;
        Ok(OfficePrSide {
            invite: self.store.open_invite(&file).await?,
            redeemed: !self.store.pr_accounts_of(&file).await?.is_empty(),
            confirmation: self.store.pr_confirmation(&file, now).await?,
            file,
        })
    }

    pub async fn rules(&self, actor: &Actor) -> Result<Vec<StoredRule>> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.rules().await?)
    }

    /// How many files a rule matches now, and a few of them.
    pub async fn rule_preview(
        &self,
        actor: &Actor,
        rule: &MigrationRule,
        sample: i64,
    ) -> Result<(i64, Vec<Candidate>)> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.rule_preview(rule, sample).await?)
    }

    /// The latest waves, newest first.
    pub async fn waves(&self, actor: &Actor, limit: i64) -> Result<Vec<Wave>> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.waves(limit).await?)
    }

    /// A wave, the name of its rule, and the files it skipped or failed (number, outcome, reason).
    pub async fn wave(&self, actor: &Actor, id: Uuid, limit: i64) -> Result<WaveReport> {
        decide_account(actor, AccountAction::Administer)?;
        let wave = self.store.wave(id).await?.ok_or(Error::NotFound)?;
        let rule_name = self.store.rule(wave.rule_id).await?.map(|r| r.rule.name).unwrap_or_default();
        let exceptions = self.store.wave_exceptions(id, limit).await?;
        Ok(WaveReport { wave, rule_name, exceptions })
    }

    /// Every staff account.
    pub async fn staff_accounts(&self, actor: &Actor) -> Result<Vec<Account>> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.staff_accounts().await?)
    }

    /// Creates a staff account (confirmed; MFA is enrolled at its first sign-in) and returns its
    /// first password, shown once to the administrator.
    pub async fn create_staff(
        &self,
        actor: &Actor,
        username: &str,
        email: &str,
        role: &str,
        now: DateTime<Utc>,
    ) -> Result<(Username, String)> {
        decide_account(actor, AccountAction::Administer)?;
        let mut errors = Vec::new();
        let username = Username::parse(username).inspect_err(|e| errors.push(FieldError::new("username", e.code())));
        let email = Email::parse(email).inspect_err(|e| errors.push(FieldError::new("email", e.code())));
        let role = Role::parse(role).filter(|r| r.is_staff());
        if role.is_none() {
            errors.push(FieldError::new("role", "answer-choice-invalid"));
        }
        let (Ok(username), Ok(email), Some(role), true) = (username, email, role, errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        let password = portail_domain::secret::new_token()[..24].to_owned();
        let hash = self.hasher.hash(&password).await?;
        let new = NewAccount {
            username: username.as_str(),
            email: email.as_str(),
            role,
            lang: Lang::En,
            password_hash: &hash,
            is_demo: false,
        };
        let (who, target) = (actor.audit_name(), format!("account:{}", username.as_str()));
        let rec = Record::audit(&who, "staff_created", &target, role.as_str());
        match self.store.create_account(&new, None, Some(&rec), now).await {
            Ok(_) => Ok((username, password)),
            Err(StoreError::Conflict(_)) => Err(Error::field("username", "username-taken")),
            Err(e) => Err(e.into()),
        }
    }
}

/// A wave as its page shows it.
#[derive(Debug)]
pub struct WaveReport {
    pub wave: Wave,
    pub rule_name: String,
    /// (file number, outcome, reason) of each file skipped or failed.
    pub exceptions: Vec<(Option<String>, String, String)>,
}
