//! Where attachment bytes live. One interface with a local-directory implementation now; an
//! S3-compatible one joins it as another variant when several instances must share files.
//! Keys are generated here, never taken from a user, so they cannot escape the directory.

use rand::RngCore;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum FileStore {
    Local { root: PathBuf },
}

impl FileStore {
    pub fn local(root: PathBuf) -> Self {
        FileStore::Local { root }
    }

    /// A fresh key under the given year and month, e.g. `2026/11/3f9c…`.
    pub fn new_key(year: i32, month: u32) -> String {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        format!("{year:04}/{month:02}/{}", hex::encode(bytes))
    }

    pub async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            FileStore::Local { root } => {
                let path = root.join(key);
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                // Write aside and rename, so a crash never leaves half a file under the key.
                let tmp = path.with_extension("part");
                tokio::fs::write(&tmp, bytes).await?;
                tokio::fs::rename(&tmp, &path).await
            }
        }
    }

    /// Stores a finished file written elsewhere (an export), moving it in without reading it
    /// into memory.
    pub async fn put_file(&self, key: &str, from: &std::path::Path) -> std::io::Result<()> {
        match self {
            FileStore::Local { root } => {
                let path = root.join(key);
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                if tokio::fs::rename(from, &path).await.is_err() {
                    // Another file system: copy aside, then rename into place.
                    let tmp = path.with_extension("part");
                    tokio::fs::copy(from, &tmp).await?;
                    tokio::fs::rename(&tmp, &path).await?;
                    tokio::fs::remove_file(from).await?;
                }
                Ok(())
            }
        }
    }

    /// A stored file opened for streaming, with its length.
    pub async fn open(&self, key: &str) -> std::io::Result<(tokio::fs::File, u64)> {
        match self {
            FileStore::Local { root } => {
                let file = tokio::fs::File::open(root.join(key)).await?;
                let len = file.metadata().await?.len();
                Ok((file, len))
            }
        }
    }

    pub async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        match self {
            FileStore::Local { root } => tokio::fs::read(root.join(key)).await,
        }
    }

    pub async fn delete(&self, key: &str) -> std::io::Result<()> {
        match self {
            FileStore::Local { root } => match tokio::fs::remove_file(root.join(key)).await {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            },
        }
    }
}
