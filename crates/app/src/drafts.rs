//! Drafts: starting one, its sections, its family members, deleting it. Every save checks the
//! version it was read at, so two tabs cannot overwrite each other silently.

use chrono::{DateTime, Utc};
use portail_domain::application::{Member, parse_member, parse_section, section_complete};
use portail_domain::catalog::ApplicationType;
use portail_domain::policy::{AccountAction, Actor, FileAction, decide_account};
use portail_store::applications::DraftContent;
use portail_store::{FileRef, Record};
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::{App, Error, FieldError, Result};

/// A family can be large, but not unbounded.
pub const MAX_MEMBERS: usize = 12;

/// A draft of the actor's, with its type.
pub struct Draft<'a> {
    pub file: FileRef,
    pub ty: &'a ApplicationType,
}

/// What a family member form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub given_name: String,
    pub family_name: String,
    pub relationship: String,
    pub date_of_birth: String,
}

/// What starting a draft did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    New(Uuid),
    /// A retry with the same idempotency key: the draft made the first time.
    Again(Uuid),
}

impl Started {
    pub fn id(self) -> Uuid {
        match self {
            Started::New(id) | Started::Again(id) => id,
        }
    }
}

impl App {
    /// Starts a draft of `type_id` for the actor; its id.
    pub async fn start_draft(
        &self,
        actor: &Actor,
        type_id: &str,
        key: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<Started> {
        decide_account(actor, AccountAction::Apply)?;
        let ty = self.catalog.get(type_id).ok_or(Error::NotFound)?;
        let id = key.unwrap_or_else(Uuid::new_v4);
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "draft_started", &target, &ty.id).timeline("draft_started", "");
        if self.store.create_draft(actor.account, id, &ty.id, &rec, now).await? {
            tracing::info!(event = "draft_started", type_id = %ty.id, "draft started");
            return Ok(Started::New(id));
        }
        // The key was used before: the same request again is answered with the draft it made.
        match self.file(actor, id, FileAction::Read).await {
            Ok(f) if f.app.type_id == ty.id => Ok(Started::Again(id)),
            _ => Err(Error::Conflict("draft-key-used")),
        }
    }

    /// The actor's draft `id`, to change it (a submitted file, someone else's or an unknown
    /// type: not found).
    pub async fn draft(&self, actor: &Actor, id: Uuid) -> Result<Draft<'_>> {
        let file = self.file(actor, id, FileAction::EditDraft).await?;
        let ty = self.catalog.get(&file.app.type_id).ok_or(Error::NotFound)?;
        Ok(Draft { file, ty })
    }

    /// The actor's draft `id`, to read it (a read-only token may; a write-only one may not).
    pub async fn draft_read(&self, actor: &Actor, id: Uuid) -> Result<Draft<'_>> {
        let file = self.file(actor, id, FileAction::Read).await?;
        if file.app.stage != portail_domain::application::Stage::Draft {
            return Err(Error::NotFound);
        }
        let ty = self.catalog.get(&file.app.type_id).ok_or(Error::NotFound)?;
        Ok(Draft { file, ty })
    }

    async fn save(&self, actor: &Actor, d: &Draft<'_>, content: &DraftContent<'_>, now: DateTime<Utc>) -> Result<()> {
        let (who, target) = (d.file.actor_name(actor), d.file.id().to_string());
        let rec = Record::on(&d.file, actor, &who, "draft_saved", &target, "");
        if !self.store.save_draft(&d.file, content, &rec, now).await? {
            return Err(Error::Conflict("draft-changed"));
        }
        Ok(())
    }

    /// Saves one section from its form; returns the section to go on with (the next one not
    /// complete yet), or `None` when the overview comes next.
    pub async fn save_section(
        &self,
        actor: &Actor,
        id: Uuid,
        section_id: &str,
        input: &BTreeMap<String, String>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let d = self.draft(actor, id).await?;
        let section = d.ty.sections.iter().find(|s| s.id == section_id).ok_or(Error::NotFound)?;
        let app = &d.file.app;
        let answers = parse_section(d.ty, section, input, &app.answers, &self.countries, now.date_naive())
            .map_err(|errs| Error::Invalid(errs.into_iter().map(|e| FieldError::new(e.field, e.code)).collect()))?;
        let content = DraftContent { answers: &answers, members: &app.members, version: app.version };
        self.save(actor, &d, &content, now).await?;
        let pos = d.ty.sections.iter().position(|s| s.id == section_id).unwrap_or(0);
        Ok(d.ty.sections.get(pos + 1).filter(|n| !section_complete(n, &answers)).map(|n| n.id.clone()))
    }

    /// Adds a family member to a draft whose type takes them.
    pub async fn add_member(&self, actor: &Actor, id: Uuid, input: &MemberInput, now: DateTime<Utc>) -> Result<Member> {
        let d = self.draft(actor, id).await?;
        if !d.ty.family {
            return Err(Error::NotFound);
        }
        let app = &d.file.app;
        if app.members.len() >= MAX_MEMBERS {
            return Err(Error::field("given_name", "members-too-many"));
        }
        let member = parse_member(
            &input.given_name,
            &input.family_name,
            &input.relationship,
            &input.date_of_birth,
            now.date_naive(),
        )
        .map_err(|list| Error::Invalid(list.into_iter().map(|(f, c)| FieldError::new(f, c)).collect()))?;
        let mut members = app.members.clone();
        members.push(member.clone());
        self.save(actor, &d, &DraftContent { answers: &app.answers, members: &members, version: app.version }, now)
            .await?;
        Ok(member)
    }

    pub async fn remove_member(&self, actor: &Actor, id: Uuid, member: Uuid, now: DateTime<Utc>) -> Result<()> {
        let d = self.draft(actor, id).await?;
        let app = &d.file.app;
        let members: Vec<_> = app.members.iter().filter(|m| m.id != member).cloned().collect();
        if members.len() == app.members.len() {
            return Err(Error::NotFound);
        }
        self.save(actor, &d, &DraftContent { answers: &app.answers, members: &members, version: app.version }, now)
            .await
    }

    /// Deletes a draft with its documents.
    pub async fn delete_draft(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let d = self.draft(actor, id).await?;
        self.file(actor, id, FileAction::Sign).await?;
        let (who, target) = (actor.audit_name(), id.to_string());
        let rec = Record::audit(&who, "draft_deleted", &target, "");
        let objects = self.store.delete_draft(&d.file, &rec, now).await?.ok_or(Error::NotFound)?;
        for o in objects {
            if let Err(e) = self.documents.delete(&o).await {
                tracing::warn!(error = %e, "deleted draft's object not deleted; the cleanup job will");
            }
        }
        tracing::info!(event = "draft_deleted", "draft deleted");
        Ok(())
    }
}
