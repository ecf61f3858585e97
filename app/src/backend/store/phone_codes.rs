//! The live confirmation code of each person's phone number (`services::phone_confirmation`).

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct LiveCode {
    pub phone: String,
    pub code_hash: String,
}

/// Makes `code_hash` the person's only code.
pub async fn replace(
    conn: &mut AnyConnection,
    user_id: i64,
    phone: &str,
    code_hash: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM phone_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO phone_codes (user_id, phone, code_hash, expires_at, attempts)
         VALUES ($1, $2, $3, $4, 0)",
    )
    .bind(user_id)
    .bind(phone)
    .bind(code_hash)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The person's code, if it has not run out nor been tried `tries` times.
pub async fn live(
    conn: &mut AnyConnection,
    user_id: i64,
    now: i64,
    tries: i64,
) -> Result<Option<LiveCode>, sqlx::Error> {
    sqlx::query_as(
        "SELECT phone, code_hash FROM phone_codes
         WHERE user_id = $1 AND expires_at > $2 AND attempts < $3",
    )
    .bind(user_id)
    .bind(now)
    .bind(tries)
    .fetch_optional(conn)
    .await
}

pub async fn count_try(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE phone_codes SET attempts = attempts + 1 WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Removes the code `code_hash`; `false` when it was gone already.
pub async fn take(
    conn: &mut AnyConnection,
    user_id: i64,
    code_hash: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM phone_codes WHERE user_id = $1 AND code_hash = $2")
        .bind(user_id)
        .bind(code_hash)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}
