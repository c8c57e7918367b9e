//! What an actor reaches, decided in one place: [`Store::reach_file`] turns a [`Reach`] into SQL
//! and hands back a [`FileRef`] — the only key to a file's data. Every method that reads or
//! changes a file takes one, so no query can show a file to someone who does not reach it.
//!
//! Every change is written with its [`Record`]: the audit entry, the timeline entry and the mail,
//! in the same transaction (`record!`), so a change cannot be kept without its audit.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::policy::{FileFacts, Portal, Reach};
use uuid::Uuid;

use crate::applications::{Application, Row};
use crate::audit::AuditEntry;
use crate::outbox::NewMail;
use crate::{Result, Store, StoreError};

/// A file an actor reaches, with its application row and what the policy needs to know. Only
/// [`Store::reach_file`] makes one (`non_exhaustive`: no other crate can build it).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileRef {
    pub app: Application,
    pub facts: FileFacts,
    /// The officer who took the file, if any.
    pub assigned_to: Option<AccountId>,
}

impl FileRef {
    pub fn id(&self) -> Uuid {
        self.app.id
    }

    pub fn owner(&self) -> AccountId {
        self.app.account_id
    }
}

/// What a change writes with it: its audit entry, its entry on the file's timeline (kind,
/// detail) and its mail.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub audit: AuditEntry<'a>,
    pub event: Option<(&'a str, &'a str)>,
    pub mails: &'a [NewMail],
}

impl<'a> Record<'a> {
    /// An audit entry alone.
    pub fn audit(actor: &'a str, action: &'a str, target: &'a str, detail: &'a str) -> Record<'a> {
        Record { audit: AuditEntry { actor, action, target, detail }, event: None, mails: &[] }
    }

    /// With an entry on the file's timeline.
    pub fn timeline(mut self, kind: &'a str, detail: &'a str) -> Record<'a> {
        self.event = Some((kind, detail));
        self
    }

    pub fn mails(mut self, mails: &'a [NewMail]) -> Record<'a> {
        self.mails = mails;
        self
    }
}

/// Writes a [`Record`] of file `$app` inside an open transaction: `record!(tx, app_id, &rec, now)`.
macro_rules! record {
    ($tx:ident, $app:expr, $rec:expr, $now:expr) => {{
        let rec: &$crate::files::Record<'_> = $rec;
        if let Some((kind, detail)) = rec.event {
            sqlx::query($crate::EVENT)
                .bind(uuid::Uuid::new_v4())
                .bind($app)
                .bind($now)
                .bind(kind)
                .bind(detail)
                .execute(&mut *$tx)
                .await?;
        }
        for m in rec.mails {
            $crate::outbox::insert_mail!($tx, m, $now);
        }
        audit!($tx, &rec.audit, $now);
    }};
}

#[derive(sqlx::FromRow)]
struct ReachRow {
    #[sqlx(flatten)]
    app: Row,
    portal: String,
    assigned_to: Option<Uuid>,
    pr_access: bool,
}

const COLUMNS: &str = "SELECT a.id, a.account_id, a.type_id, a.stage, a.number, a.answers, a.members, a.version, \
     a.created_at, a.updated_at, a.submitted_at, a.portal, a.assigned_to";

/// The person's own files and the files they opened in the PR portal: $1 file, $2 account.
const REACH_OWN: &str = " , EXISTS (SELECT 1 FROM pr_access x WHERE x.application_id = a.id AND x.account_id = $2) \
     AS pr_access FROM applications a WHERE a.id = $1 AND (a.account_id = $2 \
     OR EXISTS (SELECT 1 FROM pr_access x WHERE x.application_id = a.id AND x.account_id = $2))";
/// Every submitted file: $1 file ($2 unused, always bound).
const REACH_OFFICE: &str =
    " , FALSE AS pr_access FROM applications a WHERE a.id = $1 AND a.stage <> 'draft' AND $2 IS NOT NULL";

impl Store {
    /// The file `id` if `reach` reaches it; `None` otherwise (also when it does not exist).
    pub async fn reach_file(&self, reach: Reach, id: Uuid) -> Result<Option<FileRef>> {
        let (clause, account) = match reach {
            Reach::Own(a) => (REACH_OWN, a.0),
            Reach::Office => (REACH_OFFICE, Uuid::nil()),
        };
        let q = format!("{COLUMNS}{clause}");
        let row = run!(self.db, |p| sqlx::query_as::<_, ReachRow>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(id)
            .bind(account)
            .fetch_optional(p)
            .await)?;
        let Some(r) = row else { return Ok(None) };
        let app = Application::try_from(r.app)?;
        let facts = FileFacts {
            stage: app.stage,
            is_owner: matches!(reach, Reach::Own(a) if a == app.account_id),
            pr_access: r.pr_access,
            portal: Portal::parse(&r.portal).ok_or(StoreError::Corrupt("portal"))?,
        };
        Ok(Some(FileRef { app, facts, assigned_to: r.assigned_to.map(AccountId) }))
    }

    /// Records a read (a page or a document seen) on its own.
    pub async fn record_read(&self, rec: &Record<'_>, now: DateTime<Utc>) -> Result<()> {
        in_tx!(self.db, |tx| {
            audit!(tx, &rec.audit, now);
        });
        Ok(())
    }
}
