//! Envelope encryption. Each document gets its own random 256-bit key; the document is sealed in
//! 64 KiB segments with AES-256-GCM (nonce = 7-byte random prefix ‖ 4-byte segment counter ‖
//! last-segment flag), so it is encrypted as it streams and a truncated or reordered file fails to
//! open. The document key is stored wrapped (AES-256-GCM) under the master key, with the master
//! key's id so that keys can be rotated (`keys.rs`).

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Nonce, Payload};

use rand::Rng;
use zeroize::Zeroizing;

pub const SEGMENT: usize = 64 * 1024;
pub const TAG: usize = 16;
pub const MAGIC: &[u8; 4] = b"PTD1";
pub const HEADER: usize = 4 + 7;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the document could not be decrypted (damaged, truncated or the wrong key)")]
    Open,
    #[error("the master key is not 64 hex characters")]
    BadMasterKey,
    #[error("sealed under a master key this keyring does not hold")]
    UnknownKey,
}

/// The key that wraps document keys. `id` names it in every wrapped key.
#[derive(Clone)]
pub struct MasterKey {
    pub id: String,
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({}, ***)", self.id)
    }
}

/// A document key sealed under a master key: `nonce ‖ ciphertext`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    pub master_id: String,
    pub sealed: Vec<u8>,
}

impl MasterKey {
    pub fn from_hex(id: &str, hex_key: &str) -> Result<MasterKey, CryptoError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| CryptoError::BadMasterKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadMasterKey)?;
        Ok(MasterKey { id: id.to_owned(), key: Zeroizing::new(key) })
    }

    /// A key whose id is derived from it (a digest prefix): stored with everything it seals,
    /// the id names the key to open it with.
    pub fn from_hex_named(hex_key: &str) -> Result<MasterKey, CryptoError> {
        use sha2::Digest;
        let id = hex::encode(&sha2::Sha256::digest(hex_key.trim().as_bytes())[..4]);
        MasterKey::from_hex(&id, hex_key)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&(*self.key).into())
    }

    /// `nonce ‖ AES-256-GCM(msg)` with `aad` bound to it.
    pub(crate) fn seal(&self, msg: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self.cipher().encrypt(&Nonce::<Aes256Gcm>::from(nonce), Payload { msg, aad }).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        out
    }

    pub(crate) fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        if sealed.len() < 12 {
            return Err(CryptoError::Open);
        }
        let (nonce, ct) = sealed.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| CryptoError::Open)?;
        let plain = self
            .cipher()
            .decrypt(&Nonce::<Aes256Gcm>::from(nonce), Payload { msg: ct, aad })
            .map_err(|_| CryptoError::Open)?;
        Ok(Zeroizing::new(plain))
    }

    /// A document key sealed under this key (its id as associated data, as since the first
    /// release: the wrapped keys already stored keep opening).
    pub fn wrap(&self, dk: &DocumentKey) -> WrappedKey {
        WrappedKey { master_id: self.id.clone(), sealed: self.seal(&dk.0[..], self.id.as_bytes()) }
    }

    pub fn unwrap_key(&self, w: &WrappedKey) -> Result<DocumentKey, CryptoError> {
        if w.master_id != self.id {
            return Err(CryptoError::Open);
        }
        let plain = self.open(&w.sealed, self.id.as_bytes())?;
        let key: [u8; 32] = plain.as_slice().try_into().map_err(|_| CryptoError::Open)?;
        Ok(DocumentKey(Zeroizing::new(key)))
    }
}

/// One document's key.
pub struct DocumentKey(Zeroizing<[u8; 32]>);

impl DocumentKey {
    pub fn generate() -> DocumentKey {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        DocumentKey(Zeroizing::new(k))
    }
}

