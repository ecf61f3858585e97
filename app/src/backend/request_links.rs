//! The outsiders' links of information requests (SPEC D2): `/r/{token}`, where the token is 256
//! random bits written as hex. Only its SHA-256 is stored (`info_request_links`), and it is made
//! when the mail carrying it is sent ([`issue`], from `notify::sender`), so neither the database
//! nor the outbox ever holds a token that opens anything. A request may have several live
//! tokens: one per mail sent for it (the first, a reminder, a returned answer's question).

use super::store::{info_requests as store, Store};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The hash a token is stored and looked up by.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` has the shape of ours: 64 lowercase hex digits. Anything else is not looked
/// up at all.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Makes a new token for `request_id` and keeps its hash, in a transaction of its own that is
/// committed before the mail goes out: a link in a delivered mail always works, and a mail that
/// fails to go leaves only a hash nobody holds the token of.
pub async fn issue(store: &Store, request_id: i64, now: i64) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let mut conn = store.pool().acquire().await?;
    store::insert_link(&mut conn, request_id, &hash(&token), now).await?;
    Ok(token)
}

/// The request a token opens, if it is one of ours.
pub async fn request_of(store: &Store, token: &str) -> Result<Option<i64>, sqlx::Error> {
    if !well_formed(token) {
        return Ok(None);
    }
    let mut conn = store.pool().acquire().await?;
    store::request_of_link(&mut conn, &hash(token)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_of_our_shape_are_looked_up() {
        let token = "a".repeat(64);
        assert!(well_formed(&token));
        assert!(!well_formed(&"A".repeat(64)));
        assert!(!well_formed(&"a".repeat(63)));
        assert!(!well_formed("../../etc/passwd"));
        assert_eq!(hash(&token).len(), 64);
        assert_ne!(hash(&token), token);
    }
}
