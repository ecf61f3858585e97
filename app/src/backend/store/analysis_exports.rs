//! Exports of the history grid (SPEC J3) and where each stands on the background queue.

use crate::domain::analysis::{ExportFormat, ExportState};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub owner_id: i64,
    pub format: String,
    /// What was asked, as JSON.
    pub spec: String,
    pub state: String,
    pub total: Option<i64>,
    pub written: i64,
    pub file_key: Option<String>,
    pub error: Option<String>,
    pub created_at: i64,
}

pub async fn insert(
    conn: &mut AnyConnection,
    owner_id: i64,
    format: ExportFormat,
    spec: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO analysis_exports (owner_id, format, spec, state, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(owner_id)
    .bind(format.code())
    .bind(spec)
    .bind(ExportState::Queued.code())
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<ExportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, owner_id, format, spec, state, total, written, file_key, error, created_at \
         FROM analysis_exports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The export has started: `total` rows to write.
pub async fn started(conn: &mut AnyConnection, id: i64, total: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE analysis_exports SET state = $1, written = 0, total = $2 WHERE id = $3")
        .bind(ExportState::Running.code())
        .bind(total)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn progressed(
    conn: &mut AnyConnection,
    id: i64,
    written: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE analysis_exports SET written = $1 WHERE id = $2")
        .bind(written)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn done(
    conn: &mut AnyConnection,
    id: i64,
    file_key: &str,
    written: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE analysis_exports SET state = $1, file_key = $2, finished_at = $3, written = $4 WHERE id = $5",
    )
    .bind(ExportState::Done.code())
    .bind(file_key)
    .bind(now)
    .bind(written)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn failed(conn: &mut AnyConnection, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE analysis_exports SET state = $1, error = $2 WHERE id = $3")
        .bind(ExportState::Failed.code())
        .bind(error)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}
