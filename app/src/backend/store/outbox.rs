//! The outbox (issue 5): messages waiting to be sent, sent, or given up on.
//!
//! Claiming differs per backend and both statements sit side by side in [`claim_due`]: on
//! PostgreSQL several workers (one per instance) may ask at once, so the rows are locked with
//! `FOR UPDATE SKIP LOCKED` and each worker takes different ones; on SQLite writes are serialised,
//! so one `UPDATE ... RETURNING` is already atomic.

use super::Backend;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub case_id: Option<i64>,
    /// `email` or `sms`.
    pub channel: &'static str,
    pub recipient: String,
    pub locale: &'static str,
    pub event: &'static str,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub case_id: Option<i64>,
    pub channel: String,
    pub recipient: String,
    pub locale: String,
    pub event: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, case_id, channel, recipient, locale, event, subject, body_text, \
    body_html, status, attempts, next_attempt_at, last_error, sent_at, created_at";

pub async fn insert(conn: &mut AnyConnection, m: &NewMessage) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox_messages (case_id, channel, recipient, locale, event, subject, \
         body_text, body_html, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9) RETURNING id",
    )
    .bind(m.case_id)
    .bind(m.channel)
    .bind(&m.recipient)
    .bind(m.locale)
    .bind(m.event)
    .bind(&m.subject)
    .bind(&m.body_text)
    .bind(&m.body_html)
    .bind(m.created_at)
    .fetch_one(conn)
    .await
}

/// Takes up to `limit` pending messages that are due at `now` and not claimed by a live worker,
/// and claims them until `claim_until`.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    now: i64,
    claim_until: i64,
    limit: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    let due = "status = 'pending' AND next_attempt_at <= $2 \
               AND (claimed_until IS NULL OR claimed_until <= $2)";
    let sql = match backend {
        Backend::Postgres => format!(
            "UPDATE outbox_messages SET claimed_until = $1 WHERE id IN (\
             SELECT id FROM outbox_messages WHERE {due} ORDER BY next_attempt_at, id LIMIT $3 \
             FOR UPDATE SKIP LOCKED) AND {due} RETURNING {COLUMNS}"
        ),
        Backend::Sqlite => format!(
            "UPDATE outbox_messages SET claimed_until = $1 WHERE id IN (\
             SELECT id FROM outbox_messages WHERE {due} ORDER BY next_attempt_at, id LIMIT $3) \
             RETURNING {COLUMNS}"
        ),
    };
    let mut rows: Vec<MessageRow> = sqlx::query_as(&sql)
        .bind(claim_until)
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.sort_by_key(|r| (r.next_attempt_at, r.id));
    Ok(rows)
}

/// Records a delivery. Only a row this worker still holds is marked, so a worker whose claim ran
/// out and was taken over does not overwrite what the other one recorded.
pub async fn mark_sent(
    conn: &mut AnyConnection,
    id: i64,
    claim_until: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_messages SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
         claimed_until = NULL, last_error = NULL WHERE id = $2 AND claimed_until = $3",
    )
    .bind(at)
    .bind(id)
    .bind(claim_until)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Records a failed attempt: the message waits until `next_attempt_at`, or, with `give_up`, is
/// marked failed for good.
pub async fn mark_attempt_failed(
    conn: &mut AnyConnection,
    id: i64,
    claim_until: i64,
    error: &str,
    next_attempt_at: i64,
    give_up: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_messages SET attempts = attempts + 1, last_error = $1, \
         next_attempt_at = $2, status = $3, claimed_until = NULL \
         WHERE id = $4 AND claimed_until = $5",
    )
    .bind(error)
    .bind(next_attempt_at)
    .bind(if give_up { "failed" } else { "pending" })
    .bind(id)
    .bind(claim_until)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbox_messages WHERE case_id = $1 ORDER BY created_at, id"
    ))
    .bind(case_id)
    .fetch_all(conn)
    .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<MessageRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbox_messages WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}
