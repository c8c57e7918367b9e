//! Documents: a received file is checked by content, cleaned and encrypted into the object store
//! ([`App::take_upload`]); attaching it to a file writes its row, its audit entry and the
//! replacement of an earlier file in one transaction. Reading one is audited first.

use chrono::{DateTime, Utc};
use portail_documents::{Kind, Limits, Stored, WrappedKey, display_name, inspect_and_clean};
use portail_domain::application::checklist;
use portail_domain::policy::{Actor, FileAction};
use portail_store::documents::{DocumentRecord, NewDocument, PutOutcome};
use portail_store::{FileRef, Record};
use std::path::PathBuf;
use uuid::Uuid;

use crate::{App, Error, FieldError, Result};

/// A received file that is deleted when dropped, whatever happens to the request.
pub struct TempFile(pub PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A file checked and encrypted into the store; its row is not written yet (an object without
/// a row is removed by the cleanup job).
pub struct Received {
    pub stored: Stored,
    pub name: String,
    pub kind: Kind,
}

impl Received {
    pub(crate) fn row<'a>(&'a self, item_key: &'a str) -> NewDocument<'a> {
        NewDocument {
            item_key,
            file_name: &self.name,
            content_type: self.kind.content_type(),
            size: i64::try_from(self.stored.size).unwrap_or(i64::MAX),
            sha256: &self.stored.sha256,
            object_key: &self.stored.object_key,
            master_key_id: &self.stored.wrapped.master_id,
            wrapped_key: &self.stored.wrapped.sealed,
        }
    }
}

/// Where a document goes.
#[derive(Debug, Clone)]
pub enum Slot {
    /// An item of a draft's checklist.
    Checklist(String),
    /// Item `n` of an open document request.
    Request(Uuid, usize),
}

impl Slot {
    fn key(&self) -> String {
        match self {
            Slot::Checklist(item) => item.clone(),
            Slot::Request(rid, n) => format!("request:{rid}:{n}"),
        }
    }
}

impl App {
    /// Largest accepted upload, in bytes.
    pub fn max_upload_bytes(&self) -> u64 {
        self.settings.max_file_mib * 1024 * 1024
    }

    pub fn max_application_bytes(&self) -> i64 {
        i64::try_from(self.settings.max_application_mib * 1024 * 1024).unwrap_or(i64::MAX)
    }

    /// A fresh temporary file in the upload folder.
    pub async fn temp_file(&self, ext: &str) -> Result<TempFile> {
        tokio::fs::create_dir_all(&self.upload_dir).await?;
        Ok(TempFile(self.upload_dir.join(format!("{}.{ext}", Uuid::new_v4().simple()))))
    }

    /// Checks a received file on the CPU pool (type by content, images re-encoded without
    /// metadata, PDFs opened) and encrypts it into the object store.
    pub async fn take_upload(&self, received: TempFile, file_name: &str) -> Result<Received> {
        let cleaned = self.temp_file("clean").await?;
        let (src, dst) = (received.0.clone(), cleaned.0.clone());
        let (kind, keep) = self
            .cpu
            .run(move || inspect_and_clean(&src, &dst, Limits::default()))
            .await?
            .map_err(|rejection| Error::field("file", rejection.code()))?;
        let stored = self.documents.put_file(&keep).await?;
        let file_name = display_name(file_name);
        let lower = file_name.to_lowercase();
        let ext = kind.extension();
        let name = if lower.ends_with(&format!(".{ext}")) || (ext == "jpg" && lower.ends_with(".jpeg")) {
            file_name
        } else {
            format!("{file_name}.{ext}")
        };
        Ok(Received { stored, name, kind })
    }

    /// The file and check before a body is read: the slot must exist and be open to the actor.
    pub async fn upload_target(&self, actor: &Actor, id: Uuid, slot: &Slot, now: DateTime<Utc>) -> Result<FileRef> {
        match slot {
            Slot::Checklist(item) => {
                let d = self.draft(actor, id).await?;
                let app = &d.file.app;
                if !checklist(d.ty, &app.answers, &app.members, now.date_naive()).iter().any(|i| &i.key == item) {
                    return Err(Error::NotFound);
                }
                Ok(d.file)
            }
            Slot::Request(rid, n) => {
                let file = self.file(actor, id, FileAction::Follow).await?;
                let r = self.store.request(&file, *rid).await?.ok_or(Error::NotFound)?;
                // A closed request takes nothing more: it has no item to upload to any longer.
                if r.status != "open" || *n >= crate::requests::items_of(&r).len() {
                    return Err(Error::NotFound);
                }
                Ok(file)
            }
        }
    }

    /// Attaches a received file to its slot; the object is removed again if the row is refused.
    pub async fn attach(
        &self,
        actor: &Actor,
        file: &FileRef,
        slot: &Slot,
        r: Received,
        now: DateTime<Utc>,
    ) -> Result<Uuid> {
        let key = slot.key();
        let (who, target) = (file.actor_name(actor), file.id().to_string());
        let rec = Record::on(file, actor, &who, "document_uploaded", &target, &key);
        let outcome = self.store.put_document(file, &r.row(&key), self.max_application_bytes(), &rec, now).await;
        match outcome {
            Ok(PutOutcome::Stored { id, replaced }) => {
                for old in replaced {
                    if let Err(e) = self.documents.delete(&old).await {
                        tracing::warn!(error = %e, "replaced document object not deleted; the cleanup job will");
                    }
                }
                tracing::info!(event = "document_uploaded", size = r.stored.size, "document stored");
                Ok(id)
            }
            other => {
                if let Err(e) = self.documents.delete(&r.stored.object_key).await {
                    tracing::warn!(error = %e, "refused upload's object not deleted; the cleanup job will");
                }
                match other? {
                    PutOutcome::OverLimit => Err(too_full(self)),
                    _ => Err(Error::NotFound),
                }
            }
        }
    }

    /// The actor's documents of a file they may read.
    pub async fn documents_of(&self, actor: &Actor, id: Uuid, action: FileAction) -> Result<Vec<DocumentRecord>> {
        let file = self.file(actor, id, action).await?;
        Ok(self.store.documents_of(&file).await?)
    }

    /// Opens a document for reading, audited first: its record and its decrypted bytes.
    pub async fn open_document(
        &self,
        actor: &Actor,
        file: &FileRef,
        doc: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(DocumentRecord, portail_documents::ByteStream)> {
        let d = self.store.document(file, doc).await?.ok_or(Error::NotFound)?;
        self.audit_read(actor, file, "document_viewed", &d.id.to_string(), now).await?;
        let wrapped = WrappedKey { master_id: d.master_key_id.clone(), sealed: d.wrapped_key.clone() };
        let stream: portail_documents::ByteStream = Box::pin(self.documents.open(&d.object_key, &wrapped).await?);
        Ok((d, stream))
    }

    /// Removes a draft's document; returns the checklist item it was for.
    pub async fn remove_document(&self, actor: &Actor, id: Uuid, doc: Uuid, now: DateTime<Utc>) -> Result<String> {
        let d = self.draft(actor, id).await?;
        let record = self.store.document(&d.file, doc).await?.ok_or(Error::NotFound)?;
        let (who, target) = (d.file.actor_name(actor), id.to_string());
        let rec = Record::on(&d.file, actor, &who, "document_removed", &target, &record.item_key);
        let object = self.store.remove_document(&d.file, doc, &rec, now).await?.ok_or(Error::NotFound)?;
        if let Err(e) = self.documents.delete(&object).await {
            tracing::warn!(error = %e, "removed document object not deleted; the cleanup job will");
        }
        Ok(record.item_key)
    }
}

/// The application's documents would pass the total allowed.
pub(crate) fn too_full(app: &App) -> Error {
    Error::Invalid(vec![
        FieldError::new("file", "upload-application-full").with("total", app.settings.max_application_mib.to_string()),
    ])
}
