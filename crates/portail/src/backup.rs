//! `portail backup DIR` and `portail restore DIR`. A backup is a folder: `portail.db` (a
//! consistent online copy of the SQLite database, `VACUUM INTO`, taken while the server runs; on
//! PostgreSQL the guidance for `pg_dump` instead), `objects/` (the encrypted documents, copied
//! before and after the database so that every row's object is there), and the key files kept in
//! the data folder (`document.key`, `secret.key`, and `document-keys/` — the previous keys a
//! rotation keeps until they are retired: without them the documents cannot be read —
//! the backup is as secret as the data). It ends by checking that every object a row of the
//! copied database refers to is in the backup. A restore goes into an empty data folder only.

use anyhow::{Context, bail, ensure};
use std::path::{Path, PathBuf};

use crate::config::Config;

/// The key files a data folder may hold (made there when not configured).
const KEY_FILES: [&str; 2] = ["document.key", "secret.key"];

/// The folder of previous document keys (`portail keys rotate` keeps them there).
const PREVIOUS_KEYS: &str = "document-keys";

/// What a backup holds.
#[derive(Debug)]
pub struct BackupReport {
    /// The SQLite database was copied (false on PostgreSQL: use `pg_dump`).
    pub database: bool,
    pub objects: usize,
    pub keys: Vec<&'static str>,
    /// Objects a row refers to that are not in the backup (should be none).
    pub missing: Vec<String>,
}

/// The SQLite file the config names, if the database is SQLite.
pub fn sqlite_path(config: &Config) -> Option<PathBuf> {
    let url = config.database_url();
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(true)
}

/// Copies the files under `from` to `to` that are not there yet; returns how many. Files a
/// write in progress is staging (`…#n`) and the status check's probes (`probe-…`) are left out.
fn copy_new_files(from: &Path, to: &Path) -> anyhow::Result<usize> {
    let Ok(entries) = std::fs::read_dir(from) else { return Ok(0) };
    std::fs::create_dir_all(to)?;
    let mut n = 0;
    for e in entries {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type()?.is_dir() {
            n += copy_new_files(&src, &dst)?;
        } else if !skipped(&e.file_name().to_string_lossy()) && !dst.exists() {
            std::fs::copy(&src, &dst).with_context(|| format!("copying {}", src.display()))?;
            n += 1;
        }
    }
    Ok(n)
}

fn skipped(name: &str) -> bool {
    name.contains('#') || name.starts_with("probe-")
}

/// Writes a backup of the running (or stopped) service into `dest`, which must be empty.
pub async fn backup(config: &Config, dest: &Path) -> anyhow::Result<BackupReport> {
    ensure!(
        is_empty_dir(dest),
        "{} is not empty: back up into a new or empty folder; nothing was written",
        dest.display()
    );
    std::fs::create_dir_all(dest).with_context(|| format!("creating {}", dest.display()))?;
    let objects = config.data_dir.join("objects");
    let mut copied = copy_new_files(&objects, &dest.join("objects"))?;
    let store = crate::server::open_store(config).await?;
    let database = store.copy_sqlite_into(&dest.join("portail.db")).await?;
    copied += copy_new_files(&objects, &dest.join("objects"))?;
    let mut keys = vec![];
    for (file, configured) in KEY_FILES.iter().zip([config.document_key.is_some(), config.secret_key.is_some()]) {
        let src = config.data_dir.join(file);
        if !configured && src.exists() {
            std::fs::copy(&src, dest.join(file))?;
            keys.push(*file);
        }
    }
    if copy_new_files(&config.data_dir.join(PREVIOUS_KEYS), &dest.join(PREVIOUS_KEYS))? > 0 {
        keys.push(PREVIOUS_KEYS);
    }
    // The rows of the copy (SQLite) or of the live database (PostgreSQL) against the objects.
    let rows = if database {
        let copy = portail_store::Store::connect(&format!("sqlite:{}", dest.join("portail.db").display())).await?;
        let rows = copy.referenced_objects().await?;
        copy.close().await;
        rows
    } else {
        store.referenced_objects().await?
    };
    store.close().await;
    let missing = rows.into_iter().filter(|k| !dest.join("objects").join(k).exists()).collect();
    Ok(BackupReport { database, objects: copied, keys, missing })
}

/// Restores the backup in `src` into the data folder of `config`, which must be empty; returns
/// how many objects were restored. On PostgreSQL the database itself is restored with
/// `pg_restore` (the objects and keys are restored here).
pub async fn restore(config: &Config, src: &Path) -> anyhow::Result<usize> {
    let data = &config.data_dir;
    if !is_empty_dir(data) {
        bail!("{} is not empty: restore only into an empty data folder; nothing was changed", data.display());
    }
    ensure!(src.join("objects").is_dir() || src.join("portail.db").exists(), "{} holds no backup", src.display());
    let db_file = sqlite_path(config);
    if let Some(target) = &db_file {
        ensure!(src.join("portail.db").exists(), "{} holds no SQLite database (portail.db)", src.display());
        ensure!(!target.exists(), "{} exists already: nothing was changed", target.display());
    }
    std::fs::create_dir_all(data)?;
    let objects = copy_new_files(&src.join("objects"), &data.join("objects"))?;
    for file in KEY_FILES {
        if src.join(file).exists() {
            std::fs::copy(src.join(file), data.join(file))?;
        }
    }
    copy_new_files(&src.join(PREVIOUS_KEYS), &data.join(PREVIOUS_KEYS))?;
    if let Some(target) = &db_file {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(src.join("portail.db"), target)?;
        let store = crate::server::open_store(config).await?;
        let check = store.integrity_check().await?;
        store.close().await;
        ensure!(check == "ok", "the restored database fails its integrity check: {check}");
    }
    Ok(objects)
}
