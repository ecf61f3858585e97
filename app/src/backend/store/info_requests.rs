//! Information requests (SPEC D1-D3): threads, their messages, what they share of the case and
//! the hashes of outsiders' links. Rows only; the rules are in `domain::info_requests` and
//! `services::info_requests`.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub case_subject: String,
    pub case_customer_id: i64,
    pub asked_by: i64,
    pub asked_by_name: String,
    pub asked_by_email: String,
    pub recipient_id: Option<i64>,
    pub recipient_email: Option<String>,
    pub recipient_name: String,
    pub locale: String,
    pub subject: String,
    pub share_summary: i64,
    pub state: String,
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT r.id, r.case_id, c.number AS case_number, c.subject AS case_subject,
        c.customer_id AS case_customer_id, r.asked_by, a.name AS asked_by_name, a.email AS asked_by_email, r.recipient_id,
        r.recipient_email, r.recipient_name, r.locale, r.subject, r.share_summary, r.state,
        r.expires_at, r.created_at, r.updated_at
    FROM info_requests r JOIN cases c ON c.id = r.case_id JOIN users a ON a.id = r.asked_by";

pub struct NewRequest<'a> {
    pub case_id: i64,
    pub asked_by: i64,
    pub recipient_id: Option<i64>,
    pub recipient_email: Option<&'a str>,
    pub recipient_name: &'a str,
    pub locale: &'a str,
    pub subject: &'a str,
    pub share_summary: bool,
    pub state: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

pub async fn insert(conn: &mut AnyConnection, r: NewRequest<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO info_requests (case_id, asked_by, recipient_id, recipient_email,
            recipient_name, locale, subject, share_summary, state, expires_at, created_at,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(r.case_id)
    .bind(r.asked_by)
    .bind(r.recipient_id)
    .bind(r.recipient_email)
    .bind(r.recipient_name)
    .bind(r.locale)
    .bind(r.subject)
    .bind(i64::from(r.share_summary))
    .bind(r.state)
    .bind(r.expires_at)
    .bind(r.now)
    .fetch_one(conn)
    .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.case_id = $1 ORDER BY r.id"))
        .bind(case_id)
        .fetch_all(conn)
        .await
}

/// Requests to `recipient_id` in `state`, oldest first: what waits for their answer.
pub async fn to_recipient(
    conn: &mut AnyConnection,
    recipient_id: i64,
    state: &str,
    limit: i64,
) -> Result<Vec<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.recipient_id = $1 AND r.state = $2 ORDER BY r.expires_at, r.id LIMIT $3"
    ))
    .bind(recipient_id)
    .bind(state)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Requests `asked_by` sent that are in `state`, oldest first: answers waiting for acceptance.
pub async fn from_asker(
    conn: &mut AnyConnection,
    asked_by: i64,
    state: &str,
    limit: i64,
) -> Result<Vec<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.asked_by = $1 AND r.state = $2 ORDER BY r.updated_at, r.id LIMIT $3"
    ))
    .bind(asked_by)
    .bind(state)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Moves a thread from `from` to `to`, and sets a new expiry when given; false when it was not
/// in `from` any more (someone took a step in between).
pub async fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    from: &str,
    to: &str,
    expires_at: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE info_requests SET state = $1, updated_at = $2,
            expires_at = COALESCE($3, expires_at)
         WHERE id = $4 AND state = $5",
    )
    .bind(to)
    .bind(now)
    .bind(expires_at)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub at: i64,
}

pub async fn insert_message(
    conn: &mut AnyConnection,
    request_id: i64,
    kind: &str,
    author_id: Option<i64>,
    author_name: &str,
    body: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO info_request_messages (request_id, kind, author_id, author_name, body, at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(request_id)
    .bind(kind)
    .bind(author_id)
    .bind(author_name)
    .bind(body)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// The messages of a request, in the order they were written.
pub async fn messages(
    conn: &mut AnyConnection,
    request_id: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, request_id, kind, author_id, author_name, body, at
         FROM info_request_messages WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await
}

/// The files sent with a request's messages: (message id, attachment id).
pub async fn message_files(
    conn: &mut AnyConnection,
    request_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.info_message_id, a.id FROM attachments a
            JOIN info_request_messages m ON m.id = a.info_message_id
         WHERE m.request_id = $1 ORDER BY a.id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await
}

/// Shares a file or a timeline entry of the case with the request's recipient.
pub async fn insert_share(
    conn: &mut AnyConnection,
    request_id: i64,
    attachment_id: Option<i64>,
    audit_seq: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO info_request_shares (request_id, attachment_id, audit_seq)
         VALUES ($1, $2, $3)",
    )
    .bind(request_id)
    .bind(attachment_id)
    .bind(audit_seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a request shares besides the summary: (files, timeline entries).
pub async fn shares(
    conn: &mut AnyConnection,
    request_id: i64,
) -> Result<(Vec<i64>, Vec<i64>), sqlx::Error> {
    let rows: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT attachment_id, audit_seq FROM info_request_shares WHERE request_id = $1",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await?;
    Ok((
        rows.iter().filter_map(|(a, _)| *a).collect(),
        rows.iter().filter_map(|(_, s)| *s).collect(),
    ))
}

/// Requests sent to the case's customer still waiting for their answer.
pub async fn waiting_for_customer(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM info_requests r JOIN cases c ON c.id = r.case_id
         WHERE r.case_id = $1 AND r.recipient_id = c.customer_id AND r.state = 'waiting'",
    )
    .bind(case_id)
    .fetch_one(conn)
    .await
}

/// Keeps the hash of a link's token.
pub async fn insert_link(
    conn: &mut AnyConnection,
    request_id: i64,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO info_request_links (request_id, token_hash, created_at) VALUES ($1, $2, $3)",
    )
    .bind(request_id)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The request a link's token hash opens.
pub async fn request_of_link(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT request_id FROM info_request_links WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await
}
