//! Migration rules and waves: administrators define which files move to the PR portal, preview
//! what a rule matches, and run waves in the background — batch by batch, each batch one store
//! transaction (codes, emails, audit entries, outcomes, cursor). Stopping at any point — a crash,
//! a deploy — loses at most the batch under way, which the next run does again.

use chrono::{DateTime, Utc};
use portail_domain::invite::MigrationRule;
use portail_domain::language::Lang;
use portail_domain::policy::{AccountAction, Actor, decide_account};
use portail_store::waves::{Candidate, StoredRule, WaveAction};
use uuid::Uuid;

use crate::invites::IssuedCode;
use crate::{App, Error, Result};

/// Files per transaction: big enough to amortise the commit, small enough to keep the write
/// lock short for the people using the portals meanwhile.
pub const BATCH: i64 = 500;

/// How the audit log names the wave runner.
const WAVE_ACTOR: &str = "system:waves";

fn action<'a>(c: &Candidate, issued: &'a IssuedCode) -> WaveAction<'a> {
    if c.email.is_empty() {
        return WaveAction::Fail { application_id: c.id, reason: "no-email" };
    }
    WaveAction::Issue { application_id: c.id, issued_to: c.account_id, code_hash: &issued.hash, mail: &issued.mail }
}

impl App {
    pub async fn create_rule(&self, actor: &Actor, rule: &MigrationRule, now: DateTime<Utc>) -> Result<Uuid> {
        decide_account(actor, AccountAction::Administer)?;
        Ok(self.store.create_rule(rule, actor.account, now).await?)
    }

    pub async fn rule(&self, actor: &Actor, id: Uuid) -> Result<StoredRule> {
        decide_account(actor, AccountAction::Administer)?;
        self.store.rule(id).await?.ok_or(Error::NotFound)
    }

    /// Starts a wave of rule `id` in the background; refused when the rule matches nothing.
    pub async fn start_wave(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<Uuid> {
        let rule = self.rule(actor, id).await?;
        let (matched, _) = self.store.rule_preview(&rule.rule, 0).await?;
        if matched == 0 {
            return Err(Error::field("wave", "wave-nothing-matched"));
        }
        let wave = self.store.start_wave(id, matched, actor.account, now).await?;
        tracing::info!(event = "wave_started", wave = %wave, matched);
        self.spawn_wave(wave);
        Ok(wave)
    }

    /// Runs a wave to its end (or until `max_batches`, for tests and benchmarks). Returns
    /// whether it finished. Safe to call again on the same wave: it goes on from the cursor.
    pub async fn run_wave(&self, wave_id: Uuid, max_batches: Option<usize>) -> anyhow::Result<bool> {
        let Some(wave) = self.store.wave(wave_id).await? else { anyhow::bail!("no wave {wave_id}") };
        if wave.finished_at.is_some() {
            return Ok(true);
        }
        let Some(rule) = self.store.rule(wave.rule_id).await? else { anyhow::bail!("wave {wave_id} has no rule") };
        let mut cursor = wave.cursor;
        let mut batches = 0;
        loop {
            // A maintenance window of the PR portal pauses the wave between batches.
            while self.write_gate(portail_domain::maintenance::Part::Pr, self.clock.now()).is_err() {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                self.refresh_maintenance().await?;
            }
            let candidates = self.store.wave_candidates(&rule.rule, cursor, BATCH).await?;
            let Some(last) = candidates.last().map(|c| c.id) else {
                self.store.finish_wave(wave_id, self.clock.now()).await?;
                tracing::info!(event = "wave_finished", wave = %wave_id);
                return Ok(true);
            };
            let now = self.clock.now();
            let expires_at = self.invite_expiry(now);
            let issued: Vec<IssuedCode> = candidates
                .iter()
                .map(|c| {
                    self.new_invite(
                        &c.email,
                        Lang::parse(&c.lang).unwrap_or_default(),
                        c.number.as_deref().unwrap_or(""),
                        expires_at,
                    )
                })
                .collect();
            let actions: Vec<WaveAction<'_>> = candidates.iter().zip(&issued).map(|(c, i)| action(c, i)).collect();
            self.store.apply_wave_batch(wave_id, &actions, last, expires_at, WAVE_ACTOR, now).await?;
            self.mail_queued();
            cursor = Some(last);
            batches += 1;
            if max_batches.is_some_and(|m| batches >= m) {
                return Ok(false);
            }
        }
    }

    /// Starts a wave in the background unless it is already running in this process.
    pub fn spawn_wave(&self, wave_id: Uuid) {
        let claimed = self.waves_running.lock().map(|mut set| set.insert(wave_id)).unwrap_or(false);
        if !claimed {
            return;
        }
        let app = self.clone();
        tokio::spawn(async move {
            if let Err(e) = app.run_wave(wave_id, None).await {
                tracing::error!(event = "wave_failed", wave = %wave_id, error = %e);
            }
            if let Ok(mut set) = app.waves_running.lock() {
                set.remove(&wave_id);
            }
        });
    }

    /// At start-up: goes on with every wave a stop interrupted.
    pub async fn resume_unfinished_waves(&self) -> anyhow::Result<usize> {
        let waves = self.store.unfinished_waves().await?;
        for w in &waves {
            tracing::info!(event = "wave_resumed", wave = %w.id);
            self.spawn_wave(w.id);
        }
        Ok(waves.len())
    }
}
