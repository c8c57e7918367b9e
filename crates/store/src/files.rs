//! What an actor reaches, decided in one place: [`Store::reach_file`] turns a [`Reach`] into SQL
//! and hands back a [`FileRef`] — the only key to a file's data. Every method that reads or
//! changes a file takes one, so no query can show a file to someone who does not reach it.
//!
//! Every change is written with its [`Record`]: the audit entry, the timeline entry and the mail,
//! in the same transaction (`record!`), so a change cannot be kept without its audit.

use portail_domain::account::AccountId;
use portail_domain::policy::{Actor, FileFacts, Portal, Reach, Representing};
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
    /// When the actor reaches the file as an assistant: the representative they act under (their
    /// account and public number).
    pub assistant_of: Option<(AccountId, String)>,
}

impl FileRef {
    pub fn id(&self) -> Uuid {
        self.app.id
    }

    pub fn owner(&self) -> AccountId {
        self.app.account_id
    }

    /// The actor reaches this file as the client's representative.
    pub fn by_representative(&self) -> bool {
        self.facts.representing.is_some() && !self.facts.is_owner
    }

    /// How the audit log names `actor` acting on this file: `representative:name` when they act
    /// for the client.
    /// — or `assistant:name for R01234567` when they act as an assistant under one.
    pub fn actor_name(&self, actor: &Actor) -> String {
        match (&self.assistant_of, self.by_representative()) {
            (Some((_, number)), true) => format!("assistant:{} for {number}", actor.username),
            (None, true) => format!("representative:{}", actor.username),
            _ => actor.audit_name(),
        }
    }

    /// The representative to name on the file's timeline for a change `actor` makes (an
    /// assistant's acts are the representative's).
    pub fn acting_representative(&self, actor: &Actor) -> Option<AccountId> {
        if !self.by_representative() {
            return None;
        }
        Some(self.assistant_of.as_ref().map(|(rep, _)| *rep).unwrap_or(actor.account))
    }
}

/// What a change writes with it: its audit entry, its entry on the file's timeline (kind,
/// detail) and its mail.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub audit: AuditEntry<'a>,
    pub event: Option<(&'a str, &'a str)>,
    pub mails: &'a [NewMail],
    /// The representative who made the change for the client, named on the timeline.
    pub by: Option<AccountId>,
}

impl<'a> Record<'a> {
    /// An audit entry alone.
    pub fn audit(actor: &'a str, action: &'a str, target: &'a str, detail: &'a str) -> Record<'a> {
        Record { audit: AuditEntry { actor, action, target, detail }, event: None, mails: &[], by: None }
    }

    /// A change made on a file: named as [`FileRef::actor_name`] says, and on the timeline with the
    /// representative who made it, if one did.
    pub fn on(file: &FileRef, actor: &Actor, who: &'a str, action: &'a str, target: &'a str, detail: &'a str) -> Self {
        let mut r = Record::audit(who, action, target, detail);
        r.by = file.acting_representative(actor);
        r
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
                .bind(rec.by.map(|a| a.0))
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
    rep_act: Option<i32>,
    principal_id: Option<Uuid>,
    principal_number: Option<String>,
}

const COLUMNS: &str = "SELECT a.id, a.account_id, a.type_id, a.stage, a.number, a.answers, a.members, a.version, \
     a.created_at, a.updated_at, a.submitted_at, a.portal, a.assigned_to";

/// What a consent lets account `$2` do with file `a` as its owner's representative, or as the
/// assistant of one: 1 act, 0 read, NULL none — only while the consent is active and the
/// representative may act.
pub(crate) const REP_ACT: &str = "(SELECT MAX(CASE WHEN c.can_act THEN 1 ELSE 0 END) FROM consents c \
     JOIN representatives r ON r.account_id = c.representative_id \
     WHERE c.representative_id IN (SELECT $2 UNION SELECT d.representative_id FROM delegates d \
        WHERE d.account_id = $2 AND d.removed_at IS NULL) \
     AND c.client_id = a.account_id AND c.status = 'active' \
     AND r.status = 'verified' AND (c.application_id IS NULL OR c.application_id = a.id))";

/// The representative account `$2` assists, when it reaches file `a` only as their assistant.
const PRINCIPAL: &str = "(SELECT d.representative_id FROM delegates d WHERE d.account_id = $2 AND d.removed_at IS NULL \
     AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.representative_id = $2 AND c.client_id = a.account_id \
        AND c.status = 'active' AND (c.application_id IS NULL OR c.application_id = a.id)))";

/// The person's own files, the files they opened in the PR portal, and their clients' files:
/// $1 file, $2 account.
fn reach_own() -> String {
    format!(
        "SELECT * FROM ({COLUMNS}, EXISTS (SELECT 1 FROM pr_access x WHERE x.application_id = a.id \
         AND x.account_id = $2) AS pr_access, {REP_ACT} AS rep_act, {PRINCIPAL} AS principal_id \
         FROM applications a WHERE a.id = $1) t \
         LEFT JOIN (SELECT account_id AS principal, number AS principal_number FROM representatives) p \
         ON p.principal = t.principal_id \
         WHERE t.account_id = $2 OR t.pr_access OR t.rep_act IS NOT NULL"
    )
}

/// Staff reach no file as an assistant.
const NO_PRINCIPAL: &str = "CAST(NULL AS UUID) AS principal_id, CAST(NULL AS TEXT) AS principal_number";

/// Every submitted file: $1 file ($2 unused, always bound).
fn reach_office() -> String {
    format!(
        "{COLUMNS}, FALSE AS pr_access, CAST(NULL AS INTEGER) AS rep_act, {NO_PRINCIPAL} FROM applications a \
         WHERE a.id = $1 AND a.stage <> 'draft' AND $2 IS NOT NULL"
    )
}

impl Store {
    /// The file `id` if `reach` reaches it; `None` otherwise (also when it does not exist).
    pub async fn reach_file(&self, reach: Reach, id: Uuid) -> Result<Option<FileRef>> {
        let (q, account) = match reach {
            Reach::Own(a) => (reach_own(), a.0),
            Reach::Office => (reach_office(), Uuid::nil()),
        };
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
            representing: r.rep_act.map(|act| Representing { act: act == 1 }),
        };
        let assistant_of = r.principal_id.zip(r.principal_number).map(|(id, n)| (AccountId(id), n));
        Ok(Some(FileRef { app, facts, assigned_to: r.assigned_to.map(AccountId), assistant_of }))
    }
}