fn nonce(prefix: &[u8; 7], counter: u32, last: bool) -> Nonce<Aes256Gcm> {
    let mut n = [0u8; 12];
    n[..7].copy_from_slice(prefix);
    n[7..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    Nonce::<Aes256Gcm>::from(n)
}

/// Seals segments one after another.
pub struct Sealer {
    cipher: Aes256Gcm,
    prefix: [u8; 7],
    counter: u32,
}

impl Sealer {
    /// A sealer and the header to write before the first segment.
    pub fn new(dk: &DocumentKey) -> (Sealer, Vec<u8>) {
        let mut prefix = [0u8; 7];
        rand::rng().fill_bytes(&mut prefix);
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&prefix);
        (Sealer { cipher: Aes256Gcm::new(&(*dk.0).into()), prefix, counter: 0 }, header)
    }

    /// Seals one segment (at most [`SEGMENT`] bytes; only the last may be shorter).
    pub fn seal(&mut self, plain: &[u8], last: bool) -> Vec<u8> {
        let out = self.cipher.encrypt(&nonce(&self.prefix, self.counter, last), plain).unwrap_or_default();
        self.counter = self.counter.wrapping_add(1);
        out
    }
}

/// Opens segments one after another.
pub struct Opener {
    cipher: Aes256Gcm,
    prefix: [u8; 7],
    counter: u32,
}

impl Opener {
    pub fn new(dk: &DocumentKey, header: &[u8]) -> Result<Opener, CryptoError> {
        if header.len() != HEADER || &header[..4] != MAGIC {
            return Err(CryptoError::Open);
        }
        let prefix: [u8; 7] = header[4..].try_into().map_err(|_| CryptoError::Open)?;
        Ok(Opener { cipher: Aes256Gcm::new(&(*dk.0).into()), prefix, counter: 0 })
    }

    pub fn open(&mut self, sealed: &[u8], last: bool) -> Result<Vec<u8>, CryptoError> {
        let out =
            self.cipher.decrypt(&nonce(&self.prefix, self.counter, last), sealed).map_err(|_| CryptoError::Open)?;
        self.counter = self.counter.wrapping_add(1);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn master() -> MasterKey {
        MasterKey::from_hex("k1", &"ab".repeat(32)).unwrap_or_else(|_| unreachable!())
    }

    fn seal_all(dk: &DocumentKey, data: &[u8]) -> Vec<u8> {
        let (mut s, mut out) = Sealer::new(dk);
        let chunks: Vec<&[u8]> = if data.is_empty() { vec![&[]] } else { data.chunks(SEGMENT).collect() };
        for (i, c) in chunks.iter().enumerate() {
            out.extend(s.seal(c, i + 1 == chunks.len()));
        }
        out
    }

    fn open_all(dk: &DocumentKey, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut o = Opener::new(dk, &sealed[..HEADER])?;
        let body = &sealed[HEADER..];
        let segs: Vec<&[u8]> = body.chunks(SEGMENT + TAG).collect();
        let mut out = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            out.extend(o.open(s, i + 1 == segs.len())?);
        }
        Ok(out)
    }

    #[test]
    fn round_trip_and_tamper_detection() {
        let dk = DocumentKey::generate();
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let sealed = seal_all(&dk, &data);
        assert_eq!(open_all(&dk, &sealed).ok(), Some(data.clone()));
        let mut flipped = sealed.clone();
        flipped[HEADER + 10] ^= 1;
        assert!(open_all(&dk, &flipped).is_err(), "a flipped byte is detected");
        let truncated = &sealed[..HEADER + SEGMENT + TAG];
        assert!(open_all(&dk, truncated).is_err(), "a file cut at a segment boundary is detected");
        assert!(open_all(&DocumentKey::generate(), &sealed).is_err(), "another key cannot open it");
    }

    #[test]
    fn wrapped_keys_open_only_with_their_master() {
        let m = master();
        let dk = DocumentKey::generate();
        let w = m.wrap(&dk);
        assert_eq!(m.unwrap_key(&w).map(|k| *k.0).ok(), Some(*dk.0));
        let other = MasterKey::from_hex("k1", &"cd".repeat(32)).unwrap_or_else(|_| unreachable!());
        assert!(other.unwrap_key(&w).is_err());
        assert!(MasterKey::from_hex("k", "short").is_err());
    }

    #[test]
    fn nonces_never_repeat_across_documents() {
        let prefixes: std::collections::HashSet<Vec<u8>> =
            (0..10_000).map(|_| Sealer::new(&DocumentKey::generate()).1).collect();
        assert_eq!(prefixes.len(), 10_000);
    }
}
