//! The keyring of master keys. The current key wraps every new document key and seals every new
//! secret (the authenticator apps' TOTP secrets); the previous keys still open what they sealed
//! until a rotation has re-wrapped it and they are retired. A server that meets a key id it does
//! not hold reloads the keyring from where it came from (a rotation made by another process), so
//! rotating needs no restart.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use zeroize::Zeroizing;

use crate::crypto::{CryptoError, DocumentKey, MasterKey, WrappedKey};

/// The current master key and the previous ones still needed.
#[derive(Debug, Clone)]
pub struct Keyring {
    current: MasterKey,
    previous: Vec<MasterKey>,
}

impl Keyring {
    /// A keyring; a previous key with the current key's id (the same key) is dropped.
    pub fn new(current: MasterKey, previous: Vec<MasterKey>) -> Keyring {
        let mut previous: Vec<MasterKey> = previous.into_iter().filter(|k| k.id != current.id).collect();
        previous.dedup_by(|a, b| a.id == b.id);
        Keyring { current, previous }
    }

    pub fn current(&self) -> &MasterKey {
        &self.current
    }

    /// The key with this id, current or previous.
    pub fn get(&self, id: &str) -> Option<&MasterKey> {
        std::iter::once(&self.current).chain(&self.previous).find(|k| k.id == id)
    }

    /// The ids of the previous keys.
    pub fn previous_ids(&self) -> Vec<String> {
        self.previous.iter().map(|k| k.id.clone()).collect()
    }
}

impl From<MasterKey> for Keyring {
    fn from(current: MasterKey) -> Keyring {
        Keyring::new(current, vec![])
    }
}

type Loader = Arc<dyn Fn() -> anyhow::Result<Keyring> + Send + Sync>;

/// How far apart two reloads for an unknown key id may come (a row under a retired key must not
/// make every read touch the disk).
const RELOAD_GAP_SECS: i64 = 5;

/// The prefix of a sealed secret: `v1.<key id>.<hex of nonce ‖ ciphertext>`.
const SEALED: &str = "v1.";

/// The keyring a process uses, shared by its clones, reloadable.
#[derive(Clone)]
pub struct Keys {
    ring: Arc<RwLock<Arc<Keyring>>>,
    loader: Option<Loader>,
    last_reload: Arc<AtomicI64>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys(current {})", self.ring().current.id)
    }
}

impl From<MasterKey> for Keys {
    fn from(key: MasterKey) -> Keys {
        Keys::fixed(key.into())
    }
}

impl From<Keyring> for Keys {
    fn from(ring: Keyring) -> Keys {
        Keys::fixed(ring)
    }
}

impl Keys {
    /// A keyring that never changes (tests, tools).
    pub fn fixed(ring: Keyring) -> Keys {
        Keys { ring: Arc::new(RwLock::new(Arc::new(ring))), loader: None, last_reload: Arc::new(AtomicI64::new(0)) }
    }

    /// A keyring loaded now by `load`, and again by [`Keys::reload`] or on meeting an unknown id.
    pub fn reloading(load: impl Fn() -> anyhow::Result<Keyring> + Send + Sync + 'static) -> anyhow::Result<Keys> {
        let ring = load()?;
        let mut keys = Keys::fixed(ring);
        keys.loader = Some(Arc::new(load));
        Ok(keys)
    }

