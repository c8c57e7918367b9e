//! Migration rules and waves: which files move to the PR portal, a preview of what a rule
//! matches, and waves applied batch by batch — each batch one transaction that issues the codes,
//! queues the emails, audits each move, records each file's outcome and moves the cursor, so a wave killed at any
//! point goes on from its last committed batch without skipping or doubling a file.

use chrono::{DateTime, NaiveDate, Utc};
use portail_domain::account::AccountId;
use portail_domain::application::Stage;
use portail_domain::application::status::{Step, StepState};
use portail_domain::invite::MigrationRule;
use uuid::Uuid;

use crate::files::Record;
use crate::outbox::NewMail;
use crate::pr_confirm::START_PR_CONFIRMATION;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct StoredRule {
    pub id: Uuid,
    pub rule: MigrationRule,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: Uuid,
    name: String,
    type_id: Option<String>,
    stage: Option<String>,
    step: Option<String>,
    step_state: Option<String>,
    created_from: Option<String>,
    created_to: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<RuleRow> for StoredRule {
    type Error = StoreError;
    fn try_from(r: RuleRow) -> Result<StoredRule> {
        let date = |s: Option<String>| -> Result<Option<NaiveDate>> {
            s.map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| StoreError::Corrupt("rule date")))
                .transpose()
        };
        let stage = r.stage.map(|s| Stage::parse(&s).ok_or(StoreError::Corrupt("rule stage"))).transpose()?;
        let step = match (r.step, r.step_state) {
            (Some(s), Some(st)) => Some((
                Step::parse(&s).ok_or(StoreError::Corrupt("rule step"))?,
                StepState::parse(&st).ok_or(StoreError::Corrupt("rule step state"))?,
            )),
            _ => None,
        };
        Ok(StoredRule {
            id: r.id,
            rule: MigrationRule {
                name: r.name,
                type_id: r.type_id,
                stage,
                step,
                created_from: date(r.created_from)?,
                created_to: date(r.created_to)?,
            },
            created_at: r.created_at,
        })
    }
}

/// A file a rule matches, with what its invitation needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub id: Uuid,
    pub account_id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    pub created_at: DateTime<Utc>,
    pub email: String,
    pub lang: String,
}

/// The files of a rule, from SQL that both databases run the same: $1 type, $2 stage, $3 step,
/// $4 step state, $5 created from, $6 created before.
const MATCHES: &str = "FROM applications a JOIN accounts acc ON acc.id = a.account_id \
     WHERE a.stage <> 'draft' AND ($1 IS NULL OR a.type_id = $1) AND ($2 IS NULL OR a.stage = $2) \
     AND ($3 IS NULL OR EXISTS (SELECT 1 FROM application_steps s WHERE s.application_id = a.id \
          AND s.step = $3 AND s.state = $4)) \
     AND a.created_at >= $5 AND a.created_at < $6";

const CANDIDATE_COLUMNS: &str =
    "SELECT a.id, a.account_id, a.number, a.type_id, a.stage, a.created_at, acc.email, acc.lang ";

/// A wave as its report shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Wave {
    pub id: Uuid,
    pub rule_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub cursor: Option<Uuid>,
    pub matched: i64,
    pub issued: i64,
    pub skipped: i64,
    pub failed: i64,
}

const SELECT_WAVE: &str = "SELECT id, rule_id, started_at, finished_at, cursor, matched, issued, skipped, failed \
     FROM waves";

/// What a batch does to one file, decided by the caller (who made the code and the email).
pub enum WaveAction<'a> {
    Issue { application_id: Uuid, issued_to: Uuid, code_hash: &'a str, mail: &'a NewMail },
    Fail { application_id: Uuid, reason: &'static str },
}

macro_rules! bind_rule {
    ($q:expr, $rule:expr) => {{
        let (from, to) = $rule.window();
        $q.bind($rule.type_id.as_deref())
            .bind($rule.stage.map(Stage::as_str))
            .bind($rule.step.map(|(s, _)| s.as_str()))
            .bind($rule.step.map(|(_, st)| st.as_str()))
            .bind(from)
            .bind(to)
    }};
}

