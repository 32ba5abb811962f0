//! The server's secret, and the capabilities derived from it.
//!
//! A resident's hold id and cancel token are bearer capabilities. The
//! database keeps only their SHA-256 hashes, so a copy of it (a backup, a
//! dump, a stolen disk) opens no booking. A retried request replays its
//! first answer (`Idempotency-Key`): the stored answer holds the booking
//! code instead of the capability, and the replay derives the capability
//! again as HMAC-SHA256 of the secret and the code. The secret lives
//! outside the database: `--secret-file` (every instance of a PostgreSQL
//! deployment reads the same file), by default `secret.key` beside the
//! SQLite data, created with mode 0600 on first start.

use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The server's secret (its bytes are never printed).
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Bytes a secret file must hold at least (as text).
const MIN_LEN: usize = 32;

impl Secret {
    /// A secret from bytes (tests, and callers that keep it elsewhere).
    pub fn from_bytes(bytes: &[u8]) -> Secret {
        Secret(bytes.to_vec())
    }

    /// Reads the secret file; when it is missing and `create` holds, writes
    /// a new random one (64 hex digits, mode 0600) first.
    pub fn load(path: &Path, create: bool) -> Result<Secret, String> {
        if create && !path.exists() {
            write_new(path)?;
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("secret file {}: {e}", path.display()))?;
        let text = text.trim();
        if text.len() < MIN_LEN {
            return Err(format!("secret file {}: needs at least {MIN_LEN} characters", path.display()));
        }
        Ok(Secret(text.as_bytes().to_vec()))
    }

    fn derive(&self, purpose: &str, code: &str) -> String {
        // HMAC takes a key of any length: new_from_slice cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        crate::hex(&mac.finalize().into_bytes())
    }

    /// The hold id of booking `code`.
    pub fn hold_id(&self, code: &str) -> String {
        format!("h_{}", &self.derive("ponte-hold/1", code)[..24])
    }

    /// The cancel token of booking `code`.
    pub fn cancel_token(&self, code: &str) -> String {
        self.derive("ponte-cancel/1", code)
    }
}

fn write_new(path: &Path) -> Result<(), String> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| format!("cannot create the secret file {}: {e}", path.display()))?;
    writeln!(file, "{}", crate::random_hex(32)).map_err(|e| format!("{}: {e}", path.display()))?;
    file.sync_all().map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_depend_on_the_secret_and_the_code() {
        let a = Secret::from_bytes(b"0123456789abcdef0123456789abcdef");
        let b = Secret::from_bytes(b"fedcba9876543210fedcba9876543210");
        assert_eq!(a.cancel_token("K7P2"), a.cancel_token("K7P2"));
        assert_ne!(a.cancel_token("K7P2"), a.cancel_token("K7P3"));
        assert_ne!(a.cancel_token("K7P2"), b.cancel_token("K7P2"));
        assert_ne!(a.hold_id("K7P2")[2..], a.cancel_token("K7P2")[..24]);
        assert_eq!(a.cancel_token("x").len(), 64);
        assert!(a.hold_id("x").starts_with("h_") && a.hold_id("x").len() == 26);
        assert_eq!(format!("{a:?}"), "Secret(..)");
    }

    #[test]
    fn a_new_secret_file_is_private_and_read_back() {
        let dir = std::env::temp_dir().join(format!("ponte-secret-{}", std::process::id()));
        let path = dir.join("secret.key");
        let _ = std::fs::remove_file(&path);
        assert!(Secret::load(&path, false).is_err(), "missing and not created");
        let first = Secret::load(&path, true).unwrap();
        let again = Secret::load(&path, true).unwrap();
        assert_eq!(first.cancel_token("c"), again.cancel_token("c"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "short\n").unwrap();
        assert!(Secret::load(&path, true).unwrap_err().contains("at least"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
