//! The live confirmation code of each person's phone number (`services::phone_confirmation`).

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct LiveCode {
    pub phone: String,
    pub code_hash: String,
}

/// Makes `code_hash` the person's only code, with its tries back to none.
pub async fn replace(
    conn: &mut AnyConnection,
    user_id: i64,
    phone: &str,
    code_hash: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO phone_codes (user_id, phone, code_hash, expires_at, attempts)
         VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone,
             code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0",
    )
    .bind(user_id)
    .bind(phone)
    .bind(code_hash)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Spends one try of the person's live code (not run out, fewer than `tries` spent) and returns
/// it; `None` when there is none. The statement that reads the code counts the try, so guesses
/// sent at once cannot pass the limit.
pub async fn try_live(
    conn: &mut AnyConnection,
    user_id: i64,
    now: i64,
    tries: i64,
) -> Result<Option<LiveCode>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE phone_codes SET attempts = attempts + 1
         WHERE user_id = $1 AND expires_at > $2 AND attempts < $3
         RETURNING phone, code_hash",
    )
    .bind(user_id)
    .bind(now)
    .bind(tries)
    .fetch_optional(conn)
    .await
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