impl Store {
    pub async fn create_rule(&self, rule: &MigrationRule, by: AccountId, now: DateTime<Utc>) -> Result<Uuid> {
        let id = Uuid::new_v4();
        let q = "INSERT INTO migration_rules (id, name, type_id, stage, step, step_state, created_from, created_to, \
                 created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        run!(self.db, |p| sqlx::query(q)
            .bind(id)
            .bind(rule.name.trim())
            .bind(rule.type_id.as_deref())
            .bind(rule.stage.map(Stage::as_str))
            .bind(rule.step.map(|(s, _)| s.as_str()))
            .bind(rule.step.map(|(_, st)| st.as_str()))
            .bind(day(rule.created_from))
            .bind(day(rule.created_to))
            .bind(by.0)
            .bind(now)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(id)
    }

    pub async fn rules(&self) -> Result<Vec<StoredRule>> {
        let q = "SELECT id, name, type_id, stage, step, step_state, created_from, created_to, created_at \
                 FROM migration_rules ORDER BY created_at DESC";
        let rows = run!(self.db, |p| sqlx::query_as::<_, RuleRow>(q).fetch_all(p).await)?;
        rows.into_iter().map(StoredRule::try_from).collect()
    }

    pub async fn rule(&self, id: Uuid) -> Result<Option<StoredRule>> {
        let q = "SELECT id, name, type_id, stage, step, step_state, created_from, created_to, created_at \
                 FROM migration_rules WHERE id = $1";
        let row = run!(self.db, |p| sqlx::query_as::<_, RuleRow>(q).bind(id).fetch_optional(p).await)?;
        row.map(StoredRule::try_from).transpose()
    }

