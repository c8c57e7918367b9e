//! The documents' master keys on disk and `portail keys rotate|retire|status`. The current key is
//! `document_key` (configured) or `data_dir/document.key`; the previous ones still needed are
//! `previous_document_keys` (configured) and `data_dir/document-keys/<id>.key`. A rotation keeps
//! the old key there, writes a new current key, and re-wraps every stored key under it while the
//! servers run: a server meets a key id it does not hold → reloads the keyring; every server also
//! reloads it each minute, so new uploads move to the new key. `retire` deletes the previous keys
//! nothing refers to any more (docs/operations.md, "Key rotation").

use anyhow::{Context, bail};
use portail_documents::{Keyring, Keys, MasterKey};
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};

use crate::config::Config;

/// How often a server reloads its keyring.
pub const RELOAD_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// How long after a rotation `retire` waits: every server has reloaded by then.
pub const RETIRE_AFTER: std::time::Duration = std::time::Duration::from_secs(150);

/// Where a process's master keys come from.
#[derive(Clone)]
pub struct KeySource {
    data_dir: PathBuf,
    configured: Option<SecretString>,
    previous: Vec<SecretString>,
}

impl KeySource {
    pub fn of(config: &Config) -> KeySource {
        KeySource {
            data_dir: config.data_dir.clone(),
            configured: config.document_key.clone(),
            previous: config.previous_document_keys.clone(),
        }
    }

    fn current_file(&self) -> PathBuf {
        self.data_dir.join("document.key")
    }

    fn previous_dir(&self) -> PathBuf {
        self.data_dir.join("document-keys")
    }

    /// The keyring; the first time (`create`) a missing `document.key` is made.
    pub fn load(&self, create: bool) -> anyhow::Result<Keyring> {
        let current = match &self.configured {
            Some(k) => parse(k.expose_secret(), "document_key")?,
            None => {
                let path = self.current_file();
                match std::fs::read_to_string(&path) {
                    Ok(hex) => parse(&hex, "document.key")?,
                    Err(_) if create => parse(&write_new_key(&path)?, "document.key")?,
                    Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
        };
        let mut previous = Vec::new();
        for (i, k) in self.previous.iter().enumerate() {
            previous.push(parse(k.expose_secret(), &format!("previous_document_keys[{i}]"))?);
        }
        for file in self.previous_files()? {
            let hex = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            previous.push(parse(&hex, &file.display().to_string())?);
        }
        Ok(Keyring::new(current, previous))
    }

    fn previous_files(&self) -> anyhow::Result<Vec<PathBuf>> {
        let Ok(dir) = std::fs::read_dir(self.previous_dir()) else { return Ok(vec![]) };
        let mut files = Vec::new();
        for e in dir {
            let path = e?.path();
            if path.extension().is_some_and(|x| x == "key") {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// The keys of a running server: loaded now, reloaded on an unknown id and by the timer.
    pub fn keys(&self) -> anyhow::Result<Keys> {
        self.load(true)?;
        let source = self.clone();
        Keys::reloading(move || source.load(false))
    }
}

fn parse(hex: &str, name: &str) -> anyhow::Result<MasterKey> {
    MasterKey::from_hex_named(hex).with_context(|| format!("{name} must be 64 hex characters"))
}

/// Writes a fresh key to `path` (readable by its owner only) through a temporary file, so a crash
/// leaves the old file or the new one, never half of one; returns it.
pub(crate) fn write_new_key(path: &Path) -> anyhow::Result<String> {
    let hex = portail_domain::secret::new_token();
    write_key(path, &hex)?;
    Ok(hex)
}

fn write_key(path: &Path, hex: &str) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("key-new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    f.write_all(hex.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// What `keys rotate` did.
#[derive(Debug)]
pub struct Rotation {
    pub old: String,
    pub new: String,
    pub done: portail_app::keys::Rewrapped,
}

/// Makes a new current key (kept in the data folder; with a configured key, the one configured)
/// and re-wraps every stored key under it.
pub async fn rotate(config: &Config) -> anyhow::Result<Rotation> {
    let source = KeySource::of(config);
    let before = source.load(true)?;
    let old = before.current().id.clone();
    if source.configured.is_none() {
        let hex = std::fs::read_to_string(source.current_file())?;
        write_key(&source.previous_dir().join(format!("{old}.key")), hex.trim())?;
        write_new_key(&source.current_file())?;
    }
    let keys = Keys::fixed(source.load(false)?);
    let store = crate::server::open_store(config).await?;
    let done = portail_app::keys::rewrap_all(&store, &keys, chrono::Utc::now()).await;
    store.close().await;
    Ok(Rotation { old, new: keys.current_id(), done: done? })
}

/// What `keys retire` did: the stragglers re-wrapped, the previous keys deleted, and those kept
/// because something still refers to them (with how many).
#[derive(Debug)]
pub struct Retirement {
    pub done: portail_app::keys::Rewrapped,
    pub deleted: Vec<String>,
    pub kept: Vec<(String, i64)>,
}

/// Re-wraps what was written under a previous key since the rotation, then deletes the previous
/// key files nothing refers to. Refused sooner than `wait` after the rotation (servers still
/// wrapping under the old key until they reload).
pub async fn retire(config: &Config, wait: std::time::Duration) -> anyhow::Result<Retirement> {
    let source = KeySource::of(config);
    if source.configured.is_none() {
        let age = std::fs::metadata(source.current_file())?.modified()?.elapsed().unwrap_or_default();
        if age < wait {
            bail!(
                "the key was rotated {} s ago: servers reload their keys every {} s, retire after {} s; nothing was changed",
                age.as_secs(),
                RELOAD_EVERY.as_secs(),
                wait.as_secs()
            );
        }
    }
    let keys = Keys::fixed(source.load(false)?);
    let store = crate::server::open_store(config).await?;
    let done = portail_app::keys::rewrap_all(&store, &keys, chrono::Utc::now()).await?;
    let usage = usage(&store).await;
    store.close().await;
    let usage = usage?;
    let (mut deleted, mut kept) = (vec![], vec![]);
    for file in source.previous_files()? {
        let hex = std::fs::read_to_string(&file)?;
        let id = parse(&hex, &file.display().to_string())?.id;
        match usage.iter().find(|(used, _)| *used == id) {
            Some((_, n)) => kept.push((id, *n)),
            None => {
                std::fs::remove_file(&file)?;
                deleted.push(id);
            }
        }
    }
    for id in keys.previous_ids() {
        if !deleted.contains(&id) && !kept.iter().any(|(k, _)| *k == id) {
            let n = usage.iter().find(|(used, _)| *used == id).map(|u| u.1).unwrap_or(0);
            kept.push((id, n));
        }
    }
    Ok(Retirement { done, deleted, kept })
}

/// How many stored keys and secrets each master key id holds.
pub async fn usage(store: &portail_store::Store) -> anyhow::Result<Vec<(String, i64)>> {
    let mut out: Vec<(String, i64)> =
        store.wrapped_key_usage().await?.into_iter().map(|u| (u.master_id, u.count)).collect();
    for (id, n) in store.totp_secret_ids().await? {
        match out.iter_mut().find(|(k, _)| *k == id) {
            Some(entry) => entry.1 += n,
            None => out.push((id, n)),
        }
    }
    Ok(out)
}
