//! What a representative sees across their clients: every file an active consent reaches, with
//! its next deadline and unread correspondence (one query a page, keyset-paged), the agenda of
//! every open deadline, and who receives a represented file's correspondence.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::Stage;
use portail_domain::language::Lang;
use portail_domain::policy::Portal;
use portail_domain::representation::Correspondence;
use uuid::Uuid;

use crate::{Result, Store};

/// How the client list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientSort {
    /// The nearest open deadline first; files without one last.
    #[default]
    Deadline,
    /// By the client's name.
    Client,
}

/// What the representative filters the list by, and where the page starts.
#[derive(Debug, Clone, Default)]
pub struct ClientFilter {
    pub portal: Option<Portal>,
    pub stage: Option<Stage>,
    /// Part of the client's name, or a file number (lower-cased).
    pub search: Option<String>,
    pub sort: ClientSort,
    /// Only files after this one in the list's order (the last file of the page before).
    pub after: Option<Uuid>,
}

/// One client file on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientFile {
    pub id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    pub portal: String,
    pub created_at: DateTime<Utc>,
    /// The name the client signed the consent with.
    pub client_name: String,
    /// 1 when the consent lets the representative act, 0 read only.
    pub rep_act: i32,
    pub next_deadline: Option<DateTime<Utc>>,
    pub open_requests: i64,
    pub unread: i64,
}

/// One open deadline on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Deadline {
    pub request_id: Uuid,
    pub deadline: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub application_id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub portal: String,
    pub client_name: String,
}

/// Someone who receives a file's correspondence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correspondent {
    pub email: String,
    pub lang: Lang,
    pub representative: bool,
}

/// The client files of representative `$1` (their active consents, the representative may act).
const CLIENT_FILES: &str = "SELECT * FROM (SELECT a.id, a.number, a.type_id, a.stage, a.portal, a.created_at, \
     COALESCE((SELECT MAX(c.signed_name) FROM consents c WHERE c.representative_id = $1 \
        AND c.client_id = a.account_id AND c.status = 'active'), '') AS client_name, \
     (SELECT MAX(CASE WHEN c.can_act THEN 1 ELSE 0 END) FROM consents c WHERE c.representative_id = $1 \
        AND c.client_id = a.account_id AND c.status = 'active' \
        AND (c.application_id IS NULL OR c.application_id = a.id)) AS rep_act, \
     (SELECT MIN(q.deadline) FROM requests q WHERE q.application_id = a.id AND q.status = 'open') AS next_deadline, \
     (SELECT COUNT(*) FROM requests q WHERE q.application_id = a.id AND q.status = 'open') AS open_requests, \
     (SELECT COUNT(*) FROM letters l WHERE l.application_id = a.id AND l.read_at IS NULL) \
     + (SELECT COUNT(*) FROM messages m WHERE m.application_id = a.id AND m.from_staff AND m.read_at IS NULL) AS unread \
     FROM applications a WHERE a.account_id IN (SELECT c.client_id FROM consents c \
        WHERE c.representative_id = $1 AND c.status = 'active') \
     AND EXISTS (SELECT 1 FROM representatives r WHERE r.account_id = $1 AND r.status = 'verified')) t \
     WHERE t.rep_act IS NOT NULL";