    /// How many files a rule matches and up to `sample` of them.
    pub async fn rule_preview(&self, rule: &MigrationRule, sample: i64) -> Result<(i64, Vec<Candidate>)> {
        let count_q = format!("SELECT COUNT(*) {MATCHES}");
        let count: i64 =
            run!(self.db, |p| bind_rule!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_q.as_str())), rule)
                .fetch_one(p)
                .await)?;
        let sample_q = format!("{CANDIDATE_COLUMNS}{MATCHES} ORDER BY a.created_at LIMIT $7");
        let rows = run!(self.db, |p| bind_rule!(
            sqlx::query_as::<_, Candidate>(sqlx::AssertSqlSafe(sample_q.as_str())),
            rule
        )
        .bind(sample)
        .fetch_all(p)
        .await)?;
        Ok((count, rows))
    }

    /// The next files of a wave after `cursor`, in id order.
    pub async fn wave_candidates(
        &self,
        rule: &MigrationRule,
        cursor: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<Candidate>> {
        let q = format!("{CANDIDATE_COLUMNS}{MATCHES} AND ($7 IS NULL OR a.id > $7) ORDER BY a.id LIMIT $8");
        Ok(run!(self.db, |p| bind_rule!(sqlx::query_as::<_, Candidate>(sqlx::AssertSqlSafe(q.as_str())), rule)
            .bind(cursor)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    pub async fn start_wave(&self, rule_id: Uuid, matched: i64, by: AccountId, now: DateTime<Utc>) -> Result<Uuid> {
        let id = Uuid::new_v4();
        let q = "INSERT INTO waves (id, rule_id, started_by, started_at, matched) VALUES ($1, $2, $3, $4, $5)";
        run!(self.db, |p| sqlx::query(q)
            .bind(id)
            .bind(rule_id)
            .bind(by.0)
            .bind(now)
            .bind(matched)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(id)
    }

    pub async fn wave(&self, id: Uuid) -> Result<Option<Wave>> {
        let q = format!("{SELECT_WAVE} WHERE id = $1");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Wave>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(id)
            .fetch_optional(p)
            .await)?)
    }

    pub async fn waves(&self, limit: i64) -> Result<Vec<Wave>> {
        let q = format!("{SELECT_WAVE} ORDER BY started_at DESC LIMIT $1");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Wave>(sqlx::AssertSqlSafe(q.as_str()))
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// Waves not finished (to resume after a restart).
    pub async fn unfinished_waves(&self) -> Result<Vec<Wave>> {
        let q = format!("{SELECT_WAVE} WHERE finished_at IS NULL ORDER BY started_at");
        Ok(run!(self.db, |p| sqlx::query_as::<_, Wave>(sqlx::AssertSqlSafe(q.as_str())).fetch_all(p).await)?)
    }

    /// The skipped and failed files of a wave with their reasons (for the report).
    pub async fn wave_exceptions(&self, wave: Uuid, limit: i64) -> Result<Vec<(Option<String>, String, String)>> {
        let q = "SELECT a.number, w.outcome, w.reason FROM wave_items w JOIN applications a ON a.id = w.application_id \
                 WHERE w.wave_id = $1 AND w.outcome <> 'issued' ORDER BY a.number LIMIT $2";
        Ok(run!(self.db, |p| sqlx::query_as::<_, (Option<String>, String, String)>(q)
            .bind(wave)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// One batch of a wave, in one transaction: files already moved (or with a working code)
    /// are skipped, the others get their code, their email and the PR portal. `last` becomes the
    /// cursor. Returns (issued, skipped, failed).
    pub async fn apply_wave_batch(
        &self,
        wave: Uuid,
        actions: &[WaveAction<'_>],
        last: Uuid,
        expires_at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64, i64)> {
        let wave_text = wave.to_string();
        let (mut issued, mut skipped, mut failed) = (0i64, 0i64, 0i64);
        in_tx!(self.db, |tx| {
            for action in actions {
                let (application_id, outcome, reason) = match action {
                    WaveAction::Fail { application_id, reason } => {
                        failed += 1;
                        (*application_id, "failed", *reason)
                    }
                    WaveAction::Issue { application_id, issued_to, code_hash, mail } => {
                        let moved =
                            sqlx::query("UPDATE applications SET portal = 'pr' WHERE id = $1 AND portal = 'secure'")
                                .bind(application_id)
                                .execute(&mut *tx)
                                .await?
                                .rows_affected();
                        if moved == 0 {
                            skipped += 1;
                            (*application_id, "skipped", "already-moved")
                        } else {
                            sqlx::query(INSERT_INVITE)
                                .bind(Uuid::new_v4())
                                .bind(application_id)
                                .bind(*code_hash)
                                .bind(issued_to)
                                .bind(Some(wave))
                                .bind(now)
                                .bind(expires_at)
                                .execute(&mut *tx)
                                .await?;
                            sqlx::query(START_PR_CONFIRMATION).bind(application_id).bind(now).execute(&mut *tx).await?;
                            let target = application_id.to_string();
                            let rec = Record::audit(actor, "moved_to_pr_portal", &target, &wave_text)
                                .timeline("moved_to_pr_portal", "")
                                .mails(std::slice::from_ref(*mail));
                            record!(tx, *application_id, &rec, now);
                            issued += 1;
                            (*application_id, "issued", "")
                        }
                    }
                };
                sqlx::query(
                    "INSERT INTO wave_items (wave_id, application_id, outcome, reason) VALUES ($1, $2, $3, $4)",
                )
                .bind(wave)
                .bind(application_id)
                .bind(outcome)
                .bind(reason)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "UPDATE waves SET cursor = $2, issued = issued + $3, skipped = skipped + $4, failed = failed + $5 \
                 WHERE id = $1",
            )
            .bind(wave)
            .bind(last)
            .bind(issued)
            .bind(skipped)
            .bind(failed)
            .execute(&mut *tx)
            .await?;
        });
        Ok((issued, skipped, failed))
    }

    pub async fn finish_wave(&self, wave: Uuid, now: DateTime<Utc>) -> Result<()> {
        let q = "UPDATE waves SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL";
        run!(self.db, |p| sqlx::query(q).bind(wave).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}

pub(crate) const INSERT_INVITE: &str = "INSERT INTO invites (id, application_id, code_hash, issued_to, wave_id, \
     created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
