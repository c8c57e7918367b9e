//! The applicant's home page in one statement: the account's own files (without the answers and
//! members the list does not show), which of them moved to the PR portal with their working
//! code, and the PR-portal files the account redeemed a code for — instead of three queries.

use chrono::{DateTime, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::Stage;
use uuid::Uuid;

use crate::invites::{MovedFile, moved_invite_columns};
use crate::{Result, Store, StoreError};

/// A file as a list shows it.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub id: Uuid,
    pub type_id: String,
    pub number: Option<String>,
    pub stage: Stage,
    pub updated_at: DateTime<Utc>,
}

/// Everything `/home` lists.
#[derive(Debug, Clone, Default)]
pub struct HomeLists {
    /// The account's own files, newest first (moved ones included).
    pub own: Vec<FileSummary>,
    /// Those of them managed in the PR portal, with their codes.
    pub moved: Vec<MovedFile>,
    /// The PR-portal files this account manages (it redeemed a code for each).
    pub pr: Vec<Uuid>,
}

#[derive(sqlx::FromRow)]
struct HomeRow {
    id: Uuid,
    type_id: String,
    stage: String,
    number: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    own: bool,
    in_pr: bool,
    pr_mine: bool,
    invite_sent_at: Option<DateTime<Utc>>,
    invite_expires_at: Option<DateTime<Utc>>,
    invite_moved_secs: Option<i64>,
    invite_interrupted_at: Option<DateTime<Utc>>,
    redeemed: bool,
}

const HOME: &str = concat!(
    "SELECT a.id, a.type_id, a.stage, a.number, a.created_at, a.updated_at, \
     a.account_id = $1 AS own, a.portal = 'pr' AS in_pr, \
     EXISTS (SELECT 1 FROM pr_access x WHERE x.application_id = a.id AND x.account_id = $1) AS pr_mine, ",
    moved_invite_columns!(),
    " FROM applications a LEFT JOIN invites i ON i.application_id = a.id AND a.portal = 'pr' \
     AND i.redeemed_at IS NULL AND i.revoked_at IS NULL \
     WHERE a.account_id = $1 OR a.id IN (SELECT x.application_id FROM pr_access x WHERE x.account_id = $1) \
     ORDER BY a.created_at DESC"
);

impl Store {
    /// What the home page of `account` lists, in one round trip.
    pub async fn home_lists_of(&self, account: AccountId) -> Result<HomeLists> {
        let rows = run!(self.db, |p| sqlx::query_as::<_, HomeRow>(HOME).bind(account.0).fetch_all(p).await)?;
        let mut lists = HomeLists::default();
        for r in rows {
            if r.pr_mine {
                lists.pr.push(r.id);
            }
            if !r.own {
                continue;
            }
            let stage = Stage::parse(&r.stage).ok_or(StoreError::Corrupt("stage"))?;
            lists.own.push(FileSummary {
                id: r.id,
                type_id: r.type_id.clone(),
                number: r.number.clone(),
                stage,
                updated_at: r.updated_at,
            });
            if r.in_pr {
                lists.moved.push(MovedFile {
                    id: r.id,
                    number: r.number,
                    type_id: r.type_id,
                    stage: r.stage,
                    created_at: r.created_at,
                    invite_sent_at: r.invite_sent_at,
                    invite_expires_at: r.invite_expires_at,
                    invite_moved_secs: r.invite_moved_secs,
                    invite_interrupted_at: r.invite_interrupted_at,
                    redeemed: r.redeemed,
                });
            }
        }
        Ok(lists)
    }
}
