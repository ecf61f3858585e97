//! Administrators' versions of message templates (issue 5). A missing row means the default in
//! `backend::notify::templates`.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct TemplateRow {
    pub event: String,
    pub locale: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub updated_at: i64,
}

const COLUMNS: &str = "event, locale, subject, body_text, body_html, updated_at";

pub async fn get(
    conn: &mut AnyConnection,
    event: &str,
    locale: &str,
) -> Result<Option<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM message_templates WHERE event = $1 AND locale = $2"
    ))
    .bind(event)
    .bind(locale)
    .fetch_optional(conn)
    .await
}

pub async fn all(conn: &mut AnyConnection) -> Result<Vec<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM message_templates ORDER BY event, locale"
    ))
    .fetch_all(conn)
    .await
}

/// Writes the administrator's version, replacing the one before; returns its row id.
pub async fn put(conn: &mut AnyConnection, row: &TemplateRow, by: i64) -> Result<i64, sqlx::Error> {
    // `ON CONFLICT ... DO UPDATE` reads the same on SQLite (3.24+) and PostgreSQL.
    sqlx::query_scalar(
        "INSERT INTO message_templates (event, locale, subject, body_text, body_html, \
         updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (event, locale) DO UPDATE SET subject = excluded.subject, \
         body_text = excluded.body_text, body_html = excluded.body_html, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at RETURNING id",
    )
    .bind(&row.event)
    .bind(&row.locale)
    .bind(&row.subject)
    .bind(&row.body_text)
    .bind(&row.body_html)
    .bind(by)
    .bind(row.updated_at)
    .fetch_one(conn)
    .await
}

/// Removes the administrator's version; its row id when there was one.
pub async fn delete(
    conn: &mut AnyConnection,
    event: &str,
    locale: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "DELETE FROM message_templates WHERE event = $1 AND locale = $2 RETURNING id",
    )
    .bind(event)
    .bind(locale)
    .fetch_optional(conn)
    .await
}
