//! The key of the audit trail (issue 15). Every event of the trail and its head are sealed with
//! HMAC-SHA-256 under this key, which is kept outside the database: someone who can write to the
//! database but does not hold the key cannot rewrite an event, drop the newest ones or reset the
//! head without `tramita audit verify` seeing it.
//!
//! The key comes from `TRAMITA_AUDIT_KEY` (64 hex digits) or from the file `audit.key` in the
//! data folder, made with a new random key the first time the server starts. It is installed
//! once per process ([`install`]); every instance and every command on one database must use
//! the same key.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;
use std::sync::OnceLock;

/// 256 secret bits.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    // The key stays out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

impl AuditKey {
    pub fn from_hex(text: &str) -> Result<AuditKey, String> {
        let bytes =
            hex::decode(text.trim()).map_err(|_| "the audit key is not hexadecimal".to_string())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the audit key must be 64 hexadecimal digits (256 bits)".to_string())?;
        Ok(AuditKey(bytes))
    }

    fn random() -> AuditKey {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        AuditKey(bytes)
    }

    /// The seal of `message`, as hex.
    pub fn seal(&self, message: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The file a data folder keeps its key in.
pub fn key_file(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("audit.key")
}

/// The installation's key: `TRAMITA_AUDIT_KEY` when set, else the data folder's key file,
/// created (readable by its owner only) when there is none.
pub fn load(from_env: Option<&str>, data_dir: &Path) -> Result<AuditKey, String> {
    if let Some(text) = from_env.filter(|t| !t.trim().is_empty()) {
        return AuditKey::from_hex(text);
    }
    let path = key_file(data_dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => AuditKey::from_hex(&text).map_err(|e| format!("{e} (in {})", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = AuditKey::random();
            write_new(&path, &hex::encode(key.0))
                .map_err(|e| format!("cannot write the audit key {}: {e}", path.display()))?;
            tracing::warn!(file = %path.display(), "audit trail: a new key was made; keep a copy of it apart from the database");
            Ok(key)
        }
        Err(e) => Err(format!("cannot read the audit key {}: {e}", path.display())),
    }
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

static KEY: OnceLock<AuditKey> = OnceLock::new();

/// Makes `key` the process's audit key. A second call with another key is refused: one process
/// never writes two trails under different keys.
pub fn install(key: AuditKey) -> Result<(), String> {
    let installed = KEY.get_or_init(|| key.clone());
    if *installed == key {
        Ok(())
    } else {
        Err("another audit key is installed in this process".into())
    }
}

/// The process's audit key, once [`install`]ed.
pub fn current() -> Option<&'static AuditKey> {
    KEY.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_read_back_and_a_bad_one_is_refused() {
        let dir = std::env::temp_dir().join(format!("tramita_key_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let made = load(None, &dir).unwrap();
        assert_eq!(load(None, &dir).unwrap(), made);
        assert_eq!(
            load(Some(&"ab".repeat(32)), &dir).unwrap(),
            AuditKey::from_hex(&"ab".repeat(32)).unwrap()
        );
        assert!(AuditKey::from_hex("abc").is_err());
        assert_ne!(
            made.seal(b"x"),
            AuditKey::from_hex(&"ab".repeat(32)).unwrap().seal(b"x")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
