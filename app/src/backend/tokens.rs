//! The secret tokens of links and sessions: 256 random bits written as 64 lowercase hex
//! digits, of which only the SHA-256 is stored, so nobody who reads the database holds a token
//! that opens anything.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The hash a token is stored and looked up by.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` has the shape of ours. Anything else is not looked up at all.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_of_our_shape_are_looked_up() {
        let token = new_token();
        assert!(well_formed(&token));
        assert_ne!(new_token(), token);
        assert!(!well_formed(&"A".repeat(64)));
        assert!(!well_formed(&"a".repeat(63)));
        assert!(!well_formed("../../etc/passwd"));
        assert_eq!(hash(&token).len(), 64);
        assert_ne!(hash(&token), token);
    }
}