    fn ring(&self) -> Arc<Keyring> {
        self.ring.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Loads the keyring again (a rotation may have made a new current key); true when it changed.
    pub fn reload(&self) -> anyhow::Result<bool> {
        let Some(load) = &self.loader else { return Ok(false) };
        self.last_reload.store(chrono::Utc::now().timestamp(), Ordering::Relaxed);
        let fresh = load()?;
        let mut ring = self.ring.write().unwrap_or_else(|e| e.into_inner());
        let changed = fresh.current.id != ring.current.id || fresh.previous_ids() != ring.previous_ids();
        *ring = Arc::new(fresh);
        Ok(changed)
    }

    /// The key with `id`, reloading once (at most every few seconds) when it is not held.
    fn key(&self, id: &str) -> Result<MasterKey, CryptoError> {
        if let Some(k) = self.ring().get(id) {
            return Ok(k.clone());
        }
        let now = chrono::Utc::now().timestamp();
        if now - self.last_reload.load(Ordering::Relaxed) >= RELOAD_GAP_SECS {
            match self.reload() {
                Ok(_) => tracing::info!(event = "keys_reloaded", key = id, "keyring reloaded for an unknown key id"),
                Err(e) => tracing::warn!(event = "keys_reload_failed", error = %e, "keyring reload failed"),
            }
        }
        self.ring().get(id).cloned().ok_or(CryptoError::UnknownKey)
    }

    pub fn current_id(&self) -> String {
        self.ring().current.id.clone()
    }

    pub fn previous_ids(&self) -> Vec<String> {
        self.ring().previous_ids()
    }

    pub fn wrap(&self, dk: &DocumentKey) -> WrappedKey {
        self.ring().current.wrap(dk)
    }

    pub fn unwrap_key(&self, w: &WrappedKey) -> Result<DocumentKey, CryptoError> {
        self.key(&w.master_id)?.unwrap_key(w)
    }

    /// The document key of `w` wrapped under the current key, or `None` when it already is.
    pub fn rewrap(&self, w: &WrappedKey) -> Result<Option<WrappedKey>, CryptoError> {
        let ring = self.ring();
        if w.master_id == ring.current.id {
            return Ok(None);
        }
        let dk = self.unwrap_key(w)?;
        Ok(Some(ring.current.wrap(&dk)))
    }

    /// `plain` sealed under the current key for `context` (what it belongs to, e.g. an account:
    /// a sealed value copied to another row does not open there).
    pub fn seal_secret(&self, plain: &str, context: &str) -> String {
        let ring = self.ring();
        let k = &ring.current;
        format!("{SEALED}{}.{}", k.id, hex::encode(k.seal(plain.as_bytes(), &secret_aad(&k.id, context))))
    }

    /// The key id a sealed secret names; `None` for a value stored before secrets were sealed.
    pub fn sealed_with(stored: &str) -> Option<&str> {
        stored.strip_prefix(SEALED)?.split_once('.').map(|(id, _)| id)
    }

    /// The secret in `stored`. A value without the `v1.` prefix was stored before secrets were
    /// sealed and is returned as it is (start-up seals those: [`Keys::reseal_secret`]).
    pub fn open_secret(&self, stored: &str, context: &str) -> Result<Zeroizing<String>, CryptoError> {
        let Some(rest) = stored.strip_prefix(SEALED) else {
            return Ok(Zeroizing::new(stored.to_owned()));
        };
        let (id, body) = rest.split_once('.').ok_or(CryptoError::Open)?;
        let sealed = hex::decode(body).map_err(|_| CryptoError::Open)?;
        let plain = self.key(id)?.open(&sealed, &secret_aad(id, context))?;
        String::from_utf8(plain.to_vec()).map(Zeroizing::new).map_err(|_| CryptoError::Open)
    }

    /// `stored` sealed under the current key, or `None` when it already is.
    pub fn reseal_secret(&self, stored: &str, context: &str) -> Result<Option<String>, CryptoError> {
        if Keys::sealed_with(stored) == Some(self.current_id().as_str()) {
            return Ok(None);
        }
        let plain = self.open_secret(stored, context)?;
        Ok(Some(self.seal_secret(&plain, context)))
    }
}

fn secret_aad(id: &str, context: &str) -> Vec<u8> {
    format!("secret|{id}|{context}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: &str) -> MasterKey {
        MasterKey::from_hex_named(&byte.repeat(32)).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn a_rotated_keyring_opens_old_keys_and_wraps_under_the_new() {
        let (old, new) = (key("aa"), key("bb"));
        let before = Keys::from(old.clone());
        let dk = DocumentKey::generate();
        let wrapped = before.wrap(&dk);
        let secret = before.seal_secret("JBSWY3DPEHPK3PXP", "account:1");
        let after = Keys::fixed(Keyring::new(new.clone(), vec![old.clone()]));
        let rewrapped = after.rewrap(&wrapped).ok().flatten().unwrap_or_else(|| unreachable!());
        assert_eq!(rewrapped.master_id, new.id);
        assert_eq!(after.rewrap(&rewrapped).ok(), Some(None), "already current: nothing to do");
        assert!(Keys::from(new.clone()).unwrap_key(&rewrapped).is_ok(), "opens without the old key");
        assert!(matches!(Keys::from(new.clone()).unwrap_key(&wrapped), Err(CryptoError::UnknownKey)));
        let resealed = after.reseal_secret(&secret, "account:1").ok().flatten().unwrap_or_default();
        assert_eq!(Keys::sealed_with(&resealed), Some(new.id.as_str()));
        assert_eq!(
            Keys::from(new).open_secret(&resealed, "account:1").map(|s| s.to_string()).ok(),
            Some("JBSWY3DPEHPK3PXP".to_owned())
        );
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_context_and_plain_ones_pass_through() {
        let keys = Keys::from(key("cc"));
        let sealed = keys.seal_secret("JBSWY3DPEHPK3PXP", "account:1");
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert!(keys.open_secret(&sealed, "account:2").is_err(), "moved to another account: refused");
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert!(keys.open_secret(&tampered, "account:1").is_err());
        assert_eq!(
            keys.open_secret("JBSWY3DPEHPK3PXP", "x").map(|s| s.to_string()).ok(),
            Some("JBSWY3DPEHPK3PXP".to_owned())
        );
        assert!(keys.reseal_secret("JBSWY3DPEHPK3PXP", "account:1").ok().flatten().is_some(), "plain gets sealed");
        assert_eq!(keys.reseal_secret(&sealed, "account:1").ok(), Some(None));
    }

    #[test]
    fn an_unknown_key_reloads_the_keyring() {
        let (old, new) = (key("dd"), key("ee"));
        let state = Arc::new(RwLock::new(Keyring::from(old.clone())));
        let source = state.clone();
        let keys = Keys::reloading(move || Ok(source.read().unwrap_or_else(|e| e.into_inner()).clone()))
            .unwrap_or_else(|_| unreachable!());
        let under_new = Keys::from(new.clone()).wrap(&DocumentKey::generate());
        assert!(keys.unwrap_key(&under_new).is_err(), "not rotated yet");
        *state.write().unwrap_or_else(|e| e.into_inner()) = Keyring::new(new.clone(), vec![old]);
        keys.last_reload.store(0, Ordering::Relaxed);
        assert!(keys.unwrap_key(&under_new).is_ok(), "reloaded on the unknown id");
        assert_eq!(keys.current_id(), new.id);
    }
}
