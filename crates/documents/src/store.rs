//! Where encrypted documents live: any `object_store` backend (a local folder by default), under
//! server-made keys only. Writing streams the file through the sealer segment by segment; reading
//! streams it back through the opener. Neither holds a whole document in memory.

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use tokio::io::AsyncReadExt;

use crate::crypto::{DocumentKey, HEADER, Opener, SEGMENT, Sealer, TAG, WrappedKey};
use crate::keys::Keys;

#[derive(Clone)]
pub struct DocumentStore {
    objects: Arc<dyn ObjectStore>,
    keys: Keys,
    /// The folder of a local store, where a cut multipart write leaves its staging file.
    local_dir: Option<std::path::PathBuf>,
}

/// What was written: where, under which wrapped key, how big and with which SHA-256 (of the
/// plain content, the document's receipt).
#[derive(Debug, Clone)]
pub struct Stored {
    pub object_key: String,
    pub wrapped: WrappedKey,
    pub size: u64,
    pub sha256: String,
}

impl DocumentStore {
    pub fn new(objects: Arc<dyn ObjectStore>, keys: impl Into<Keys>) -> DocumentStore {
        DocumentStore { objects, keys: keys.into(), local_dir: None }
    }

    /// A store in a local folder (created if missing).
    pub fn local(dir: &Path, keys: impl Into<Keys>) -> anyhow::Result<DocumentStore> {
        std::fs::create_dir_all(dir)?;
        let fs = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
        Ok(DocumentStore { local_dir: Some(dir.to_path_buf()), ..DocumentStore::new(Arc::new(fs), keys) })
    }

    /// The keyring that wraps the documents' keys (and seals the other secrets).
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Encrypts the plain file at `path` into a new object under `documents/<uuid>`.
    pub async fn put_file(&self, path: &Path) -> anyhow::Result<Stored> {
        let object_key = format!("documents/{}", uuid::Uuid::new_v4().simple());
        let location = ObjectPath::from(object_key.as_str());
        let dk = DocumentKey::generate();
        let (mut sealer, header) = Sealer::new(&dk);
        let upload = self.objects.put_multipart(&location).await?;
        // Small parts, one in flight: a file never sits whole in memory, whatever its size.
        let mut writer = WriteMultipart::new_with_chunk_size(upload, 256 * 1024);
        writer.write(&header);
        let written = seal_into(&mut writer, &mut sealer, path).await;
        let (size, sha256) = match written {
            Ok(done) => done,
            Err(e) => {
                // An unfinished upload is aborted, so it leaves no staging part behind.
                let _ = writer.abort().await;
                return Err(e);
            }
        };
        if let Err(e) = writer.finish().await {
            let _ = self.objects.delete(&location).await;
            return Err(e.into());
        }
        Ok(Stored { object_key, wrapped: self.keys.wrap(&dk), size, sha256 })
    }

