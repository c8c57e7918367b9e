//! Group commit of the audit entries written on reads: the API's token uses and the views of a
//! file. Each request waits until its entry is committed (acknowledged means committed), but
//! concurrent requests share one transaction — so auditing every use and every view does not
//! make reading a write-bound, one-writer-at-a-time affair.

use chrono::{DateTime, Utc};
use portail_store::Store;
use portail_store::audit::OwnedEntry;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// The most uses one transaction records.
const MAX_BATCH: usize = 512;

type Ack = oneshot::Sender<Result<(), String>>;
/// An audit entry, with the token whose use it records (none for a view of a file).
type Use = (Option<Uuid>, OwnedEntry, Ack);

/// A queue of read-side audit entries written by one task, batch by batch.
#[derive(Clone)]
pub struct ReadAudits {
    sender: mpsc::Sender<Use>,
}

impl ReadAudits {
    /// Starts the writer task on the current runtime.
    pub fn start(store: Store, clock: crate::clock::Clock) -> ReadAudits {
        let (sender, mut receiver) = mpsc::channel::<Use>(4096);
        tokio::spawn(async move {
            while let Some(first) = receiver.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match receiver.try_recv() {
                        Ok(next) => batch.push(next),
                        Err(_) => break,
                    }
                }
                let (uses, acks): (Vec<_>, Vec<_>) = batch.into_iter().map(|(id, e, ack)| ((id, e), ack)).unzip();
                let outcome = store.record_read_audits(&uses, clock.now()).await.map_err(|e| e.to_string());
                for ack in acks {
                    let _ = ack.send(outcome.clone());
                }
            }
        });
        ReadAudits { sender }
    }

    /// Records one use of a token (or, with `None`, one audited read) and waits until it is
    /// committed.
    pub async fn record(&self, token: Option<Uuid>, entry: OwnedEntry, _now: DateTime<Utc>) -> anyhow::Result<()> {
        let (ack, done) = oneshot::channel();
        self.sender
            .send((token, entry, ack))
            .await
            .map_err(|_| anyhow::anyhow!("the read-audit writer has stopped"))?;
        done.await.map_err(|_| anyhow::anyhow!("the read-audit writer has stopped"))?.map_err(|e| anyhow::anyhow!(e))
    }
}
