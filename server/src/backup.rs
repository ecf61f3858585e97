//! `tramita backup --to FILE` and `tramita restore --from FILE` (CONTRACTS.md, issue 15): one
//! archive (zip) holding a consistent copy of the database and every stored file, taken while the
//! server runs.
//!
//! The database is copied first and the files second. Files are written before the rows that
//! point at them and never changed afterwards, so every file a copied row names is in the copy;
//! a file newer than the database copy is harmless (an unreferenced file). SQLite is copied with
//! `VACUUM INTO` (a transaction-consistent copy that does not stop writers for long), PostgreSQL
//! with `pg_dump` (one snapshot). The archive is written under a temporary name and renamed when
//! complete, so a half-written backup never looks like a backup.
//!
//! Restore goes into an empty database and data directory only: it never overwrites data.

use app::backend::config::Config;
use app::backend::store::Store;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

const MANIFEST: &str = "tramita-backup.json";
const SQLITE_ENTRY: &str = "database.sqlite";
const POSTGRES_ENTRY: &str = "database.pgdump";
const FILES_PREFIX: &str = "files/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Database {
    Sqlite,
    Postgres,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: u32,
    database: Database,
    created_at: String,
    files: u64,
}

fn database_of(url: &str) -> Result<Database, String> {
    if url.starts_with("sqlite:") {
        Ok(Database::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Database::Postgres)
    } else {
        Err(format!(
            "DATABASE_URL must start with sqlite:// or postgres://, not {url:?}."
        ))
    }
}

/// The file of a `sqlite://` URL.
fn sqlite_path(url: &str) -> PathBuf {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    PathBuf::from(rest.split_once('?').map_or(rest, |(p, _)| p))
}

/// A scratch directory beside `target`, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn beside(target: &Path) -> Result<Scratch, String> {
        let dir = target.with_file_name(format!(
            ".{}.tramita-{}",
            target
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            std::process::id()
        ));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot write beside {}: {e}.", target.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes the archive of the database at `config.database_url` and the files under the data
/// directory to `to`.
pub async fn backup(config: &Config, store: &Store, to: &Path) -> Result<String, String> {
    let database = database_of(&config.database_url)?;
    let scratch = Scratch::beside(to)?;
    let (entry, copy) = match database {
        Database::Sqlite => {
            let copy = scratch.0.join(SQLITE_ENTRY);
            let target = copy.to_string_lossy().replace('\'', "''");
            let mut conn = store
                .pool()
                .acquire()
                .await
                .map_err(|e| format!("cannot reach the database: {e}"))?;
            sqlx::query(&format!("VACUUM INTO '{target}'"))
                .execute(&mut *conn)
                .await
                .map_err(|e| format!("cannot copy the database: {e}"))?;
            (SQLITE_ENTRY, copy)
        }
        Database::Postgres => {
            let copy = scratch.0.join(POSTGRES_ENTRY);
            let out = tokio::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg("--file")
                .arg(&copy)
                .arg(&config.database_url)
                .output()
                .await
                .map_err(|e| format!("cannot run pg_dump (PostgreSQL's client tools): {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            (POSTGRES_ENTRY, copy)
        }
    };
    let files_root = config.data_dir.join("files");
    let to = to.to_path_buf();
    let partial = scratch.0.join("backup.zip");
    let files = tokio::task::spawn_blocking({
        let partial = partial.clone();
        move || write_archive(&partial, database, entry, &copy, &files_root)
    })
    .await
    .map_err(|e| format!("the backup stopped: {e}"))??;
    std::fs::rename(&partial, &to)
        .or_else(|_| std::fs::copy(&partial, &to).map(|_| ()))
        .map_err(|e| format!("cannot write {}: {e}.", to.display()))?;
    Ok(format!(
        "Backed up the database and {files} file(s) to {}.",
        to.display()
    ))
}

fn write_archive(
    out: &Path,
    database: Database,
    entry: &str,
    copy: &Path,
    files_root: &Path,
) -> Result<u64, String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write the backup: {e}");
    let mut zip = zip::ZipWriter::new(BufWriter::new(File::create(out).map_err(|e| fail(&e))?));
    let options = SimpleFileOptions::default().large_file(true);
    zip.start_file(entry, options).map_err(|e| fail(&e))?;
    std::io::copy(
        &mut BufReader::new(File::open(copy).map_err(|e| fail(&e))?),
        &mut zip,
    )
    .map_err(|e| fail(&e))?;
    let mut count = 0;
    let mut pending = vec![files_root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue; // No files stored yet.
        };
        for item in entries {
            let path = item.map_err(|e| fail(&e))?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(files_root)
                .map_err(|e| fail(&e))?
                .to_string_lossy()
                .replace('\\', "/");
            zip.start_file(format!("{FILES_PREFIX}{relative}"), options)
                .map_err(|e| fail(&e))?;
            std::io::copy(
                &mut BufReader::new(File::open(&path).map_err(|e| fail(&e))?),
                &mut zip,
            )
            .map_err(|e| fail(&e))?;
            count += 1;
        }
    }
    let manifest = Manifest {
        format: 1,
        database,
        created_at: chrono::Utc::now().to_rfc3339(),
        files: count,
    };
    zip.start_file(MANIFEST, options).map_err(|e| fail(&e))?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest).expect("a manifest serialises"))
        .map_err(|e| fail(&e))?;
    zip.finish()
        .map_err(|e| fail(&e))?
        .flush()
        .map_err(|e| fail(&e))?;
    Ok(count)
}