impl Store {
    /// A page of the representative's client files, in `f.sort` order; at most `limit`.
    pub async fn client_files(&self, rep: AccountId, f: &ClientFilter, limit: i64) -> Result<Vec<ClientFile>> {
        // Files without a deadline sort after every real one (a year of four digits, so that
        // SQLite's text timestamps compare in the same order).
        let far = DateTime::<Utc>::from_timestamp(253_402_300_799, 0).unwrap_or_default();
        let (key, cursor_key) = match f.sort {
            ClientSort::Deadline => (
                "COALESCE(t.next_deadline, $6)",
                "COALESCE((SELECT MIN(q.deadline) FROM requests q WHERE q.application_id = $5 AND q.status = 'open'), $6)",
            ),
            // The cursor's name read straight from its consent: referring to the CTE instead made
            // PostgreSQL materialise it (58 ms a page at 3,000 files, against 20 by deadline).
            ClientSort::Client => (
                "LOWER(t.client_name)",
                "COALESCE((SELECT LOWER(MAX(c.signed_name)) FROM consents c JOIN applications u \
                 ON u.account_id = c.client_id WHERE u.id = $5 AND c.representative_id = $1 \
                 AND c.status = 'active'), '')",
            ),
        };
        let q = format!(
            "WITH page AS ({CLIENT_FILES}) SELECT * FROM page t WHERE ($2 IS NULL OR t.portal = $2) \
             AND ($3 IS NULL OR t.stage = $3) \
             AND ($4 IS NULL OR LOWER(t.client_name) LIKE '%' || $4 || '%' OR LOWER(t.number) = $4) \
             AND ($5 IS NULL OR ({key}, t.id) > ({cursor_key}, $5)) AND $6 IS NOT NULL \
             ORDER BY {key}, t.id LIMIT $7"
        );
        Ok(run!(self.db, |p| sqlx::query_as::<_, ClientFile>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(rep.0)
            .bind(f.portal.map(portal_str))
            .bind(f.stage.map(Stage::as_str))
            .bind(f.search.as_deref())
            .bind(f.after)
            .bind(far)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// Every open deadline of the representative's client files, soonest first, after the
    /// request `after`; at most `limit`.
    pub async fn client_deadlines(&self, rep: AccountId, after: Option<Uuid>, limit: i64) -> Result<Vec<Deadline>> {
        let q = format!(
            "WITH files AS ({CLIENT_FILES}) SELECT q.id AS request_id, q.deadline, q.created_at, \
             f.id AS application_id, f.number, f.type_id, f.portal, f.client_name \
             FROM requests q JOIN files f ON f.id = q.application_id WHERE q.status = 'open' \
             AND ($2 IS NULL OR (q.deadline, q.id) > ((SELECT z.deadline FROM requests z WHERE z.id = $2), $2)) \
             ORDER BY q.deadline, q.id LIMIT $3"
        );
        Ok(run!(self.db, |p| sqlx::query_as::<_, Deadline>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(rep.0)
            .bind(after)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// Every open deadline of a person's own files, soonest first (their calendar).
    pub async fn own_deadlines(&self, owner: AccountId, limit: i64) -> Result<Vec<Deadline>> {
        let q = "SELECT q.id AS request_id, q.deadline, q.created_at, a.id AS application_id, a.number, a.type_id, \
                 a.portal, '' AS client_name FROM requests q JOIN applications a ON a.id = q.application_id \
                 WHERE a.account_id = $1 AND q.status = 'open' ORDER BY q.deadline, q.id LIMIT $2";
        Ok(run!(self.db, |p| sqlx::query_as::<_, Deadline>(q).bind(owner.0).bind(limit).fetch_all(p).await)?)
    }

    /// Who receives the correspondence of file `id`: its owner unless a consent sends it to the
    /// representative instead, and every representative whose consent asks for it.
    pub async fn correspondents(&self, id: Uuid) -> Result<Vec<Correspondent>> {
        let q = "SELECT ac.email, ac.lang, 'owner' AS route FROM applications a JOIN accounts ac ON ac.id = a.account_id \
                 WHERE a.id = $1 UNION ALL SELECT ac.email, ac.lang, c.correspondence FROM consents c \
                 JOIN applications a ON a.account_id = c.client_id AND (c.application_id IS NULL OR c.application_id = a.id) \
                 JOIN representatives r ON r.account_id = c.representative_id AND r.status = 'verified' \
                 JOIN accounts ac ON ac.id = c.representative_id WHERE a.id = $1 AND c.status = 'active'";
        let rows: Vec<(String, String, String)> = run!(self.db, |p| sqlx::query_as(q).bind(id).fetch_all(p).await)?;
        let reps: Vec<Correspondence> = rows.iter().filter_map(|(_, _, r)| Correspondence::parse(r)).collect();
        let owner_told = reps.iter().all(|c| c.to_client());
        let mut out: Vec<Correspondent> = vec![];
        for (email, lang, route) in rows {
            let representative = route != "owner";
            let told = if representative {
                Correspondence::parse(&route).is_some_and(Correspondence::to_representative)
            } else {
                owner_told
            };
            if told && !out.iter().any(|c| c.email.eq_ignore_ascii_case(&email)) {
                out.push(Correspondent { email, lang: Lang::parse(&lang).unwrap_or_default(), representative });
            }
        }
        Ok(out)
    }
}

fn portal_str(p: Portal) -> &'static str {
    match p {
        Portal::Secure => "secure",
        Portal::Pr => "pr",
    }
}
