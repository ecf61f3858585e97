//! Links from cases to business objects.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub kind: String,
    pub external_id: String,
    pub url: Option<String>,
}

pub struct NewLink<'a> {
    pub case_id: i64,
    pub kind: &'a str,
    pub external_id: &'a str,
    pub url: Option<&'a str>,
    pub created_by: i64,
    pub created_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, l: NewLink<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO case_links (case_id, kind, external_id, url, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(l.case_id)
    .bind(l.kind)
    .bind(l.external_id)
    .bind(l.url)
    .bind(l.created_by)
    .bind(l.created_at)
    .fetch_one(conn)
    .await
}

pub async fn of_case(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, external_id, url FROM case_links WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await
}
