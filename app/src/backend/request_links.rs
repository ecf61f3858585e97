//! The outsiders' links of information requests (SPEC D2): `/r/{token}`, where the token is 256
//! random bits written as hex. Only its SHA-256 is stored (`info_request_links`), and it is made
//! when the mail carrying it is sent ([`issue`], from `notify::sender`), so neither the database
//! nor the outbox ever holds a token that opens anything. A request may have several live
//! tokens: one per mail sent for it (the first, a reminder, a returned answer's question).

use super::store::{info_requests as store, Store};
pub use super::tokens::{hash, well_formed};

/// Makes a new token for `request_id` and keeps its hash, in a transaction of its own that is
/// committed before the mail goes out: a link in a delivered mail always works, and a mail that
/// fails to go leaves only a hash nobody holds the token of.
pub async fn issue(store: &Store, request_id: i64, now: i64) -> Result<String, sqlx::Error> {
    let token = super::tokens::new_token();
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
