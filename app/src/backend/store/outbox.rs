//! The outbox (issue 5): messages waiting to be sent, sent, or given up on, with how their
//! delivery went. Sending them is work of the jobs queue (`store::jobs`, one `send_message` job
//! per message), which claims, retries and gives up; this table is what a case page lists.

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
    /// For a mail to an information request's outsider: the request whose link is made and
    /// put in (in place of [`LINK_TOKEN_SLOT`]) when the mail is sent.
    pub info_request_id: Option<i64>,
    /// A file of the case sent with an e-mail (a decision letter).
    pub attachment_id: Option<i64>,
    /// For a mail with an account's link (confirming the address, a new password): the account
    /// whose link is made and put in (in place of [`LINK_TOKEN_SLOT`]) when the mail is sent.
    pub account_user_id: Option<i64>,
}

/// Where an outsider's link token goes in a queued mail. The token itself is never stored: it
/// is made when the mail is sent, and only its hash kept (`info_request_links`).
pub const LINK_TOKEN_SLOT: &str = "{token}";

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
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
    pub info_request_id: Option<i64>,
    pub attachment_id: Option<i64>,
    pub account_user_id: Option<i64>,
}

const COLUMNS: &str = "id, case_id, channel, recipient, locale, event, subject, body_text, \
    body_html, status, attempts, last_error, sent_at, created_at, info_request_id, attachment_id, \
    account_user_id";

pub async fn insert(conn: &mut AnyConnection, m: &NewMessage) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox_messages (case_id, channel, recipient, locale, event, subject, \
         body_text, body_html, status, attempts, created_at, info_request_id, attachment_id, \
         account_user_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $10, $11, $12) RETURNING id",
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
    .bind(m.info_request_id)
    .bind(m.attachment_id)
    .bind(m.account_user_id)
    .fetch_one(conn)
    .await
}

/// Records a delivery, in the transaction that finishes the message's job on the condition
/// that the worker still holds it: a worker whose claim ran out writes nothing.
pub async fn mark_sent(conn: &mut AnyConnection, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_messages SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
         last_error = NULL WHERE id = $2",
    )
    .bind(at)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Records a failed attempt: the message stays pending for its job's next run, or, with
/// `give_up`, is marked failed for good. Written with the job's failure, under the same claim.
pub async fn mark_attempt_failed(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    give_up: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_messages SET attempts = attempts + 1, last_error = $1, status = $2 \
         WHERE id = $3",
    )
    .bind(error)
    .bind(if give_up { "failed" } else { "pending" })
    .bind(id)
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
