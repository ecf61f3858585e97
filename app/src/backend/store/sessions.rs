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
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(token))
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The active user of a live session.
pub async fn user(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.email, u.name, u.phone, u.role, u.password_hash, u.active
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash(token))
    .bind(now)
    .fetch_optional(conn)
    .await
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