    /// The plain content of a stored document, as a stream of decrypted segments. An error in the
    /// stream means the object was damaged or cut.
    pub async fn open(
        &self,
        object_key: &str,
        wrapped: &WrappedKey,
    ) -> anyhow::Result<impl Stream<Item = std::io::Result<Bytes>> + Send + 'static> {
        let dk = self.keys.unwrap_key(wrapped)?;
        let location = ObjectPath::from(object_key);
        let mut inner = self.objects.get(&location).await?.into_stream();
        // The header first.
        let mut buf = BytesMut::new();
        while buf.len() < HEADER {
            match inner.next().await {
                Some(chunk) => buf.extend_from_slice(&chunk?),
                None => anyhow::bail!("document object is shorter than its header"),
            }
        }
        let header = buf.split_to(HEADER);
        let opener = Opener::new(&dk, &header)?;
        let state = (inner, buf, opener, false);
        Ok(futures_util::stream::unfold(state, |(mut inner, mut buf, mut opener, done)| async move {
            if done {
                return None;
            }
            // Fill until a whole segment plus one byte is buffered, or the object ends.
            let mut ended = false;
            while buf.len() <= SEGMENT + TAG {
                match inner.next().await {
                    Some(Ok(chunk)) => buf.extend_from_slice(&chunk),
                    Some(Err(e)) => return Some((Err(std::io::Error::other(e)), (inner, buf, opener, true))),
                    None => {
                        ended = true;
                        break;
                    }
                }
            }
            let take = if ended { buf.len() } else { SEGMENT + TAG };
            let sealed = buf.split_to(take);
            match opener.open(&sealed, ended) {
                Ok(plain) => Some((Ok(Bytes::from(plain)), (inner, buf, opener, ended))),
                Err(e) => Some((Err(std::io::Error::other(e)), (inner, buf, opener, true))),
            }
        }))
    }

    /// The whole plain content (tests and small documents only).
    pub async fn read_all(&self, object_key: &str, wrapped: &WrappedKey) -> anyhow::Result<Vec<u8>> {
        let mut s = Box::pin(self.open(object_key, wrapped).await?);
        let mut out = Vec::new();
        while let Some(chunk) = s.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    pub async fn delete(&self, object_key: &str) -> anyhow::Result<()> {
        self.objects.delete(&ObjectPath::from(object_key)).await?;
        Ok(())
    }

    /// Writes a small `probe-…` object, reads it back and removes it: the storage takes
    /// uploads (the status page's check).
    pub async fn probe(&self) -> anyhow::Result<()> {
        // At the top level: a local folder keeps no empty directory behind.
        let location = ObjectPath::from(format!("probe-{}", uuid::Uuid::new_v4().simple()).as_str());
        self.objects.put(&location, Bytes::from_static(b"probe").into()).await?;
        let read = self.objects.get(&location).await?.bytes().await;
        self.objects.delete(&location).await?;
        anyhow::ensure!(read? == Bytes::from_static(b"probe"), "the probe object came back different");
        Ok(())
    }

    /// Objects under `documents/` last written before `before` (for the orphan cleanup).
    /// Removes the staging parts (`<key>#<n>`) that a write cut by a crash left in a local store,
    /// when older than `before`: the store's own listing never shows them. How many went.
    pub async fn remove_staging_older_than(&self, before: chrono::DateTime<chrono::Utc>) -> usize {
        let Some(dir) = self.local_dir.clone() else { return 0 };
        let Ok(mut entries) = tokio::fs::read_dir(dir.join("documents")).await else { return 0 };
        let mut removed = 0;
        while let Ok(Some(e)) = entries.next_entry().await {
            let staging = e.file_name().to_string_lossy().contains('#');
            let old = e
                .metadata()
                .await
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| chrono::DateTime::<chrono::Utc>::from(t) < before);
            if staging && old && tokio::fs::remove_file(e.path()).await.is_ok() {
                removed += 1;
            }
        }
        removed
    }

    pub async fn objects_older_than(&self, before: chrono::DateTime<chrono::Utc>) -> anyhow::Result<Vec<String>> {
        let mut list = self.objects.list(Some(&ObjectPath::from("documents")));
        let mut out = Vec::new();
        while let Some(meta) = list.next().await {
            let meta = meta?;
            if meta.last_modified < before {
                out.push(meta.location.to_string());
            }
        }
        Ok(out)
    }
}

/// Seals the plain file at `path` into `writer`, segment by segment; its size and SHA-256.
async fn seal_into(writer: &mut WriteMultipart, sealer: &mut Sealer, path: &Path) -> anyhow::Result<(u64, String)> {
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut current = vec![0u8; SEGMENT];
    let mut filled = read_full(&mut file, &mut current).await?;
    loop {
        let mut next = vec![0u8; SEGMENT];
        let next_filled = if filled == SEGMENT { read_full(&mut file, &mut next).await? } else { 0 };
        let last = next_filled == 0;
        hasher.update(&current[..filled]);
        size += filled as u64;
        writer.write(&sealer.seal(&current[..filled], last));
        writer.wait_for_capacity(1).await?;
        if last {
            return Ok((size, hex::encode(hasher.finalize())));
        }
        current = next;
        filled = next_filled;
    }
}

/// Reads until `buf` is full or the file ends; returns how many bytes were read.
async fn read_full(file: &mut tokio::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = file.read(&mut buf[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::MasterKey;

    #[tokio::test]
    async fn files_round_trip_through_the_store_encrypted() {
        let dir = std::env::temp_dir().join(format!("portail-docs-{}", uuid::Uuid::new_v4().simple()));
        let master = MasterKey::from_hex("k1", &"11".repeat(32)).unwrap_or_else(|_| unreachable!());
        let store = DocumentStore::local(&dir.join("objects"), master).unwrap_or_else(|_| unreachable!());
        for size in [1usize, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17] {
            let data: Vec<u8> = (0..size).map(|i| (i * 7 % 256) as u8).collect();
            let plain = dir.join(format!("plain-{size}"));
            std::fs::write(&plain, &data).unwrap_or_default();
            let stored = store.put_file(&plain).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(stored.size, size as u64);
            let raw = std::fs::read(dir.join("objects").join(&stored.object_key)).unwrap_or_default();
            assert!(!raw.windows(16.min(size)).any(|w| size >= 16 && w == &data[..16]), "stored encrypted");
            assert_eq!(store.read_all(&stored.object_key, &stored.wrapped).await.ok(), Some(data));
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
