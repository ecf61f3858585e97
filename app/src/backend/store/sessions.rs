//! Login sessions, kept in the database so that several server instances share them. The
//! cookie holds a random token; the table holds only its SHA-256, so a copy of the table does not
//! let anyone log in.

use super::users::UserRow;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub async fn insert(
    conn: &mut AnyConnection,
    token: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)")
        .bind(token_hash(token))
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The active user of a live session: not past its absolute end, used since `idle_since`.
pub async fn user(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.email, u.name, u.phone, u.role, u.password_hash, u.active, u.email_verified_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active = 1",
    )
    .bind(token_hash(token))
    .bind(now)
    .bind(idle_since)
    .fetch_optional(conn)
    .await
}

/// Records that the session was used now, when it was last recorded before `unless_since`:
/// one write every few minutes per session, not one per request.
pub async fn touch(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
    unless_since: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $3")
        .bind(now)
        .bind(token_hash(token))
        .bind(unless_since)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_user_agent(
    conn: &mut AnyConnection,
    token: &str,
    user_agent: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET user_agent = $1 WHERE token_hash = $2")
        .bind(user_agent)
        .bind(token_hash(token))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A session as its owner sees it in their list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: Option<String>,
}

/// A person's live sessions, the most recently used first.
pub async fn of_user(
    conn: &mut AnyConnection,
    user_id: i64,
    now: i64,
    idle_since: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT token_hash, created_at, last_seen_at, user_agent FROM sessions
         WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3
         ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(idle_since)
    .fetch_all(conn)
    .await
}

/// Ends every session of a person but the one with `keep` (none: all of them). Returns how many
/// ended.
pub async fn end_all(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.map(token_hash).unwrap_or_default())
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

pub async fn delete(conn: &mut AnyConnection, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected())
}