/// Restores the archive `from` into the empty database at `config.database_url` and the data
/// directory's `files`. Refuses when either already holds data.
pub async fn restore(config: &Config, from: &Path) -> Result<String, String> {
    let database = database_of(&config.database_url)?;
    let from = from.to_path_buf();
    let manifest: Manifest = {
        let from = from.clone();
        tokio::task::spawn_blocking(move || -> Result<Manifest, String> {
            let mut zip = open(&from)?;
            let mut text = String::new();
            zip.by_name(MANIFEST)
                .map_err(|_| format!("{} is not a Tramita backup.", from.display()))?
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read the backup: {e}"))?;
            serde_json::from_str(&text)
                .map_err(|_| format!("{} is not a Tramita backup.", from.display()))
        })
        .await
        .map_err(|e| format!("the restore stopped: {e}"))??
    };
    if manifest.database != database {
        return Err(format!(
            "this backup is of a {:?} database; DATABASE_URL names a {:?} one.",
            manifest.database, database
        ));
    }
    let files_root = config.data_dir.join("files");
    if std::fs::read_dir(&files_root).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{} already holds files: restore into an empty data directory.",
            files_root.display()
        ));
    }
    match database {
        Database::Sqlite => {
            let path = sqlite_path(&config.database_url);
            if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
                return Err(format!(
                    "{} already exists: restore into an empty data directory.",
                    path.display()
                ));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}.", dir.display()))?;
            }
            let partial = path.with_extension("restoring");
            extract_one(&from, SQLITE_ENTRY, &partial).await?;
            std::fs::rename(&partial, &path)
                .map_err(|e| format!("cannot write {}: {e}.", path.display()))?;
        }
        Database::Postgres => {
            let store = Store::connect(&config.database_url)
                .await
                .map_err(|e| format!("cannot reach the database: {e}"))?;
            let tables: i64 = {
                let mut conn = store
                    .pool()
                    .acquire()
                    .await
                    .map_err(|e| format!("cannot reach the database: {e}"))?;
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
                )
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| format!("cannot read the database: {e}"))?
            };
            store.close().await;
            if tables > 0 {
                return Err(
                    "the database already has tables: restore into an empty database.".into(),
                );
            }
            let scratch = Scratch::beside(&files_root)?;
            let dump = scratch.0.join(POSTGRES_ENTRY);
            extract_one(&from, POSTGRES_ENTRY, &dump).await?;
            let out = tokio::process::Command::new("pg_restore")
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg("--exit-on-error")
                .arg("--dbname")
                .arg(&config.database_url)
                .arg(&dump)
                .output()
                .await
                .map_err(|e| format!("cannot run pg_restore (PostgreSQL's client tools): {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "pg_restore failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
        }
    }
    let files = tokio::task::spawn_blocking(move || extract_files(&from, &files_root))
        .await
        .map_err(|e| format!("the restore stopped: {e}"))??;
    Ok(format!(
        "Restored the database and {files} file(s) of the backup made {}.",
        manifest.created_at
    ))
}

fn open(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>, String> {
    let file = File::open(path).map_err(|e| format!("cannot open {}: {e}.", path.display()))?;
    zip::ZipArchive::new(BufReader::new(file))
        .map_err(|_| format!("{} is not a Tramita backup.", path.display()))
}

async fn extract_one(from: &Path, entry: &'static str, to: &Path) -> Result<(), String> {
    let (from, to) = (from.to_path_buf(), to.to_path_buf());
    tokio::task::spawn_blocking(move || {
        let mut zip = open(&from)?;
        let mut source = zip
            .by_name(entry)
            .map_err(|_| format!("the backup has no {entry}."))?;
        let mut out = BufWriter::new(
            File::create(&to).map_err(|e| format!("cannot write {}: {e}.", to.display()))?,
        );
        std::io::copy(&mut source, &mut out).map_err(|e| format!("cannot restore {entry}: {e}"))?;
        out.flush()
            .map_err(|e| format!("cannot restore {entry}: {e}"))
    })
    .await
    .map_err(|e| format!("the restore stopped: {e}"))?
}

fn extract_files(from: &Path, root: &Path) -> Result<u64, String> {
    let mut zip = open(from)?;
    let mut count = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("cannot read the backup: {e}"))?;
        // `enclosed_name` refuses names that would leave the directory (`../`, absolute).
        let Some(name) = entry.enclosed_name() else {
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            return Err(format!("the backup holds an unsafe name: {name}"));
        };
        let Ok(relative) = name.strip_prefix(FILES_PREFIX.trim_end_matches('/')) else {
            continue;
        };
        let path = root.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}.", dir.display()))?;
        }
        let mut out = BufWriter::new(
            File::create(&path).map_err(|e| format!("cannot write {}: {e}.", path.display()))?,
        );
        std::io::copy(&mut entry, &mut out)
            .map_err(|e| format!("cannot restore {}: {e}", path.display()))?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_file_is_read_from_its_url() {
        assert_eq!(
            sqlite_path("sqlite:///var/lib/tramita/tramita.db?mode=rwc"),
            PathBuf::from("/var/lib/tramita/tramita.db")
        );
        assert_eq!(
            sqlite_path("sqlite://data/tramita.db"),
            PathBuf::from("data/tramita.db")
        );
        assert!(database_of("mysql://x").is_err());
    }
}
