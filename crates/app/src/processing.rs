//! Processing times from real data: a job ([`App::compute_processing_times`]) turns the files
//! decided in the last 12 months into figures per program and writes them; every node keeps the
//! figures in memory ([`App::load_processing_times`]), so the public page and each file's status
//! page cost no statement for them.

use chrono::{DateTime, Utc};
use portail_domain::processing::{self, Summary};
use portail_store::processing::ProcessingTime;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crate::{App, Result};

/// The figures last read, by program.
#[derive(Clone, Default)]
pub struct Figures {
    times: Arc<RwLock<Vec<ProcessingTime>>>,
}

impl App {
    /// Computes every program's figures from the files decided in the last 12 months, writes
    /// them (replacing the previous ones) and keeps them; returns how many programs have figures.
    pub async fn compute_processing_times(&self, now: DateTime<Utc>) -> Result<usize> {
        let mut by_program: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (type_id, submitted, decided) in self.store.decided_since(now - processing::WINDOW).await? {
            by_program.entry(type_id).or_default().push(processing::days_taken(submitted, decided));
        }
        let times: Vec<ProcessingTime> = by_program
            .into_iter()
            .filter_map(|(type_id, days)| {
                processing::summarize(days).map(|summary| ProcessingTime { type_id, summary, computed_at: now })
            })
            .collect();
        self.store.replace_processing_times(&times).await?;
        let n = times.len();
        self.set_processing_times(times);
        Ok(n)
    }

    /// Reads the figures the job wrote last (any node's).
    pub async fn load_processing_times(&self) -> Result<()> {
        let times = self.store.processing_times().await?;
        self.set_processing_times(times);
        Ok(())
    }

    fn set_processing_times(&self, times: Vec<ProcessingTime>) {
        if let Ok(mut t) = self.processing.times.write() {
            *t = times;
        }
    }

    /// Every program's figures, as last read.
    pub fn processing_times(&self) -> Vec<ProcessingTime> {
        self.processing.times.read().map(|t| t.clone()).unwrap_or_default()
    }

    /// The figures of program `type_id`, if it has enough decided files.
    pub fn processing_time_of(&self, type_id: &str) -> Option<Summary> {
        let times = self.processing.times.read().ok()?;
        times.iter().find(|t| t.type_id == type_id).map(|t| t.summary.clone())
    }
}
