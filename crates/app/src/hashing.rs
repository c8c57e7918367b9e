//! Password hashing with argon2id on the fixed CPU pool, so that a storm of sign-ins queues for
//! hashing instead of starving page serving.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::sync::Arc;
use zeroize::Zeroizing;

use crate::cpu_pool::CpuPool;

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    pool: CpuPool,
    /// A hash of a random password, verified when the account does not exist so that unknown
    /// and known usernames cost the same time.
    dummy: Arc<String>,
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
        Ok(PasswordHasher { params, pool, dummy: Arc::new(dummy) })
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let password = Zeroizing::new(password.to_owned());
        let argon = self.argon();
        self.pool
            .run(move || {
                argon
                    .hash_password(password.as_bytes())
                    .map(|h| h.to_string())
                    .map_err(|e| anyhow::anyhow!("argon2: {e}"))
            })
            .await?
    }

    /// Verifies `password` against `stored`, or against the dummy hash when there is none.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> anyhow::Result<Verified> {
        let password = Zeroizing::new(password.to_owned());
        let exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.as_ref().clone());
        let argon = self.argon();
        let current = self.params.clone();
        self.pool
            .run(move || {
                let Ok(hash) = PasswordHash::new(&phc) else {
                    return Ok(Verified { ok: false, needs_rehash: false });
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
                Ok(Verified { ok, needs_rehash: ok && weaker })
            })
            .await?
    }

    /// The argon2 parameters of a stored hash: (m KiB, t, p), for tests and audits.
    pub fn parameters_of(phc: &str) -> Option<(u32, u32, u32)> {
        let hash = PasswordHash::new(phc).ok()?;
        let p = Params::try_from(&hash).ok()?;
        Some((p.m_cost(), p.t_cost(), p.p_cost()))
    }
}
