//! Running a wave: the files of a rule, batch by batch, each batch one store transaction (codes,
//! emails, outcomes, cursor). Stopping at any point — a crash, a deploy — loses at most the batch
//! under way, which the next run does again; `resume_unfinished` picks waves up at start-up.

use chrono::{DateTime, Duration, Utc};
use portail_domain::invite::{grouped, new_code};
use portail_domain::language::Lang;
use portail_store::NewMail;
use portail_store::waves::{Candidate, WaveAction};
use uuid::Uuid;

use crate::state::AppState;

/// Files per transaction: big enough to amortise the commit, small enough to keep the write
/// lock short for the people using the portals meanwhile.
pub const BATCH: i64 = 500;

/// The email and the keyed hash of a fresh code for one file.
pub struct IssuedCode {
    pub code: String,
    pub hash: String,
    pub mail: NewMail,
}

/// Makes a new code for a file and its invitation email.
pub fn new_invite(st: &AppState, email: &str, lang: Lang, number: &str, expires_at: DateTime<Utc>) -> IssuedCode {
    let code = new_code();
    let hash = st.keyed_digest("invite-code", &code);
    let url = format!("{}/pr", st.config.public_url.trim_end_matches('/'));
    let mail =
        crate::mail::pr_invite(email, lang, &grouped(&code), number, &url, &expires_at.format("%Y-%m-%d").to_string());
    IssuedCode { code, hash, mail }
}

/// When a code issued now stops working.
pub fn expiry(st: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(st.config.invite_days.max(1))
}

fn action<'a>(c: &Candidate, issued: &'a IssuedCode) -> WaveAction<'a> {
    if c.email.is_empty() {
        return WaveAction::Fail { application_id: c.id, reason: "no-email" };
    }
    WaveAction::Issue { application_id: c.id, issued_to: c.account_id, code_hash: &issued.hash, mail: &issued.mail }
}

/// Runs a wave to its end (or until `max_batches`, for tests and benchmarks). Returns whether it
/// finished. Safe to call again on the same wave: it goes on from the cursor.
pub async fn run_wave(st: &AppState, wave_id: Uuid, max_batches: Option<usize>) -> anyhow::Result<bool> {
    let Some(wave) = st.store.wave(wave_id).await? else { anyhow::bail!("no wave {wave_id}") };
    if wave.finished_at.is_some() {
        return Ok(true);
    }
    let Some(rule) = st.store.rule(wave.rule_id).await? else { anyhow::bail!("wave {wave_id} has no rule") };
    let mut cursor = wave.cursor;
    let mut batches = 0;
    loop {
        let candidates = st.store.wave_candidates(&rule.rule, cursor, BATCH).await?;
        let Some(last) = candidates.last().map(|c| c.id) else {
            st.store.finish_wave(wave_id, st.clock.now()).await?;
            tracing::info!(event = "wave_finished", wave = %wave_id);
            return Ok(true);
        };
        let now = st.clock.now();
        let expires_at = expiry(st, now);
        let issued: Vec<IssuedCode> = candidates
            .iter()
            .map(|c| {
                let lang = Lang::parse(&c.lang).unwrap_or_default();
                new_invite(st, &c.email, lang, c.number.as_deref().unwrap_or(""), expires_at)
            })
            .collect();
        let actions: Vec<WaveAction<'_>> = candidates.iter().zip(&issued).map(|(c, i)| action(c, i)).collect();
        st.store.apply_wave_batch(wave_id, &actions, last, expires_at, now).await?;
        st.mail_wakeup.notify_one();
        cursor = Some(last);
        batches += 1;
        if max_batches.is_some_and(|m| batches >= m) {
            return Ok(false);
        }
    }
}

/// Starts a wave in the background unless it is already running in this process.
pub fn spawn_wave(st: &AppState, wave_id: Uuid) {
    let claimed = st.waves_running.lock().map(|mut set| set.insert(wave_id)).unwrap_or(false);
    if !claimed {
        return;
    }
    let st = st.clone();
    tokio::spawn(async move {
        if let Err(e) = run_wave(&st, wave_id, None).await {
            tracing::error!(event = "wave_failed", wave = %wave_id, error = %e);
        }
        if let Ok(mut set) = st.waves_running.lock() {
            set.remove(&wave_id);
        }
    });
}

/// At start-up: goes on with every wave a stop interrupted.
pub async fn resume_unfinished(st: &AppState) -> anyhow::Result<usize> {
    let waves = st.store.unfinished_waves().await?;
    for w in &waves {
        tracing::info!(event = "wave_resumed", wave = %w.id);
        spawn_wave(st, w.id);
    }
    Ok(waves.len())
}
