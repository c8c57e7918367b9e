//! Password hashing with argon2id on the fixed CPU pool, so that a storm of sign-ins queues for
//! hashing instead of starving page serving. The queue is bounded: past
//! [`PasswordHasher::with_queue`] hashes running or waiting, a request is refused at once ([`Error::Busy`], a 503 with
//! `Retry-After`) instead of waiting longer and longer.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use zeroize::Zeroizing;

use crate::cpu_pool::CpuPool;
use crate::error::{Error, Result};

/// Hashes that may run or wait at once by default: at about 20 ms a hash on each of 2 cores, the
/// last one waits some 300 ms.
pub const DEFAULT_QUEUE: usize = 32;

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    pool: CpuPool,
    /// A hash of a random password, verified when the account does not exist so that unknown
    /// and known usernames cost the same time.
    dummy: Arc<String>,
    /// One permit per hash running or waiting.
    slots: Arc<Semaphore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub ok: bool,
    /// The stored hash used weaker parameters than today's: store a new one.
    pub needs_rehash: bool,
}

impl PasswordHasher {
    pub fn new(m_kib: u32, t: u32, p: u32, pool: CpuPool) -> anyhow::Result<Self> {
        let params = Params::new(m_kib, t, p, None).map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let random = portail_domain::secret::new_token();
        let dummy = argon.hash_password(random.as_bytes()).map_err(|e| anyhow::anyhow!("argon2: {e}"))?.to_string();
        let slots = Arc::new(Semaphore::new(DEFAULT_QUEUE));
        Ok(PasswordHasher { params, pool, dummy: Arc::new(dummy), slots })
    }

    /// At most `queue` hashes running or waiting; the next ones are refused with [`Error::Busy`].
    pub fn with_queue(mut self, queue: usize) -> Self {
        self.slots = Arc::new(Semaphore::new(queue.max(1)));
        self
    }

    /// A place in the queue, or a refusal to come back in a second.
    fn slot(&self) -> Result<OwnedSemaphorePermit> {
        self.slots.clone().try_acquire_owned().map_err(|_| Error::Busy { retry_after_secs: 1 })
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub async fn hash(&self, password: &str) -> Result<String> {
        let slot = self.slot()?;
        let password = Zeroizing::new(password.to_owned());
        let argon = self.argon();
        let hashed = self
            .pool
            .run(move || {
                argon
                    .hash_password(password.as_bytes())
                    .map(|h| h.to_string())
                    .map_err(|e| anyhow::anyhow!("argon2: {e}"))
            })
            .await?;
        drop(slot);
        Ok(hashed?)
    }

    /// Verifies `password` against `stored`, or against the dummy hash when there is none.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<Verified> {
        let slot = self.slot()?;
        let password = Zeroizing::new(password.to_owned());
        let exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.as_ref().clone());
        let argon = self.argon();
        let current = self.params.clone();
        let verified = self
            .pool
            .run(move || {
                let Ok(hash) = PasswordHash::new(&phc) else {
                    return Verified { ok: false, needs_rehash: false };
                };
                let ok = argon.verify_password(password.as_bytes(), &hash).is_ok() && exists;
                let weaker = match Params::try_from(&hash) {
                    Ok(p) => {
                        p.m_cost() < current.m_cost()
                            || p.t_cost() < current.t_cost()
                            || hash.algorithm.as_str() != "argon2id"
                    }
                    Err(_) => true,
                };
                Verified { ok, needs_rehash: ok && weaker }
            })
            .await?;
        drop(slot);
        Ok(verified)
    }

    /// The argon2 parameters of a stored hash: (m KiB, t, p), for tests and audits.
    pub fn parameters_of(phc: &str) -> Option<(u32, u32, u32)> {
        let hash = PasswordHash::new(phc).ok()?;
        let p = Params::try_from(&hash).ok()?;
        Some((p.m_cost(), p.t_cost(), p.p_cost()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt as _;

    /// With the one place taken by a hash that waits for the pool, the next one is refused at
    /// once (not queued), and the place is free again once the first is done.
    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_frees_up() {
        let pool = CpuPool::new(1, "queue-test").unwrap_or_else(|_| unreachable!());
        let hasher = PasswordHasher::new(8, 1, 1, pool.clone()).unwrap_or_else(|_| unreachable!()).with_queue(1);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let (started, running) = std::sync::mpsc::channel::<()>();
        // The pool's one thread is taken before the first hash is queued behind it.
        let blocker = pool.run(move || started.send(()).is_ok() && hold.recv().is_ok());
        tokio::pin!(blocker);
        assert!((&mut blocker).now_or_never().is_none());
        running.recv().unwrap_or_else(|_| unreachable!());
        let first = hasher.hash("first password");
        tokio::pin!(first);
        assert!((&mut first).now_or_never().is_none(), "the first hash waits for the pool");
        let refused = hasher.verify("second password", None).await;
        assert!(matches!(refused, Err(Error::Busy { retry_after_secs: 1 })), "{refused:?}");
        release.send(()).unwrap_or_else(|_| unreachable!());
        assert!(matches!(blocker.await, Ok(true)));
        assert!(first.await.is_ok_and(|h| h.starts_with("$argon2id$")));
        assert!(hasher.verify("second password", None).await.is_ok_and(|v| !v.ok), "the place is free again");
    }
}
