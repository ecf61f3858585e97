//! Administrators' versions of message templates (issue 5), and their choice of channels per
//! event and role. A missing template row means the default in `backend::notify::templates`; a
//! missing channel row means each person's own choice.

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

/// The channels administrators set for `event`'s message to people of `role`, if they did.
pub async fn channel_rule(
    conn: &mut AnyConnection,
    event: &str,
    role: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT channel FROM notification_channels WHERE event = $1 AND role = $2")
        .bind(event)
        .bind(role)
        .fetch_optional(conn)
        .await
}

/// Every rule set, as (event, role, channel).
pub async fn channel_rules(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT event, role, channel FROM notification_channels ORDER BY event, role")
        .fetch_all(conn)
        .await
}

/// Sets the rule for `event` and `role`; `None` removes it (each person's own choice again).
pub async fn set_channel_rule(
    conn: &mut AnyConnection,
    event: &str,
    role: &str,
    channel: Option<&str>,
    by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    match channel {
        Some(channel) => sqlx::query(
            "INSERT INTO notification_channels (event, role, channel, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event, role) DO UPDATE SET \
             channel = excluded.channel, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(event)
        .bind(role)
        .bind(channel)
        .bind(by)
        .bind(at)
        .execute(conn)
        .await
        .map(|_| ()),
        None => sqlx::query("DELETE FROM notification_channels WHERE event = $1 AND role = $2")
            .bind(event)
            .bind(role)
            .execute(conn)
            .await
            .map(|_| ()),
    }
}
