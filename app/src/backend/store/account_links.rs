//! The mailed links of accounts (issue 15): confirming an address, setting a new password.
//! Only a token's SHA-256 is stored; a link is used once and runs out (`backend::account_links`).

use sqlx::AnyConnection;

pub async fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    created_at: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO account_links (user_id, purpose, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(token_hash)
    .bind(created_at)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The account a live (unused, unexpired) link of `purpose` opens.
pub async fn live_user(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM account_links
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Uses up the live link `token_hash` of the account, and with it every other live link of
/// `purpose` of the account: one followed link ends those mailed before it. `false` when that
/// link was used already (another request came first) or has run out.
pub async fn use_up(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let this = sqlx::query(
        "UPDATE account_links SET used_at = $1
         WHERE token_hash = $2 AND user_id = $3 AND purpose = $4 AND used_at IS NULL
             AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose)
    .execute(&mut *conn)
    .await?;
    if this.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE account_links SET used_at = $1
         WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user_id)
    .bind(purpose)
    .execute(conn)
    .await?;
    Ok(true)
}
